/**
 * Scenario 3, Stripe faults: every Stripe call of every endpoint fails in
 * each way Stripe can fail (500, 429, a hang past the client timeout, a
 * closed connection). The caller gets a retryable error, a retry succeeds,
 * and the sandbox shows no second charge. (A claim left by a crashed
 * request: `claim-recovery.test.ts`.)
 *
 * The fault matrix runs with the SDK's own retries off, so each fault
 * reaches the API's handling instead of being absorbed by the SDK; one row
 * runs the production setting (one SDK retry).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Fault, FaultPhase } from "../../src/sandbox/index.js";
import {
  type ApiAnswer,
  answerLabel,
  bodyHas,
  errorDetail,
  errorOf,
  isRetryableError,
} from "./support/api-answer.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { type ApiRequest, type AppOptions, type Stack, startStack } from "./support/stack.js";
import { webhookSecrets } from "./support/test-secrets.js";
import { completedEventOf, signedWebhook } from "./support/webhook-delivery.js";

const stripeTimeoutMs = 800;
/** Longer than the client timeout, so the SDK gives up while the sandbox still works. */
const hangMs = 1_600;
const retryPauseMs = 400;
const maxRetries = 12;

const faults: readonly { readonly name: string; readonly fault: Fault }[] = [
  { name: "500", fault: { type: "error", status: 500 } },
  { name: "429", fault: { type: "error", status: 429 } },
  { name: "hang", fault: { type: "hang", delayMs: hangMs } },
  { name: "close", fault: { type: "close" } },
];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    registerWebhooks: false,
    env: { STRIPE_TIMEOUT_MS: String(stripeTimeoutMs) },
  });
});

afterAll(async () => {
  await stack?.close();
});

/** What a case prepared: the request to fault, and how to check its final answer. */
interface Arranged {
  readonly request: ApiRequest;
  verify(final: ApiAnswer): Promise<boolean>;
}

interface StripeCall {
  readonly scenario: string;
  readonly method: string;
  readonly path: string;
  readonly phase?: FaultPhase;
  /** Payment intents one successful request of this case creates. */
  readonly chargesPerCase: number;
  arrange(): Promise<Arranged>;
}

async function paidSessionWithToken(payment = { paymentMethod: "pm_card_visa" }) {
  const sessionId = await stack.paidCheckout({ payment });
  return { sessionId, token: await stack.tokenOf(sessionId) };
}

/** A click on a fresh token of a paid checkout, which succeeds once Stripe answers. */
async function arrangePaidClick(): Promise<Arranged> {
  const { token } = await paidSessionWithToken();
  return {
    request: stack.clickRequest(token),
    verify: async (final) => bodyHas(final, "status", "succeeded"),
  };
}

/** A token whose charge waits for 3-D Secure, which the customer then passed. */
async function authenticatedPendingToken(): Promise<string> {
  const { token } = await paidSessionWithToken({ paymentMethod: "pm_card_authenticationRequired" });
  const pending = await stack.send(stack.clickRequest(token));
  const paymentIntentId = errorDetail(pending, "paymentIntentId");
  if (!paymentIntentId) throw new Error(`expected AUTHENTICATION_REQUIRED, got ${pending.text}`);
  await stack.sandbox.authenticatePaymentIntent(paymentIntentId, "succeed");
  return token;
}

const stripeCalls: readonly StripeCall[] = [
  {
    scenario: "3a. create-checkout-session: POST /v1/checkout/sessions",
    method: "POST",
    path: "/v1/checkout/sessions",
    chargesPerCase: 0,
    arrange: async () => ({
      request: {
        path: "/ecommerce/create-checkout-session",
        body: { priceId: "price_test_main_offer", productType: "offer", isTest: true },
      },
      verify: async (final) => bodyHas(final, "success", true),
    }),
  },
  {
    scenario: "3b. stripe-webhook: GET /v1/checkout/sessions/*",
    method: "GET",
    path: "/v1/checkout/sessions/*",
    chargesPerCase: 0,
    arrange: async () => {
      const sessionId = await stack.paidCheckout();
      const event = await completedEventOf(stack.stripe.test, sessionId);
      const payload = JSON.stringify(event);
      return {
        request: signedWebhook({ path: "/stripe-webhook", payload, secret: webhookSecrets.dev }),
        verify: async (final) =>
          bodyHas(final, "outcome", "token_created") &&
          (await stack.stores.test?.findSessionLink(sessionId)) !== undefined,
      };
    },
  },
  {
    scenario: "3c. get-uuid: GET /v1/checkout/sessions/*",
    method: "GET",
    path: "/v1/checkout/sessions/*",
    chargesPerCase: 0,
    arrange: async () => {
      const sessionId = await stack.paidCheckout();
      return {
        request: { path: `/ecommerce/get-uuid?session_id=${sessionId}&isTest=true` },
        verify: async (final) => bodyHas(final, "found", true),
      };
    },
  },
  {
    scenario: "3d. one-click-upsell: GET /v1/prices/*",
    method: "GET",
    path: "/v1/prices/*",
    chargesPerCase: 1,
    arrange: arrangePaidClick,
  },
  {
    scenario: "3e. one-click-upsell: POST /v1/payment_intents, before it runs",
    method: "POST",
    path: "/v1/payment_intents",
    phase: "before_execution",
    chargesPerCase: 1,
    arrange: arrangePaidClick,
  },
  {
    scenario: "3f. one-click-upsell: POST /v1/payment_intents, answer lost after the charge",
    method: "POST",
    path: "/v1/payment_intents",
    phase: "after_execution",
    chargesPerCase: 1,
    arrange: arrangePaidClick,
  },
  {
    scenario: "3g. one-click-upsell after 3-D Secure: GET /v1/payment_intents/*",
    method: "GET",
    path: "/v1/payment_intents/*",
    chargesPerCase: 0,
    arrange: async () => {
      const token = await authenticatedPendingToken();
      return {
        request: stack.clickRequest(token),
        verify: async (final) => bodyHas(final, "status", "succeeded"),
      };
    },
  },
  {
    scenario: "3h. upsell-status after 3-D Secure: GET /v1/payment_intents/*",
    method: "GET",
    path: "/v1/payment_intents/*",
    chargesPerCase: 0,
    arrange: async () => {
      const token = await authenticatedPendingToken();
      return {
        request: { path: `/ecommerce/upsell-status?upsellToken=${token}&isTest=true` },
        verify: async (final) => bodyHas(final, "status", "charged"),
      };
    },
  },
];

/** Payment intents in the sandbox's test mode, of any kind. */
async function paymentIntentCount(): Promise<number> {
  let count = 0;
  for await (const _ of stack.stripe.test.paymentIntents.list({ limit: 100 })) count += 1;
  return count;
}

/**
 * Retries like a client that honours `retryable`: after a pause, a bounded
 * number of times, while the answer says to retry.
 */
async function retryWhileRetryable(
  send: () => Promise<ApiAnswer>,
  first: ApiAnswer,
): Promise<{ final: ApiAnswer; retries: number }> {
  let final = first;
  let retries = 0;
  while (errorOf(final)?.retryable === true && retries < maxRetries) {
    await pause(retryPauseMs);
    final = await send();
    retries += 1;
  }
  return { final, retries };
}

function pause(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, durationMs)));
}

interface CaseResult {
  readonly firstRetryable: boolean;
  readonly firstSucceeded: boolean;
  readonly finalOk: boolean;
  readonly intentsCreated: number;
  readonly requests: number;
  readonly labels: string;
}

async function runFaultCase(args: {
  call: StripeCall;
  fault: Fault;
  appOptions: AppOptions;
  strikes: number;
}): Promise<CaseResult> {
  const { call } = args;
  const arranged = await call.arrange();
  const app = stack.compose(args.appOptions);
  const intentsBefore = await paymentIntentCount();

  await stack.sandbox.injectFault({
    method: call.method,
    path: call.path,
    fault: args.fault,
    count: args.strikes,
    phase: call.phase ?? "before_execution",
  });
  const startedAtMs = Date.now();
  const send = () => stack.sendInProcess(arranged.request, app);
  const first = await send();
  await stack.sandbox.clearFaults();
  const { final, retries } = await retryWhileRetryable(send, first);
  // A hung request may still run at the sandbox; let it end before counting.
  if (args.fault.type === "hang") await pause(startedAtMs + hangMs - Date.now());

  return {
    firstRetryable: isRetryableError(first),
    firstSucceeded: first.status === 200,
    finalOk: final.status === 200 && (await arranged.verify(final)),
    intentsCreated: (await paymentIntentCount()) - intentsBefore,
    requests: 1 + retries,
    labels: [first, final].map(answerLabel).join(" -> "),
  };
}

describe("each Stripe call of each endpoint under Stripe faults", () => {
  for (const call of stripeCalls) {
    it(`answers retryably and charges once: ${call.scenario}`, async (context) => {
      const results: CaseResult[] = [];
      for (const { fault } of faults) {
        // Two strikes: the SDK retries a closed connection once even with retries off.
        results.push(
          await runFaultCase({
            call,
            fault,
            appOptions: { stripeMaxNetworkRetries: 0 },
            strikes: 2,
          }),
        );
      }
      printFigures(call.scenario, {
        answers: Object.fromEntries(faults.map((f, i) => [f.name, results[i]?.labels])),
      });
      const answerLost = call.phase === "after_execution";
      reportRow(context, {
        scenario: call.scenario,
        requests: results.reduce((sum, result) => sum + result.requests, 0),
        expected: {
          faults: faults.length,
          [answerLost ? "firstAnswerRetryableOrReplayed" : "firstAnswerRetryableError"]:
            faults.length,
          retriedToSuccess: faults.length,
          paymentIntentsCreated: faults.length * call.chargesPerCase,
        },
        observed: {
          faults: results.length,
          [answerLost ? "firstAnswerRetryableOrReplayed" : "firstAnswerRetryableError"]:
            results.filter((r) => r.firstRetryable || (answerLost && r.firstSucceeded)).length,
          retriedToSuccess: results.filter((result) => result.finalOk).length,
          paymentIntentsCreated: results.reduce((sum, result) => sum + result.intentsCreated, 0),
        },
      });
    });
  }

  it("answers retryably when the charge hangs with the SDK retry on", async (context) => {
    const charge = stripeCalls.filter((call) => call.path === "/v1/payment_intents");
    const results: CaseResult[] = [];
    for (const call of charge) {
      const fault: Fault = { type: "hang", delayMs: hangMs };
      results.push(await runFaultCase({ call, fault, appOptions: {}, strikes: 2 }));
    }
    printFigures("production retry", { answers: results.map((result) => result.labels) });
    reportRow(context, {
      scenario: "3i. one-click-upsell: charge hangs (before/after), SDK retry on",
      requests: results.reduce((sum, result) => sum + result.requests, 0),
      expected: {
        faults: 2,
        firstAnswerRetryableError: 2,
        retriedToSuccess: 2,
        paymentIntentsCreated: 2,
      },
      observed: {
        faults: results.length,
        firstAnswerRetryableError: results.filter((result) => result.firstRetryable).length,
        retriedToSuccess: results.filter((result) => result.finalOk).length,
        paymentIntentsCreated: results.reduce((sum, result) => sum + result.intentsCreated, 0),
      },
    });
  });
});
