/**
 * Delivering webhooks by hand, signed for real with the Stripe SDK's own
 * signing helper, for tests that must control exactly when, how often and
 * with which signature an event arrives.
 */
import { Stripe } from "stripe";
import type { ApiRequest } from "./stack.js";

const signer = new Stripe("sk_test_signing_only").webhooks;

/** The `checkout.session.completed` event the sandbox published for a session. */
export async function completedEventOf(stripe: Stripe, sessionId: string): Promise<Stripe.Event> {
  for await (const event of stripe.events.list({ limit: 100 })) {
    if (event.type !== "checkout.session.completed") continue;
    if (event.data.object.id === sessionId) return event;
  }
  throw new Error(`no checkout.session.completed event for ${sessionId}`);
}

/** A POST of `payload` to a webhook path with a signature header. */
export function webhookRequest(args: {
  path: string;
  payload: string;
  signature?: string;
  contentType?: string;
}): ApiRequest {
  return {
    method: "POST",
    path: `/ecommerce${args.path}`,
    body: args.payload,
    headers: {
      "content-type": args.contentType ?? "application/json; charset=utf-8",
      ...(args.signature === undefined ? {} : { "stripe-signature": args.signature }),
    },
  };
}

/** The `Stripe-Signature` header of `payload`, signed with `secret` at a time. */
export function signatureOf(args: {
  payload: string;
  secret: string;
  timestampEpochSec?: number;
}): string {
  return signer.generateTestHeaderString({
    payload: args.payload,
    secret: args.secret,
    timestamp: args.timestampEpochSec ?? Math.floor(Date.now() / 1000),
  });
}

/** A delivery of `payload` signed with `secret`, as Stripe would send it. */
export function signedWebhook(args: {
  path: string;
  payload: string;
  secret: string;
  timestampEpochSec?: number;
}): ApiRequest {
  return webhookRequest({ path: args.path, payload: args.payload, signature: signatureOf(args) });
}
