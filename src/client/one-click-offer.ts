/**
 * The one-click button's logic. A customer (or an impatient double click) may
 * press accept many times; the first press starts the work and every press
 * while it runs gets the same promise, and the button is disabled meanwhile.
 * The API guarantees one charge per token anyway; this keeps the page honest
 * and the network quiet.
 */
import type { Authenticator, UpsellOutcome } from "./authenticate-upsell.js";
import { UpsellApiError } from "./upsell-api-error.js";
import type { UpsellClient, UpsellToken } from "./upsell-client.js";

/** The part of a button the offer touches (an `HTMLButtonElement` fits). */
export interface OneClickButton {
  disabled: boolean;
  setAttribute(name: string, value: string): void;
}

export interface OneClickOfferOptions {
  client: UpsellClient;
  /** The `session_id` of the paid main offer, from the success page's URL. */
  sessionId: string;
  /** The one-time offer's price id. */
  priceId: string;
  /** Finishes `AUTHENTICATION_REQUIRED`; without one, that error is thrown to the page. */
  authenticate?: Authenticator;
  /** Disabled while an accept runs, and for good once it succeeded. */
  button?: OneClickButton | null;
}

export interface OneClickOffer {
  /**
   * Gets the upsell token (with back-off) and charges the offer; settles with
   * the outcome or an {@link UpsellApiError}. Repeated calls while one runs, or
   * after one succeeded, return the same promise.
   */
  accept(): Promise<UpsellOutcome>;
  /** Whether an accept is running now. */
  readonly busy: boolean;
}

/**
 * Creates the one-time offer's accept action.
 *
 * @example
 * const offer = createOneClickOffer({ client, sessionId, priceId, button, authenticate });
 * button.addEventListener("click", () => offer.accept().then(showThanks, showError));
 */
export function createOneClickOffer(options: OneClickOfferOptions): OneClickOffer {
  let running: Promise<UpsellOutcome> | undefined;
  let busy = false;
  let token: UpsellToken | undefined;

  const run = async (): Promise<UpsellOutcome> => {
    token ??= await options.client.getUpsellToken({ sessionId: options.sessionId });
    try {
      const charge = await options.client.chargeUpsell({
        upsellToken: token.upsellToken,
        priceId: options.priceId,
      });
      if (charge.status === "processing") {
        return { status: "processing", paymentIntentId: charge.paymentIntentId };
      }
      return {
        status: "succeeded",
        paymentIntentId: charge.paymentIntentId,
        amountMinor: charge.amountMinor,
        currency: charge.currency,
      };
    } catch (error) {
      const challenge = challengeOf(error);
      if (!challenge || !options.authenticate) throw error;
      return await options.authenticate(challenge);
    }
  };

  return {
    get busy() {
      return busy;
    },

    accept() {
      if (running) return running;

      busy = true;
      markButton(options.button, { disabled: true, busy: true });
      running = run();
      running.then(
        () => {
          busy = false;
          markButton(options.button, { disabled: true, busy: false });
        },
        () => {
          busy = false;
          running = undefined;
          markButton(options.button, { disabled: false, busy: false });
        },
      );
      return running;
    },
  };
}

function challengeOf(
  error: unknown,
): { paymentIntentId: string; clientSecret: string } | undefined {
  if (!(error instanceof UpsellApiError) || error.code !== "AUTHENTICATION_REQUIRED")
    return undefined;
  if (!error.paymentIntentId || !error.clientSecret) return undefined;
  return { paymentIntentId: error.paymentIntentId, clientSecret: error.clientSecret };
}

function markButton(
  button: OneClickButton | null | undefined,
  state: { disabled: boolean; busy: boolean },
): void {
  if (!button) return;
  button.disabled = state.disabled;
  button.setAttribute("aria-busy", String(state.busy));
}
