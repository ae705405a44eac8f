/**
 * The success page Stripe returns to after the main offer is paid. It shows the
 * one-time offer: "accept" charges the saved card with one click (the token is
 * fetched only then, as the guide asks); "no thanks" goes straight to the
 * thank-you page. It is also where the bank's challenge page returns.
 */
import { createAuthenticator, type UpsellOutcome } from "../../client/authenticate-upsell.js";
import { createOneClickOffer, type OneClickOffer } from "../../client/one-click-offer.js";
import { UpsellApiError } from "../../client/upsell-api-error.js";
import { createUpsellClient } from "../../client/upsell-client.js";
import type { StorefrontConfig } from "../storefront-config.js";
import {
  customerMessageFor,
  element,
  fillText,
  formatOfferPrice,
  loadStorefrontConfig,
  showMessage,
} from "./page-kit.js";

async function showOneTimeOffer(): Promise<void> {
  const config = await loadStorefrontConfig();
  fillOffers(config);

  const message = element("[data-message]");
  const accept = element<HTMLButtonElement>("[data-accept]");
  const decline = element<HTMLButtonElement>("[data-decline]");
  const sessionId = new URLSearchParams(window.location.search).get("session_id");
  if (!sessionId) {
    accept.disabled = true;
    showMessage(message, { tone: "error", text: "No order was found in this link." });
    return;
  }

  const offer = createOneClickOffer({
    client: createUpsellClient({ apiBaseUrl: config.apiBaseUrl, mode: config.mode }),
    sessionId,
    priceId: config.oneTimeOffer.priceId,
    button: accept,
    authenticate: createAuthenticator({
      host: config.paymentHost,
      returnUrl: `${window.location.origin}/success?session_id=${encodeURIComponent(sessionId)}`,
    }),
  });

  accept.addEventListener("click", async () => {
    decline.disabled = true;
    showMessage(message, { tone: "info", text: "Adding the offer to your order…" });
    try {
      const outcome = await offer.accept();
      if (outcome.status === "redirecting") {
        showMessage(message, { tone: "info", text: "Your bank wants to confirm it is you…" });
        return;
      }
      goToThankYou({ sessionId, outcome });
    } catch (error) {
      decline.disabled = false;
      showMessage(message, { tone: "error", text: customerMessageFor(error) });
      if (isFinal(error)) closeOffer({ accept, decline });
    }
  });
  decline.addEventListener("click", () => goToThankYou({ sessionId, outcome: undefined }));
  // The buttons are disabled in the HTML until these listeners exist, so an
  // early click is never lost; the offer enables "accept" once the page knows
  // whether it is a return from the bank's challenge.
  decline.disabled = false;

  const returned = await resumeAfterChallenge({ offer, message, accept, decline });
  if (returned) goToThankYou({ sessionId, outcome: returned });
}

/** An error that another click cannot change (a decline, an expired token...). */
function isFinal(error: unknown): boolean {
  return error instanceof UpsellApiError && !error.retryable;
}

/** After a final error the offer is over: only "continue" is left. */
function closeOffer(buttons: { accept: HTMLButtonElement; decline: HTMLButtonElement }): void {
  buttons.accept.disabled = true;
  buttons.decline.textContent = "Continue to my order";
}

function fillOffers(config: StorefrontConfig): void {
  fillText("[data-main-name]", config.mainOffer.name);
  fillText("[data-main-price]", formatOfferPrice(config.mainOffer));
  fillText("[data-oto-name]", config.oneTimeOffer.name);
  fillText("[data-oto-description]", config.oneTimeOffer.description);
  fillText("[data-oto-price]", formatOfferPrice(config.oneTimeOffer));
}

/** On a return from the bank's challenge: the final outcome, as the API reports it. */
async function resumeAfterChallenge(args: {
  offer: OneClickOffer;
  message: HTMLElement;
  accept: HTMLButtonElement;
  decline: HTMLButtonElement;
}): Promise<UpsellOutcome | undefined> {
  try {
    return await args.offer.resume(window.location.href);
  } catch (error) {
    showMessage(args.message, { tone: "error", text: customerMessageFor(error) });
    if (isFinal(error)) closeOffer(args);
    return undefined;
  }
}

function goToThankYou(args: { sessionId: string; outcome: UpsellOutcome | undefined }): void {
  const url = new URL("/thank-you", window.location.origin);
  url.searchParams.set("session_id", args.sessionId);
  if (args.outcome) {
    url.searchParams.set("upsell_payment_intent", args.outcome.paymentIntentId);
    url.searchParams.set("upsell_status", args.outcome.status);
  }
  window.location.assign(url.toString());
}

showOneTimeOffer().catch((error: unknown) => {
  showMessage(element("[data-message]"), { tone: "error", text: customerMessageFor(error) });
});
