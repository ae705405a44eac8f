/**
 * Writes that follow a money movement must not change the client's answer:
 * once Stripe has charged (or declined), the customer hears that, even if
 * DynamoDB fails to record it. The failure is logged; the token stays in a
 * state from which the same request recovers the outcome (same idempotency
 * key), so nothing is charged twice.
 */
import { errorFields } from "../../log/error-fields.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/** Runs `work`; logs and swallows its failure. */
export async function runBestEffort(
  deps: Pick<UseCaseDeps, "logger">,
  failureMessage: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    deps.logger.error(failureMessage, errorFields(error));
  }
}
