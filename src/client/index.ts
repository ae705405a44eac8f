/**
 * The browser client for the one-click upsell API: create and mount the
 * checkout, exchange the checkout session for the upsell token, charge the
 * one-time offer with one click, and finish a bank's challenge. No runtime
 * dependencies; Stripe.js is loaded from js.stripe.com only on real Stripe.
 */
export {
  type AuthenticationChallenge,
  type AuthenticationReturn,
  type Authenticator,
  createAuthenticator,
  readAuthenticationReturn,
  type UpsellOutcome,
} from "./authenticate-upsell.js";
export { type MountCheckoutInput, type MountedCheckout, mountCheckout } from "./mount-checkout.js";
export {
  createOneClickOffer,
  type OneClickButton,
  type OneClickOffer,
  type OneClickOfferOptions,
} from "./one-click-offer.js";
export type { PaymentHost, SandboxPaymentHost, StripePaymentHost } from "./payment-host.js";
export { defaultTokenRetryPolicy, type RetryPolicy } from "./retry-schedule.js";
export { defaultStripeJsUrl } from "./stripe-js.js";
export {
  type ApiErrorCode,
  type ClientErrorCode,
  UpsellApiError,
  type UpsellApiErrorInit,
  type UpsellErrorCode,
} from "./upsell-api-error.js";
export {
  type ChargeUpsellInput,
  type CheckoutSession,
  type CreateCheckoutSessionInput,
  createUpsellClient,
  type GetUpsellTokenInput,
  type PaymentMode,
  type UpsellCharge,
  type UpsellClient,
  type UpsellClientOptions,
  type UpsellToken,
} from "./upsell-client.js";
