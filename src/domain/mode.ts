/**
 * Stage and mode: the two axes that keep money and data apart.
 *
 * A stage is a deployment (`dev` or `prod`). A mode is Stripe's test or live
 * mode. The `dev` stage serves test mode only; the `prod` stage serves both,
 * each with its own Stripe key, webhook secret and tables.
 */
export type Stage = "dev" | "prod";
export type Mode = "test" | "live";

export const stages: readonly Stage[] = ["dev", "prod"];
export const modes: readonly Mode[] = ["test", "live"];

/** The modes a stage serves. */
export function modesOfStage(stage: Stage): readonly Mode[] {
  return stage === "dev" ? ["test"] : modes;
}
