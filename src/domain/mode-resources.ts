/**
 * What each mode owns: its Stripe gateway (its own secret key), its token
 * store (its own tables) and its upsell allowlist. A request picks ONE mode
 * and from then on can only reach that mode's resources, which is how test
 * and live data and keys are kept from ever touching each other.
 */
import { ModeNotAvailableError } from "./errors.js";
import type { Mode } from "./mode.js";
import type { PaymentGateway, TokenStore } from "./ports.js";

export interface ModeResources {
  readonly mode: Mode;
  readonly gateway: PaymentGateway;
  readonly store: TokenStore;
  /** Price ids a one-click upsell may charge in this mode. */
  readonly upsellPriceIds: readonly string[];
}

/** The modes this deployment serves, each with its own resources. */
export interface ModeRegistry {
  /** The modes served, test first. */
  readonly modes: readonly Mode[];
  /** The resources of `mode`; throws `MODE_NOT_AVAILABLE` when it is not served. */
  resourcesOf(mode: Mode): ModeResources;
}

/** Builds a registry from the resources of each served mode. */
export function createModeRegistry(resources: readonly ModeResources[]): ModeRegistry {
  const byMode = new Map<Mode, ModeResources>(resources.map((entry) => [entry.mode, entry]));
  const modes = (["test", "live"] as const).filter((mode) => byMode.has(mode));

  return {
    modes,
    resourcesOf(mode) {
      const found = byMode.get(mode);
      if (found) return found;
      throw new ModeNotAvailableError(`${capitalize(mode)} mode is not available on this server.`);
    },
  };
}

function capitalize(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
