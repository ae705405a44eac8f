/**
 * The checkout page: creates the Checkout Session for the main offer and mounts
 * it (Stripe's embedded page, or the sandbox's card page). A paid checkout sends
 * the window to `/success?session_id=...`.
 */
import { mountCheckout } from "../../client/mount-checkout.js";
import { createUpsellClient } from "../../client/upsell-client.js";
import {
  customerMessageFor,
  element,
  fillText,
  formatOfferPrice,
  loadStorefrontConfig,
  showMessage,
} from "./page-kit.js";

async function startCheckout(): Promise<void> {
  const config = await loadStorefrontConfig();
  fillText("[data-offer-name]", config.mainOffer.name);
  fillText("[data-offer-price]", formatOfferPrice(config.mainOffer));

  const client = createUpsellClient({ apiBaseUrl: config.apiBaseUrl, mode: config.mode });
  const session = await client.createCheckoutSession({
    priceId: config.mainOffer.priceId,
    productType: "offer",
    successUrl: `${window.location.origin}/success?session_id={CHECKOUT_SESSION_ID}`,
  });
  await mountCheckout({ host: config.paymentHost, session, target: element("[data-checkout]") });
}

startCheckout().catch((error: unknown) => {
  element("[data-checkout]").replaceChildren();
  showMessage(element("[data-message]"), {
    tone: "error",
    text: `The checkout could not start. ${customerMessageFor(error)}`,
  });
});
