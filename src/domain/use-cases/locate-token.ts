/**
 * Finding an upsell token. The token lives in the tables of exactly one mode;
 * when the client says which (`isTest`), only that mode is searched, and when
 * it does not, the modes this server serves are searched in turn. Either way
 * the token is then handled only with its own mode's Stripe key.
 */
import { TokenNotFoundError } from "../errors.js";
import type { Mode } from "../mode.js";
import type { ModeResources } from "../mode-resources.js";
import type { UpsellToken } from "../upsell-token.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export interface LocatedToken {
  readonly resources: ModeResources;
  readonly token: UpsellToken;
}

/** The token and its mode's resources; throws `TOKEN_NOT_FOUND` when no mode has it. */
export async function locateToken(
  deps: UseCaseDeps,
  args: { upsellToken: string; mode?: Mode | undefined },
): Promise<LocatedToken> {
  const modes = args.mode ? [args.mode] : deps.registry.modes;
  for (const mode of modes) {
    const resources = deps.registry.resourcesOf(mode);
    const token = await resources.store.getToken(args.upsellToken);
    if (token) return { resources, token };
  }
  throw new TokenNotFoundError("Upsell token not found.");
}
