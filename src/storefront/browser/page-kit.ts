/**
 * What every demo page shares: reading `/storefront-config.json`, showing money,
 * the mode badge, the test cards and a status message, and the sentence a
 * customer sees for each error code.
 */
import { UpsellApiError } from "../../client/upsell-api-error.js";
import type { OfferDisplay, StorefrontConfig, TestCard } from "../storefront-config.js";

/** Fetches the storefront's public configuration and marks the mode on the page. */
export async function loadStorefrontConfig(): Promise<StorefrontConfig> {
  const response = await fetch("/storefront-config.json", {
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`The storefront configuration answered ${response.status}.`);
  const config = (await response.json()) as StorefrontConfig;

  const badge = document.querySelector("[data-mode-badge]");
  if (badge) {
    const host = config.paymentHost.kind === "sandbox" ? "offline sandbox" : "Stripe";
    badge.textContent = `${config.mode} mode · ${host}`;
  }
  renderTestCards(config.testCards);
  return config;
}

/** The element for a selector; a page that lacks it is a bug in the page. */
export function element<T extends HTMLElement = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`The page has no ${selector}.`);
  return found;
}

/** Writes text into every element matching the selector (there may be none). */
export function fillText(selector: string, text: string): void {
  for (const node of document.querySelectorAll(selector)) node.textContent = text;
}

/** An offer's price as a customer reads it, e.g. `$49.00`; empty when unknown. */
export function formatOfferPrice(offer: OfferDisplay): string {
  if (offer.amountMinor === null || offer.currency === null) return "";
  return formatMoney({ amountMinor: offer.amountMinor, currency: offer.currency });
}

/** Formats an amount in the currency's minor unit (cents for usd). */
export function formatMoney(args: { amountMinor: number; currency: string }): string {
  const format = new Intl.NumberFormat(undefined, {
    style: "currency",
    currency: args.currency.toUpperCase(),
  });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(args.amountMinor / 10 ** digits);
}

/** Shows (or, with `null`, hides) the page's status message. */
export function showMessage(
  target: HTMLElement,
  message: { tone: "info" | "success" | "error"; text: string } | null,
): void {
  target.hidden = message === null;
  if (!message) return;
  target.dataset.tone = message.tone;
  target.textContent = message.text;
}

const notChargedForOffer = "You were not charged for the offer.";

const authenticationFailedMessage =
  "Your bank could not confirm it was you, so you were not charged for the offer.";

/**
 * What the customer should read for an error, by code. The codes are the API's
 * and the client's (docs/integration-guide.md has the same table).
 */
export function customerMessageFor(error: unknown): string {
  if (!(error instanceof UpsellApiError)) {
    return "Something went wrong on this page. You were not charged for the offer.";
  }
  switch (error.code) {
    case "PAYMENT_FAILED":
      if (error.declineCode?.includes("authentication")) return authenticationFailedMessage;
      return `Your bank declined this payment: ${error.message} ${notChargedForOffer}`;
    case "AUTHENTICATION_FAILED":
      return authenticationFailedMessage;
    case "TOKEN_EXPIRED":
      return "This offer has expired. Nothing was charged.";
    case "TOKEN_ALREADY_USED":
      return "This offer was already processed for your order.";
    case "TOKEN_NOT_READY":
    case "TOKEN_NOT_FOUND":
      return "We are still confirming your first payment. Please try again in a moment.";
    case "CHARGE_IN_PROGRESS":
      return "This offer is already being added to your order; please wait a moment.";
    case "RATE_LIMITED":
      return "Too many attempts in a short time; please wait a moment and try again.";
    case "ABORTED":
      return "The request was cancelled. Nothing was charged.";
    default:
      return error.retryable
        ? "The payment service did not answer. Please try again; you will never be charged twice."
        : "This offer is not available right now. Nothing was charged.";
  }
}

function renderTestCards(cards: readonly TestCard[]): void {
  const section = document.querySelector<HTMLElement>("[data-test-cards]");
  if (!section || cards.length === 0) return;

  const rows = cards.map((card) => {
    const row = document.createElement("tr");
    for (const text of [card.number, card.checkout, card.oneTimeOffer]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    row.firstElementChild?.replaceChildren(codeOf(card.number));
    return row;
  });

  const heading = document.createElement("h2");
  heading.textContent = "Test cards";
  const hint = document.createElement("p");
  hint.className = "muted";
  hint.textContent = "Any future expiry date, any 3-digit CVC, any postal code.";
  const table = document.createElement("table");
  table.innerHTML =
    '<thead><tr><th scope="col">Card number</th><th scope="col">Checkout</th>' +
    '<th scope="col">One-time offer</th></tr></thead>';
  const body = document.createElement("tbody");
  body.append(...rows);
  table.append(body);
  section.replaceChildren(heading, hint, table);
  section.hidden = false;
}

function codeOf(text: string): HTMLElement {
  const code = document.createElement("code");
  code.textContent = text;
  return code;
}
