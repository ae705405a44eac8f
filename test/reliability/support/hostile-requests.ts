/**
 * fast-check arbitraries of hostile requests, one family per kind of
 * endpoint: JSON bodies (wrong types, missing and extra fields, huge and
 * unicode strings, malformed JSON, wrong content types, oversized bodies),
 * query strings (repeated, encoded and broken parameters), webhook
 * deliveries (bad, stale and foreign signatures) and any method on any path.
 *
 * Values include secret keys, webhook secrets and card numbers on purpose:
 * the final log scan proves none of them is ever written to a log.
 */
import fc from "fast-check";
import { cardNumbersUsed, stripeSecretKeys, webhookSecrets } from "./test-secrets.js";
import { signatureOf } from "./webhook-delivery.js";

export interface HostileRequest {
  readonly method: string;
  /** Path and raw query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const bait = [
  stripeSecretKeys.live,
  webhookSecrets.test,
  ...cardNumbersUsed,
  "4242 4242 4242 4242",
];

const idLike = [
  "price_test_upsell_course",
  "price_live_upsell_coaching",
  "price_test_main_offer",
  "price_test_retired_offer",
  "price_test_membership_monthly",
  "price_",
  "price_../../v1/customers",
  "cs_test_a1B2c3",
  "cs_live_a1B2c3",
  "cs_test_",
  "pi_123",
  "00000000-0000-4000-8000-000000000000",
  "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
  "https://evil.example/",
  "javascript:alert(1)",
];

const printableAscii = fc
  .integer({ min: 0x20, max: 0x7e })
  .map((code) => String.fromCharCode(code));

/** A string of any kind: short, unicode (lone surrogates too), id-like, bait, or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 4, arbitrary: fc.constantFrom(...idLike, ...bait) },
  { weight: 2, arbitrary: fc.uuid({ version: 4 }) },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((length) => "ü".repeat(length)) },
);

/** A JSON value of any type, biased toward what a schema trips on. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(-0)) },
  { weight: 2, arbitrary: fc.constantFrom(true, false, null, "true", "false", 0, 1, "") },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const jsonContentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "Application/JSON",
  "application/json;charset=UTF-16",
];
const otherContentTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----x",
  "application/jsonx",
  "application/merge-patch+json",
  "*/*",
  "",
];

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...jsonContentTypes) },
  { weight: 3, arbitrary: fc.constantFrom(...otherContentTypes) },
  { weight: 1, arbitrary: fc.string({ unit: printableAscii, maxLength: 40 }) },
);

/** Request headers: sometimes a content type, an origin, a request id (bait included). */
function headersWith(type: string | undefined): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        origin: fc.constantFrom("https://shop.example", "https://evil.example", "null"),
        "x-request-id": fc.oneof(
          fc.string({ unit: printableAscii, maxLength: 200 }),
          fc.constantFrom(...bait.map((value) => value.replaceAll(" ", ""))),
        ),
      },
      { requiredKeys: [] },
    )
    .map((headers) => (type === undefined ? headers : { ...headers, "content-type": type }));
}

/** An object based on a valid body, with fields dropped, retyped or added. */
function mutatedObject(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(valid);
  return fc
    .record({
      dropped: fc.subarray(fields),
      replaced: fc.dictionary(fc.constantFrom(...fields), hostileValue, { maxKeys: 3 }),
      extra: fc.dictionary(
        fc.oneof(fc.constantFrom("__proto__", "constructor", "amount", "currency"), fc.string()),
        hostileValue,
        { maxKeys: 3 },
      ),
    })
    .map(({ dropped, replaced, extra }) => {
      const body: Record<string, unknown> = { ...extra, ...valid, ...replaced };
      for (const field of dropped) delete body[field];
      return body;
    });
}

/** Body text: mutated JSON object, another JSON value, broken JSON, or too big. */
export function hostileJsonText(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const validText = JSON.stringify(valid);
  return fc.oneof(
    { weight: 10, arbitrary: mutatedObject(valid).map((body) => JSON.stringify(body)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    {
      weight: 2,
      arbitrary: fc.nat({ max: validText.length - 1 }).map((end) => validText.slice(0, end)),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `\uFEFF${validText}`,
        `${validText}}`,
        `${validText.slice(0, -1)},}`,
        "{'priceId':'price_x'}",
        '{"isTest":NaN}',
        '{"isTest":true,"isTest":"yes"}',
        `${"[".repeat(5_000)}${"]".repeat(5_000)}`,
        "null",
        "",
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 16_500, max: 60_000 })
        .map((size) => JSON.stringify({ ...valid, padding: "x".repeat(size) })),
    },
  );
}

/** POSTs to a JSON endpoint. */
export function hostileJsonPost(args: {
  path: string;
  valid: Record<string, unknown>;
}): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      body: hostileJsonText(args.valid),
      headers: fc.option(contentType, { nil: undefined }).chain(headersWith),
    })
    .map(({ body, headers }) => ({ method: "POST", path: args.path, headers, body }));
}

const queryKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("session_id", "isTest", "upsellToken") },
  {
    weight: 2,
    arbitrary: fc.constantFrom("session_id[]", "__proto__", "constructor", "", "%", "%zz", "a%00b"),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const queryValue = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom("true", "false", "TRUE", "1", "%", "%E0%A4%A", "%00") },
);

/** Encodes like a browser when asked, else sends the text raw (broken escapes included). */
function queryPart(text: string, encode: boolean): string {
  if (!encode) return text.replaceAll("#", "%23").replaceAll("&", "%26");
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** GETs with hostile query strings. */
export function hostileQueryGet(path: string): fc.Arbitrary<HostileRequest> {
  const pair = fc.tuple(queryKey, queryValue, fc.boolean());
  return fc
    .record({ pairs: fc.array(pair, { maxLength: 6 }), headers: headersWith(undefined) })
    .map(({ pairs, headers }) => {
      const query = pairs.map(
        ([k, v, encode]) => `${queryPart(k, encode)}=${queryPart(v, encode)}`,
      );
      return { method: "GET", path: `${path}?${query.join("&")}`, headers };
    });
}

/** Webhook deliveries: any body, unsigned, signed wrongly, stalely, elsewhere, or for real. */
export function hostileWebhook(args: {
  path: string;
  secret: string;
}): fc.Arbitrary<HostileRequest> {
  const body = fc.oneof(
    hostileJsonText({ id: "evt_1", type: "checkout.session.completed", livemode: false }),
    fc.string({ unit: "binary", maxLength: 300 }),
  );
  const nowSec = Math.floor(Date.now() / 1000);
  const signature = (payload: string) =>
    fc.oneof(
      fc.constant(undefined),
      fc.string({ unit: printableAscii, maxLength: 120 }),
      fc.constant(`t=${nowSec},v1=${"0".repeat(64)}`),
      fc.constant(signatureOf({ payload, secret: "whsec_not_the_endpoint_secret" })),
      fc.constant(signatureOf({ payload, secret: args.secret, timestampEpochSec: nowSec - 3_600 })),
      // Signed for real: only Stripe could send these, but a body it signs must not crash us.
      fc.constant(signatureOf({ payload, secret: args.secret })),
    );
  return body.chain((payload) =>
    fc
      .record({ signature: signature(payload), headers: headersWith(jsonContentTypes[1]) })
      .map(({ signature: header, headers }) => ({
        method: "POST",
        path: args.path,
        headers: header === undefined ? headers : { ...headers, "stripe-signature": header },
        body: payload,
      })),
  );
}

const knownPaths = [
  "/ecommerce/create-checkout-session",
  "/ecommerce/get-uuid",
  "/ecommerce/one-click-upsell",
  "/ecommerce/upsell-status",
  "/ecommerce/webhooks/checkout-completed",
  "/ecommerce/webhooks/checkout-completed-test",
  "/ecommerce/stripe-webhook",
  "/ecommerce/openapi.json",
  "/ecommerce/docs",
  "/ecommerce/health",
];

const trickPaths = [
  "/ecommerce/get-uuid/",
  "/ecommerce//get-uuid",
  "/ECOMMERCE/get-uuid",
  "/ecommerce/get-uuid%2F",
  "/ecommerce/%2e%2e/ecommerce/health",
  "/ecommerce/./one-click-upsell",
  "/ecommerce/get-uuid;x=1",
  "/ecommerce/one-click-upsell/../get-uuid",
  "/ecommerce/%",
  "/ecommerce/%zz",
  "/ecommerce/%E0%A4%A",
  "/ecommerce/caf\u00e9",
  `/ecommerce/${"a".repeat(5_000)}`,
  "/ecommerce",
  "/",
];

/** Any method on known, tricky and generated paths. */
export const hostileAnyRoute: fc.Arbitrary<HostileRequest> = fc
  .record({
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND"),
    path: fc.oneof(
      fc.constantFrom(...knownPaths, ...trickPaths),
      fc.webSegment().map((segment) => `/ecommerce/${segment}`),
    ),
    body: fc.option(hostileJsonText({ priceId: "price_test_upsell_course" }), { nil: undefined }),
    headers: fc.option(contentType, { nil: undefined }).chain(headersWith),
  })
  .map((request) =>
    request.method === "GET" || request.method === "HEAD"
      ? { ...request, body: undefined }
      : request,
  );
