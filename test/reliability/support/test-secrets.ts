/**
 * The secrets every reliability stack is configured with. They are long and
 * distinctive on purpose: the log scan (`log-scan.test.ts`) looks for these
 * exact values in everything the suite logged, besides generic patterns.
 */
import type { Mode } from "../../../src/domain/mode.js";

/** Stripe secret keys, per mode (the sandbox takes the mode from the prefix). */
export const stripeSecretKeys: Readonly<Record<Mode, string>> = {
  test: "sk_test_reliabilityK7q2Zr9mXw4Lp",
  live: "sk_live_reliabilityB3n8Vt5yHc1Qd",
};

/** Webhook signing secrets, per endpoint variable. */
export const webhookSecrets = {
  dev: "whsec_reliabilityDevE6u4Pk2sWq",
  test: "whsec_reliabilityTestR9j3Fm7aXz",
  live: "whsec_reliabilityLiveT2c5Gy8bNv",
} as const;

/** Every secret value above, for the scan. */
export const allSecretValues: readonly string[] = [
  ...Object.values(stripeSecretKeys),
  ...Object.values(webhookSecrets),
];

/** Card numbers the suite types or sends somewhere; none may reach a log. */
export const cardNumbersUsed: readonly string[] = [
  "4242424242424242",
  "4000002760003184",
  "4000000000000002",
  "5555555555554444",
];
