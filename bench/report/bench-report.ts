/** Everything one run of `npm run bench` measured, as written to `results/latest.json`. */
import type { ColdStartFigure } from "../scenarios/cold-start.js";
import type { GetUuidLoad } from "../scenarios/get-uuid-overhead.js";
import type { MemoryFigure } from "../scenarios/server-memory.js";
import type { FunnelStripeCalls } from "../scenarios/stripe-calls.js";
import type { TokenReadinessFigure } from "../scenarios/token-readiness.js";
import type { UpsellLoad } from "../scenarios/upsell-overhead.js";
import type { OverheadFigure } from "../support/alternating-rounds.js";
import type { MachineInfo, VersionInfo } from "../support/machine-info.js";

/** The machine, the versions and how busy the machine was. */
export interface RunConditions {
  readonly machine: MachineInfo;
  readonly versions: VersionInfo;
  /** Other work on the machine skews every figure; this says how much there was. */
  readonly loadAverage1m: { readonly atStart: number; readonly atEnd: number };
}

/** One run: its conditions and every figure with its load. */
export interface BenchReport {
  readonly generatedAt: string;
  readonly totalDurationSec: number;
  readonly conditions: RunConditions;
  readonly stripeCalls: {
    readonly coldPriceCache: FunnelStripeCalls;
    readonly warmPriceCache: FunnelStripeCalls;
    readonly floor: number;
    readonly met: boolean;
  };
  readonly tokenReadiness: TokenReadinessFigure;
  readonly overhead: {
    readonly getUuid: OverheadFigure & { readonly load: GetUuidLoad };
    readonly upsell: OverheadFigure & { readonly load: UpsellLoad };
  };
  readonly coldStart: ColdStartFigure;
  readonly memory: MemoryFigure;
}
