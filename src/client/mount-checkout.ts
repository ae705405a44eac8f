/**
 * Shows the checkout for a Checkout Session created by the API: Stripe's
 * embedded Checkout page (`createEmbeddedCheckoutPage`) on real Stripe, or the
 * sandbox's card page in a frame (or as a full-page redirect) offline. Either
 * way, a paid checkout sends the whole window to the session's return URL.
 */
import { type PaymentHost, sandboxCheckoutUrl } from "./payment-host.js";
import { loadStripeJs } from "./stripe-js.js";
import { UpsellApiError } from "./upsell-api-error.js";
import type { CheckoutSession } from "./upsell-client.js";

export interface MountCheckoutInput {
  host: PaymentHost;
  session: CheckoutSession;
  /** The element (or a selector for it) the checkout goes into. */
  target: string | HTMLElement;
  /** On the sandbox: in a frame (default) or by leaving the page. */
  sandboxDisplay?: "frame" | "redirect";
}

/** A mounted checkout; `destroy` takes it off the page. */
export interface MountedCheckout {
  destroy(): void;
}

/**
 * Mounts the checkout for a session.
 *
 * @example
 * const session = await client.createCheckoutSession({ priceId });
 * await mountCheckout({ host: config.paymentHost, session, target: "#checkout" });
 */
export async function mountCheckout(input: MountCheckoutInput): Promise<MountedCheckout> {
  const target = resolveTarget(input.target);

  if (input.host.kind === "stripe") {
    const stripe = await loadStripeJs({
      publishableKey: input.host.publishableKey,
      ...(input.host.stripeJsUrl ? { scriptUrl: input.host.stripeJsUrl } : {}),
    });
    const page = await stripe.createEmbeddedCheckoutPage({
      fetchClientSecret: async () => input.session.clientSecret,
    });
    page.mount(target);
    return { destroy: () => page.destroy() };
  }

  const url = sandboxCheckoutUrl({ sandboxUrl: input.host.sandboxUrl, ...input.session });
  if (input.sandboxDisplay === "redirect") {
    window.location.assign(url);
    return { destroy: () => undefined };
  }
  const frame = sandboxFrame(url);
  target.replaceChildren(frame);
  return { destroy: () => frame.remove() };
}

function sandboxFrame(url: string): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  frame.src = url;
  frame.title = "Checkout";
  frame.name = "checkout";
  // The card page sends the whole window to the return URL once paid; a
  // cross-origin frame needs this permission to do that without a fresh click.
  frame.setAttribute("sandbox", "allow-scripts allow-forms allow-same-origin allow-top-navigation");
  frame.style.cssText = "border:0;width:100%;height:800px";
  return frame;
}

function resolveTarget(target: string | HTMLElement): HTMLElement {
  if (typeof target !== "string") return target;
  const found = document.querySelector<HTMLElement>(target);
  if (found) return found;
  throw new UpsellApiError({
    code: "CHECKOUT_UNAVAILABLE",
    message: `No element matches ${target}.`,
    status: 0,
    retryable: false,
  });
}
