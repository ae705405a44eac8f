import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createStripeSecretsCache,
  loadStripeSecrets,
  SecretsLoadError,
  secretIdsFromEnv,
  secretLayout,
  secretsMaxAgeMsFromEnv,
} from "../../src/config/aws-secrets.js";
import { loadConfig } from "../../src/config/config.js";
import { ConfigError } from "../../src/config/env-reader.js";
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from "./support/fake-secrets-manager.js";

const testKey = "sk_test_51FakeSecretKeyForTests";
const devWebhookSecret = "whsec_devSigningSecretForTests";
const liveKey = "sk_live_51FakeLiveKeyForTests";
const liveWebhookSecret = "whsec_liveSigningSecretForTests";

let secretsManager: FakeSecretsManager;
let client: SecretsManagerClient;
let secretCounter = 0;

beforeAll(async () => {
  secretsManager = await startFakeSecretsManager();
  client = new SecretsManagerClient({
    endpoint: secretsManager.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await secretsManager.close();
});

/** A fresh secret id, filled with `value` (a JSON object) unless `value` is undefined. */
function givenSecret(value?: Record<string, unknown> | string): string {
  secretCounter += 1;
  const secretId = `ecommerce-payment/test-${secretCounter}/stripe`;
  if (value === undefined) secretsManager.createEmptySecret(secretId);
  else
    secretsManager.putSecretValue(
      secretId,
      typeof value === "string" ? value : JSON.stringify(value),
    );
  return secretId;
}

async function loadError(promise: Promise<unknown>): Promise<SecretsLoadError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecretsLoadError);
  return error as SecretsLoadError;
}

describe("secretLayout", () => {
  it("puts the test key and the dev webhook secret in the dev stage's test secret", () => {
    expect(secretLayout("dev", "test")).toEqual({
      required: ["STRIPE_SECRET_KEY_TEST", "STRIPE_WEBHOOK_SECRET_DEV"],
      optional: ["STRIPE_PUBLISHABLE_KEY_TEST"],
    });
  });

  it("gives each mode of the prod stage its own key and webhook secret", () => {
    expect(secretLayout("prod", "test").required).toEqual([
      "STRIPE_SECRET_KEY_TEST",
      "STRIPE_WEBHOOK_SECRET_TEST",
    ]);
    expect(secretLayout("prod", "live").required).toEqual([
      "STRIPE_SECRET_KEY_LIVE",
      "STRIPE_WEBHOOK_SECRET_LIVE",
    ]);
  });
});

describe("secretIdsFromEnv", () => {
  it("reads one secret id per mode the stage serves", () => {
    const env = { STRIPE_SECRETS_ID_TEST: "a", STRIPE_SECRETS_ID_LIVE: "b" };
    expect(secretIdsFromEnv(env, "prod")).toEqual({ test: "a", live: "b" });
    expect(secretIdsFromEnv({ STRIPE_SECRETS_ID_TEST: "a" }, "dev")).toEqual({ test: "a" });
  });

  it("names the missing variable", () => {
    expect(() => secretIdsFromEnv({ STRIPE_SECRETS_ID_TEST: "a" }, "prod")).toThrow(
      /STRIPE_SECRETS_ID_LIVE is required in stage prod/,
    );
  });

  it("refuses a live secret in the dev stage", () => {
    const env = { STRIPE_SECRETS_ID_TEST: "a", STRIPE_SECRETS_ID_LIVE: "b" };
    expect(() => secretIdsFromEnv(env, "dev")).toThrow(/STRIPE_SECRETS_ID_LIVE must not be set/);
  });
});

describe("secretsMaxAgeMsFromEnv", () => {
  it("defaults to five minutes", () => {
    expect(secretsMaxAgeMsFromEnv({})).toBe(5 * 60 * 1000);
  });

  it("reads whole seconds", () => {
    expect(secretsMaxAgeMsFromEnv({ STRIPE_SECRETS_MAX_AGE_SECONDS: "90" })).toBe(90_000);
  });

  it.each(["0", "-5", "1.5", "soon"])("refuses %j", (value) => {
    expect(() => secretsMaxAgeMsFromEnv({ STRIPE_SECRETS_MAX_AGE_SECONDS: value })).toThrow(
      /STRIPE_SECRETS_MAX_AGE_SECONDS/,
    );
  });
});

describe("loadStripeSecrets", () => {
  it("returns each mode's settings under the environment's names", async () => {
    const test = givenSecret({
      STRIPE_SECRET_KEY_TEST: testKey,
      STRIPE_WEBHOOK_SECRET_TEST: "whsec_prodTestSigningSecret",
    });
    const live = givenSecret({
      STRIPE_SECRET_KEY_LIVE: liveKey,
      STRIPE_WEBHOOK_SECRET_LIVE: liveWebhookSecret,
      STRIPE_PUBLISHABLE_KEY_LIVE: "pk_live_visible",
    });

    const snapshot = await loadStripeSecrets({
      client,
      stage: "prod",
      secretIds: { test, live },
    });

    expect(snapshot.env).toEqual({
      STRIPE_SECRET_KEY_TEST: testKey,
      STRIPE_WEBHOOK_SECRET_TEST: "whsec_prodTestSigningSecret",
      STRIPE_SECRET_KEY_LIVE: liveKey,
      STRIPE_WEBHOOK_SECRET_LIVE: liveWebhookSecret,
      STRIPE_PUBLISHABLE_KEY_LIVE: "pk_live_visible",
    });
    expect(snapshot.emptySecretIds).toEqual([]);
  });

  it("reports a secret created empty instead of failing", async () => {
    const test = givenSecret();

    const snapshot = await loadStripeSecrets({ client, stage: "dev", secretIds: { test } });

    expect(snapshot.env).toEqual({});
    expect(snapshot.emptySecretIds).toEqual([test]);
  });

  it("skips blank values, so a half-filled template reads as unset", async () => {
    const test = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey, STRIPE_WEBHOOK_SECRET_DEV: " " });

    const snapshot = await loadStripeSecrets({ client, stage: "dev", secretIds: { test } });

    expect(snapshot.env).toEqual({ STRIPE_SECRET_KEY_TEST: testKey });
  });

  it("refuses a live setting in the test secret, naming it but not its value", async () => {
    const test = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey, STRIPE_SECRET_KEY_LIVE: liveKey });

    const error = await loadError(
      loadStripeSecrets({ client, stage: "prod", secretIds: { test, live: givenSecret() } }),
    );

    expect(error.code).toBe("SECRET_INVALID");
    expect(error.message).toContain("STRIPE_SECRET_KEY_LIVE");
    expect(error.message).toContain(test);
    expect(error.message).not.toContain(liveKey);
    expect(error.message).not.toContain(testKey);
  });

  it("refuses the prod webhook secret name in the dev stage", async () => {
    const test = givenSecret({ STRIPE_WEBHOOK_SECRET_TEST: devWebhookSecret });

    const error = await loadError(loadStripeSecrets({ client, stage: "dev", secretIds: { test } }));

    expect(error.message).toContain("STRIPE_WEBHOOK_SECRET_TEST");
    expect(error.message).not.toContain(devWebhookSecret);
  });

  it("refuses a bare key stored instead of JSON without quoting it", async () => {
    const test = givenSecret(testKey);

    const error = await loadError(loadStripeSecrets({ client, stage: "dev", secretIds: { test } }));

    expect(error.message).toMatch(/is not JSON/);
    expect(error.message).not.toContain(testKey.slice(0, 12));
    expect(error.cause).toBeUndefined();
  });

  it.each([
    ["an array", "[]"],
    ["a number", "42"],
    ["null", "null"],
  ])("refuses %s", async (_kind, secretString) => {
    const test = givenSecret(secretString);

    const error = await loadError(loadStripeSecrets({ client, stage: "dev", secretIds: { test } }));

    expect(error.message).toMatch(/not a JSON object/);
  });

  it("refuses a setting that is not a string", async () => {
    const test = givenSecret({ STRIPE_SECRET_KEY_TEST: 42 });

    const error = await loadError(loadStripeSecrets({ client, stage: "dev", secretIds: { test } }));

    expect(error.message).toContain("non-string STRIPE_SECRET_KEY_TEST");
  });

  it("turns an access failure into SECRETS_UNAVAILABLE naming secret and reason", async () => {
    const test = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    secretsManager.failNext({ count: 1, status: 400, errorType: "AccessDeniedException" });

    const error = await loadError(loadStripeSecrets({ client, stage: "dev", secretIds: { test } }));

    expect(error.code).toBe("SECRETS_UNAVAILABLE");
    expect(error.message).toBe(`cannot read secret ${test}: AccessDeniedException`);
  });
});

describe("createStripeSecretsCache", () => {
  const maxAgeMs = 60_000;

  function givenCache(options: { secretId: string; clock: { nowMs: number } }) {
    const refreshErrors: unknown[] = [];
    const cache = createStripeSecretsCache({
      client,
      stage: "dev",
      secretIds: { test: options.secretId },
      maxAgeMs,
      retryAfterFailureMs: 10_000,
      onRefreshError: (error) => refreshErrors.push(error),
      nowMs: () => options.clock.nowMs,
    });
    return { cache, refreshErrors };
  }

  function readsOf(secretId: string): number {
    return secretsManager.requestedIds.filter((id) => id === secretId).length;
  }

  it("reads Secrets Manager once while the snapshot is younger than the max age", async () => {
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    const clock = { nowMs: 1_000_000 };
    const { cache } = givenCache({ secretId, clock });

    await cache.get();
    clock.nowMs += maxAgeMs - 1;
    const again = await cache.get();

    expect(again.env.STRIPE_SECRET_KEY_TEST).toBe(testKey);
    expect(readsOf(secretId)).toBe(1);
  });

  it("shares one read between concurrent cold-start callers", async () => {
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    const { cache } = givenCache({ secretId, clock: { nowMs: 0 } });

    await Promise.all([cache.get(), cache.get(), cache.get()]);

    expect(readsOf(secretId)).toBe(1);
  });

  it("picks up a rotated key once the max age has passed", async () => {
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    const clock = { nowMs: 1_000_000 };
    const { cache } = givenCache({ secretId, clock });
    const before = await cache.get();
    const rotatedKey = "sk_test_51RotatedKeyAfterRoll";

    secretsManager.putSecretValue(secretId, JSON.stringify({ STRIPE_SECRET_KEY_TEST: rotatedKey }));
    clock.nowMs += maxAgeMs;
    const after = await cache.get();

    expect(after.env.STRIPE_SECRET_KEY_TEST).toBe(rotatedKey);
    expect(after.versionKey).not.toBe(before.versionKey);
  });

  it("keeps the last good snapshot when a refresh fails, retrying after back-off", async () => {
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    const clock = { nowMs: 1_000_000 };
    const { cache, refreshErrors } = givenCache({ secretId, clock });
    await cache.get();

    secretsManager.failNext({ count: 1, status: 500, errorType: "InternalServiceError" });
    clock.nowMs += maxAgeMs;
    const duringOutage = await cache.get();
    clock.nowMs += 5_000;
    await cache.get();
    const readsDuringBackOff = readsOf(secretId);
    clock.nowMs += 5_000;
    await cache.get();

    expect(duringOutage.env.STRIPE_SECRET_KEY_TEST).toBe(testKey);
    expect(refreshErrors).toHaveLength(1);
    expect(readsDuringBackOff).toBe(2);
    expect(readsOf(secretId)).toBe(3);
  });

  it("keeps the last good snapshot when the rotated secret is malformed", async () => {
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    const clock = { nowMs: 0 };
    const { cache, refreshErrors } = givenCache({ secretId, clock });
    await cache.get();

    secretsManager.putSecretValue(secretId, "sk_test_pasted_without_json");
    clock.nowMs += maxAgeMs;
    const snapshot = await cache.get();

    expect(snapshot.env.STRIPE_SECRET_KEY_TEST).toBe(testKey);
    expect(refreshErrors[0]).toBeInstanceOf(SecretsLoadError);
  });

  it("fails the first read, so a cold start with unreadable secrets stops", async () => {
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: testKey });
    secretsManager.failNext({ count: 1, status: 400, errorType: "AccessDeniedException" });
    const { cache } = givenCache({ secretId, clock: { nowMs: 0 } });

    const error = await loadError(cache.get());

    expect(error.code).toBe("SECRETS_UNAVAILABLE");
  });
});

describe("secrets merged into the configuration", () => {
  const functionEnv = { STAGE: "prod", ALLOWED_ORIGINS: "https://shop.example.com" };

  async function configError(secretValues: Record<string, string>): Promise<ConfigError> {
    const live = givenSecret(secretValues);
    const snapshot = await loadStripeSecrets({
      client,
      stage: "prod",
      secretIds: { test: givenSecret(), live },
    });
    try {
      loadConfig({ ...functionEnv, ...snapshot.env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error("expected loadConfig to refuse the secrets");
  }

  it("serves a mode with the keys read from its secret", async () => {
    const live = givenSecret({
      STRIPE_SECRET_KEY_LIVE: liveKey,
      STRIPE_WEBHOOK_SECRET_LIVE: liveWebhookSecret,
    });
    const snapshot = await loadStripeSecrets({
      client,
      stage: "prod",
      secretIds: { test: givenSecret(), live },
    });

    const config = loadConfig({ ...functionEnv, ...snapshot.env });

    expect(config.modes.live?.secretKey).toBe(liveKey);
    expect(config.modes.test).toBeUndefined();
    expect(config.webhookEndpoints.find((endpoint) => endpoint.mode === "live")?.secret).toBe(
      liveWebhookSecret,
    );
  });

  it("stops the start on a test key in the live secret, naming only the setting", async () => {
    const error = await configError({ STRIPE_SECRET_KEY_LIVE: testKey });

    expect(error.message).toContain("STRIPE_SECRET_KEY_LIVE must start with sk_live_");
    expect(error.message).not.toContain(testKey);
  });

  it("stops the start on a signing secret without whsec_, naming only the setting", async () => {
    const error = await configError({
      STRIPE_SECRET_KEY_LIVE: liveKey,
      STRIPE_WEBHOOK_SECRET_LIVE: liveKey,
    });

    expect(error.message).toContain("STRIPE_WEBHOOK_SECRET_LIVE must start with whsec_");
    expect(error.message).not.toContain(liveKey);
  });
});
