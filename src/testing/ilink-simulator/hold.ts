/**
 * Holding a long poll: wait until a signal fires, the hold time passes, the client goes away or the simulator
 * closes. Every hold registers itself so `close()` can end it and no timer outlives the simulator.
 */
import type { TimerSet } from '../simulator/clock.js';
import type { Signal } from './signal.js';

export type HoldEnd = 'signal' | 'timeout' | 'aborted' | 'closed';

export class Holds {
  private readonly live = new Set<(end: HoldEnd) => void>();

  constructor(private readonly timers: TimerSet) {}

  /** Waits on any of `signals` for at most `ms`; `onAbort` registers the client-gone callback. */
  wait(signals: readonly Signal[], ms: number, onAbort: (fn: () => void) => void): Promise<HoldEnd> {
    return new Promise((resolve) => {
      const unlisten = signals.map((signal) => signal.listen(() => finish('signal')));
      const timer = this.timers.set(() => finish('timeout'), ms);
      const finish = (end: HoldEnd) => {
        if (!this.live.delete(finish)) return;
        this.timers.clear(timer);
        for (const off of unlisten) off();
        resolve(end);
      };
      this.live.add(finish);
      onAbort(() => finish('aborted'));
    });
  }

  /** Ends every hold (the server is closing). */
  closeAll(): void {
    for (const finish of [...this.live]) finish('closed');
  }

  get size(): number {
    return this.live.size;
  }
}
