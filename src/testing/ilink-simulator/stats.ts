/** Counters of an iLink simulator, for `sim.stats()` and `GET /__sim/stats`. */
import type { IlinkState } from './state.js';

export interface IlinkStats {
  /** Requests per endpoint (`getupdates`, `upload`, …). */
  readonly requests: Readonly<Record<string, number>>;
  /** Long polls (and delay faults) being held now. */
  readonly held: number;
  readonly timers: number;
  readonly liveBots: number;
  readonly cdnObjects: number;
}

export function ilinkStats(state: IlinkState): IlinkStats {
  return {
    requests: Object.fromEntries(state.counts),
    held: state.holds.size,
    timers: state.timers.size,
    liveBots: state.bots.all().filter((b) => b.alive).length,
    cdnObjects: state.cdn.objects.size,
  };
}
