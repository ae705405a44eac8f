/**
 * The one-click button's logic. A customer (or an impatient double click) may
 * press accept many times; the first press starts the work and every press
 * while it runs gets the same promise, and the button is disabled meanwhile.
 * The API guarantees one charge per token anyway; this keeps the page honest
 * and the network quiet.
 *
 * After a bank's challenge, the final outcome is always asked of the API: the
 * same one-click request again, which for a token whose payment awaits
 * authentication reads the payment intent from Stripe and never charges anew.
 */
import {
  type AuthenticationChallenge,
  type Authenticator,
  authenticationFailed,
  readAuthenticationReturn,
  type UpsellOutcome,
} from "./authenticate-upsell.js";
import { UpsellApiError } from "./upsell-api-error.js";
import type { UpsellCharge, UpsellClient, UpsellToken } from "./upsell-client.js";

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
  /**
   * On the page the challenge returned to: asks the API how the payment ended.
   * Resolves `undefined` when the URL is not such a return, or when the token
   * was never charged (a crafted link never charges by itself).
   */
  resume(url: string): Promise<UpsellOutcome | undefined>;
  /** Whether an accept (or resume) is running now. */
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
  let accepting: Promise<UpsellOutcome> | undefined;
  let resuming: Promise<UpsellOutcome | undefined> | undefined;
  let token: UpsellToken | undefined;
  let runningCount = 0;

  const charge = async (): Promise<UpsellOutcome> => {
    token ??= await options.client.getUpsellToken({ sessionId: options.sessionId });
    const answer = await options.client.chargeUpsell({
      upsellToken: token.upsellToken,
      priceId: options.priceId,
    });
    return outcomeOf(answer);
  };

  const acceptOnce = async (): Promise<UpsellOutcome> => {
    try {
      return await charge();
    } catch (error) {
      const challenge = challengeOf(error);
      if (!challenge || !options.authenticate) throw error;
      const answered = await options.authenticate(challenge);
      if (answered.status === "redirecting") return answered;
      return await confirmAfterChallenge({ charge, paymentIntentId: challenge.paymentIntentId });
    }
  };

  const resumeOnce = async (url: string): Promise<UpsellOutcome | undefined> => {
    const returned = readAuthenticationReturn(url);
    if (!returned) return undefined;
    token ??= await options.client.getUpsellToken({ sessionId: options.sessionId });
    if (token.status === "ready") return undefined;
    return await confirmAfterChallenge({ charge, paymentIntentId: returned.paymentIntentId });
  };

  /** Keeps the button and `busy` in step with the work; forgets the work unless it succeeded. */
  const track = <T extends UpsellOutcome | undefined>(work: Promise<T>, forget: () => void) => {
    runningCount += 1;
    markButton(options.button, { disabled: true, busy: true });
    work.then(
      (outcome) => {
        runningCount -= 1;
        if (outcome === undefined) forget();
        markButton(options.button, { disabled: outcome !== undefined, busy: false });
      },
      () => {
        runningCount -= 1;
        forget();
        markButton(options.button, { disabled: false, busy: false });
      },
    );
    return work;
  };

  return {
    get busy() {
      return runningCount > 0;
    },
    accept() {
      if (accepting) return accepting;
      const pendingResume = resuming;
      const work = pendingResume
        ? pendingResume.then((outcome) => outcome ?? acceptOnce())
        : acceptOnce();
      accepting = track(work, () => {
        accepting = undefined;
      });
      return accepting;
    },
    resume(url) {
      if (resuming) return resuming;
      resuming = track(resumeOnce(url), () => {
        resuming = undefined;
      });
      return resuming;
    },
  };
}

/**
 * Asks the API for the final outcome after a challenge. Still asking for
 * authentication then means the customer did not complete it.
 */
async function confirmAfterChallenge(args: {
  charge: () => Promise<UpsellOutcome>;
  paymentIntentId: string;
}): Promise<UpsellOutcome> {
  try {
    return await args.charge();
  } catch (error) {
    if (!challengeOf(error)) throw error;
    throw authenticationFailed({ paymentIntentId: args.paymentIntentId });
  }
}

function outcomeOf(charge: UpsellCharge): UpsellOutcome {
  if (charge.status === "processing") {
    return { status: "processing", paymentIntentId: charge.paymentIntentId };
  }
  return {
    status: "succeeded",
    paymentIntentId: charge.paymentIntentId,
    amountMinor: charge.amountMinor,
    currency: charge.currency,
  };
}

function challengeOf(error: unknown): AuthenticationChallenge | undefined {
  if (!(error instanceof UpsellApiError) || error.code !== "AUTHENTICATION_REQUIRED") {
    return undefined;
  }
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
