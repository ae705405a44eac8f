/**
 * AWS Lambda entry point: API Gateway HTTP API events (payload 2.0) served by
 * the same Hono application `npm start` serves.
 *
 * Cold start, awaited at the top level so it runs in Lambda's init phase:
 *   1. read the Stripe secrets of the stage from Secrets Manager;
 *   2. merge them into the environment under the usual names, `loadConfig`
 *      (which refuses a key whose prefix does not match its mode);
 *   3. `composeApp` creates the Stripe and DynamoDB clients, once.
 * A failure in any step stops the start with a message naming the setting.
 *
 * Per request, the secrets cache tells whether a secret has a new version (it
 * re-reads after `STRIPE_SECRETS_MAX_AGE_SECONDS`); only then is the app
 * composed again, so a rotated key is used without a redeploy. A rotated value
 * that fails validation is logged and the running app is kept.
 *
 * Bodies arrive base64-encoded when API Gateway deems them binary; the adapter
 * decodes them to the exact bytes Stripe signed before the app sees them.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { handle } from "hono/aws-lambda";
import {
  createStripeSecretsCache,
  type SecretsSnapshot,
  type StripeSecretsCache,
  secretIdsFromEnv,
  secretsMaxAgeMsFromEnv,
} from "../config/aws-secrets.js";
import { loadConfig } from "../config/config.js";
import { type Stage, stages } from "../domain/mode.js";
import { errorFields } from "../log/error-fields.js";
import { createLogger, type Logger, type LogLevel, logLevels } from "../log/logger.js";
import { type ComposedApp, composeApp, serviceName } from "./compose.js";

type ApiHandler = ReturnType<typeof handle>;
/** An API Gateway HTTP API event, payload format 2.0. */
type HttpApiEvent = Extract<Parameters<ApiHandler>[0], { routeKey: string }>;
type LambdaContext = NonNullable<Parameters<ApiHandler>[1]>;

const env = process.env;
const logger = createLogger({ level: logLevelOf(env), service: serviceName });

// One client per container, reused by every refresh; short timeouts so a slow
// Secrets Manager cannot eat the function's time budget.
const secretsClient = new SecretsManagerClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
});

/** What the container reads from its environment at cold start. */
interface Container {
  readonly stage: Stage;
  readonly secrets: StripeSecretsCache;
}

function startContainer(): Container {
  const stage = stageOf(env);
  const secrets = createStripeSecretsCache({
    client: secretsClient,
    stage,
    secretIds: secretIdsFromEnv(env, stage),
    maxAgeMs: secretsMaxAgeMsFromEnv(env),
    onRefreshError: (error) =>
      logger.warn("secrets refresh failed; keeping the loaded secrets", {
        stage,
        ...errorFields(error),
      }),
  });
  return { stage, secrets };
}

interface RunningApp {
  readonly versionKey: string;
  readonly composed: ComposedApp;
  readonly handler: ApiHandler;
}

let container: Container;
let running: RunningApp | undefined;
let refusedVersionKey: string | undefined;

/** The app for the current secrets; composes it again only when a secret changed. */
async function currentHandler(): Promise<ApiHandler> {
  const { stage } = container;
  const snapshot = await container.secrets.get();
  if (running && snapshot.versionKey === running.versionKey) return running.handler;
  if (running && snapshot.versionKey === refusedVersionKey) return running.handler;

  let next: RunningApp;
  try {
    next = composeFor({ snapshot, stage, log: logger });
  } catch (error) {
    if (!running) throw error;
    refusedVersionKey = snapshot.versionKey;
    logger.error("rotated secrets refused; still serving with the previous ones", {
      stage,
      ...errorFields(error),
    });
    return running.handler;
  }

  // A container serves one request at a time, so nothing is in flight on the old app.
  running?.composed.close();
  if (running) logger.info("secrets rotated; app composed with the new values", { stage });
  running = next;
  return next.handler;
}

function composeFor(args: { snapshot: SecretsSnapshot; stage: Stage; log: Logger }): RunningApp {
  const { snapshot, stage, log } = args;
  for (const secretId of snapshot.emptySecretIds) {
    log.warn(`secret ${secretId} has no value yet; fill it (docs/operator-guide.md)`, { stage });
  }
  const config = loadConfig({ ...env, ...snapshot.env });
  const composed = composeApp(config);
  return { versionKey: snapshot.versionKey, composed, handler: handle(composed.app) };
}

/** `LOG_LEVEL` when valid; `loadConfig` reports a bad value by name a moment later. */
function logLevelOf(variables: Record<string, string | undefined>): LogLevel {
  return logLevels.find((level) => level === variables.LOG_LEVEL?.trim()) ?? "info";
}

function stageOf(variables: Record<string, string | undefined>): Stage {
  const value = variables.STAGE?.trim() || "dev";
  const stage = stages.find((candidate) => candidate === value);
  if (!stage) throw new Error(`STAGE must be one of ${stages.join(", ")}`);
  return stage;
}

try {
  container = startContainer();
  await currentHandler();
  logger.info("cold start complete", { stage: container.stage });
} catch (error) {
  logger.error("cold start failed", errorFields(error));
  throw error;
}

/**
 * The function's handler (`index.handler`).
 *
 * A request without `x-request-id` gets the Lambda request id, so the app's log
 * lines, Lambda's own START/END lines and the API's access log (`lambdaRequestId`)
 * share one id.
 *
 * @example An API Gateway v2 event for `POST /ecommerce/one-click-upsell` in,
 * `{ statusCode: 200, headers, body: '{"success":true,...}' }` out.
 */
export async function handler(event: HttpApiEvent, context?: LambdaContext) {
  const api = await currentHandler();
  return api(withRequestId(event, context), context);
}

function withRequestId(event: HttpApiEvent, context: LambdaContext | undefined): HttpApiEvent {
  if (!context?.awsRequestId || event.headers["x-request-id"]) return event;
  return { ...event, headers: { ...event.headers, "x-request-id": context.awsRequestId } };
}
