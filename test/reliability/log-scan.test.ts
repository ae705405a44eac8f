/**
 * The last check of the run (its own Vitest project, ordered after every
 * scenario): everything the suite logged, from every stack's logger and from
 * the workers' raw stdout and stderr, contains no Stripe secret key, no
 * webhook secret and no card number. The hostile-input scenario sent such
 * values in bodies, queries and headers on purpose.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findSecrets, isCardNumber, logDirectory } from "./support/log-capture.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { stripeSecretKeys, webhookSecrets } from "./support/test-secrets.js";

/** One log file per stack (seven scenario files start eight stacks). */
const minimumStackLogs = 7;

afterAll(() => {
  const directory = logDirectory();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("findSecrets", () => {
  it("finds each kind of secret, and no epoch, id or uuid", () => {
    const planted = [
      `{"message":"boom ${stripeSecretKeys.live}"}`,
      '{"key":"sk_test_51AbCdEfGhIjKlMn"}',
      `{"secret":"${webhookSecrets.test}"}`,
      '{"card":"4000 0027 6000 3184"}',
      '{"card":"5555-5555-5555-4444"}',
    ];
    const harmless = [
      '{"time":"2026-12-03T17:00:00.000Z","atEpochMs":1796318479123,"durationMs":12}',
      '{"paymentIntentId":"pi_3Sx9Qa2eZvKYlo2C1aB2c3D4"}',
      '{"requestId":"cda46342-7333-4203-ae43-41d692d51d4d"}',
      '{"message":"sk_live_[redacted] whsec_[redacted] [redacted-number]"}',
    ];

    expect(planted.map((line) => findSecrets(line).length > 0)).toEqual(planted.map(() => true));
    expect(harmless.flatMap(findSecrets)).toEqual([]);
    expect(isCardNumber("4242424242424242")).toBe(true);
    expect(isCardNumber("4242424242424241")).toBe(false);
  });
});

describe("the logs of the whole reliability run", () => {
  it("hold no secret key, webhook secret or card number", (context) => {
    const directory = logDirectory();
    const files = directory ? readdirSync(directory) : [];
    let lines = 0;
    const findings = [];
    for (const file of files) {
      const text = readFileSync(join(directory ?? "", file), "utf8");
      lines += text.split("\n").length - 1;
      findings.push(...findSecrets(text).map((finding) => ({ file, ...finding })));
    }
    const stackLogs = files.filter((file) => file.endsWith(".jsonl")).length;

    printFigures("log scan", { files: files.length, lines, findings: findings.slice(0, 10) });
    reportRow(context, {
      scenario: "6g. logs of the whole suite scanned for secrets",
      requests: 0,
      expected: {
        stackLogsScanned: true,
        linesScannedOver10000: true,
        secretKeys: 0,
        webhookSecrets: 0,
        cardNumbers: 0,
        configuredSecrets: 0,
      },
      observed: {
        stackLogsScanned: stackLogs >= minimumStackLogs,
        linesScannedOver10000: lines > 10_000,
        secretKeys: findings.filter((f) => f.kind === "secret key").length,
        webhookSecrets: findings.filter((f) => f.kind === "webhook secret").length,
        cardNumbers: findings.filter((f) => f.kind === "card number").length,
        configuredSecrets: findings.filter((f) => f.kind === "configured secret").length,
      },
    });
  });
});
