/**
 * The few Stripe.js calls the client makes, typed by hand so the client has no
 * dependency, and a loader that adds Stripe's script tag once. Stripe.js must
 * come from js.stripe.com (never bundled); it is loaded only when the page uses
 * real Stripe, never on the sandbox.
 */
import { UpsellApiError } from "./upsell-api-error.js";

/** The Stripe.js release this client was written against. */
export const defaultStripeJsUrl = "https://js.stripe.com/dahlia/stripe.js";

/** An embedded Checkout page as `createEmbeddedCheckoutPage` returns it. */
export interface StripeEmbeddedCheckoutPage {
  mount(target: string | HTMLElement): void;
  destroy(): void;
}

/** Stripe's answer to `handleNextAction` (the fields the client reads). */
export interface StripeNextActionResult {
  paymentIntent?: { id: string; status: string };
  error?: { message?: string; code?: string; decline_code?: string };
}

/** The part of a Stripe.js instance the client uses. */
export interface StripeJsInstance {
  createEmbeddedCheckoutPage(options: {
    fetchClientSecret: () => Promise<string>;
    onComplete?: () => void;
  }): Promise<StripeEmbeddedCheckoutPage>;
  handleNextAction(options: { clientSecret: string }): Promise<StripeNextActionResult>;
}

/** The global `Stripe(publishableKey)` factory the script defines. */
export type StripeJsFactory = (publishableKey: string) => StripeJsInstance;

const instances = new Map<string, Promise<StripeJsInstance>>();

/**
 * Loads Stripe.js (once per page) and returns an instance for the publishable key.
 *
 * @example
 * const stripe = await loadStripeJs({ publishableKey: "pk_test_..." });
 */
export async function loadStripeJs(args: {
  publishableKey: string;
  scriptUrl?: string;
}): Promise<StripeJsInstance> {
  const cached = instances.get(args.publishableKey);
  if (cached) return await cached;

  const loading = addScriptOnce(args.scriptUrl ?? defaultStripeJsUrl).then((factory) =>
    factory(args.publishableKey),
  );
  instances.set(args.publishableKey, loading);
  loading.catch(() => instances.delete(args.publishableKey));
  return await loading;
}

function stripeFactory(): StripeJsFactory | undefined {
  const candidate: unknown = Reflect.get(globalThis, "Stripe");
  return typeof candidate === "function" ? (candidate as StripeJsFactory) : undefined;
}

let scriptLoading: Promise<StripeJsFactory> | undefined;

async function addScriptOnce(scriptUrl: string): Promise<StripeJsFactory> {
  const present = stripeFactory();
  if (present) return present;

  scriptLoading ??= appendScript(scriptUrl);
  scriptLoading.catch(() => {
    scriptLoading = undefined;
  });
  return await scriptLoading;
}

async function appendScript(scriptUrl: string): Promise<StripeJsFactory> {
  const script = Object.assign(document.createElement("script"), { src: scriptUrl, async: true });
  const loaded = new Promise<void>((resolve, reject) => {
    script.addEventListener("load", () => resolve(), { once: true });
    script.addEventListener("error", () => reject(new Error(`${scriptUrl} did not load`)), {
      once: true,
    });
  });
  document.head.appendChild(script);

  try {
    await loaded;
  } catch (cause) {
    script.remove();
    throw stripeUnavailable(cause);
  }
  const factory = stripeFactory();
  if (!factory) throw stripeUnavailable(undefined);
  return factory;
}

function stripeUnavailable(cause: unknown): UpsellApiError {
  return new UpsellApiError({
    code: "CHECKOUT_UNAVAILABLE",
    message: "Stripe.js could not be loaded.",
    status: 0,
    retryable: true,
    cause,
  });
}
