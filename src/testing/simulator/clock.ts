/**
 * Time for the simulator: every hold, QR lifetime and session expiry reads `now()` and schedules through this port,
 * so tests can swap in a `ManualClock` and move time forward without waiting (docs/protocol.md §7, last item).
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Wall-clock time and Node timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface ManualTimer {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
}

/** A clock that only moves when told to; due timers run synchronously inside `advance`, in time order. */
export class ManualClock implements Clock {
  private time: number;
  private order = 0;
  private readonly timers = new Set<ManualTimer>();

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer: ManualTimer = { at: this.time + Math.max(0, ms), order: this.order++, fn };
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as ManualTimer);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones they schedule). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.timers) if (t.at <= target && (next === undefined || t.at < next.at || (t.at === next.at && t.order < next.order))) next = t;
      if (next === undefined) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = target;
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }
}

/** The timers one simulator started, so `close()` can cancel all of them (the process must exit by itself after). */
export class TimerSet {
  private readonly live = new Set<unknown>();

  constructor(readonly clock: Clock) {}

  set(fn: () => void, ms: number): unknown {
    const handle = this.clock.setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    this.live.add(handle);
    return handle;
  }

  clear(handle: unknown): void {
    if (handle === undefined || !this.live.delete(handle)) return;
    this.clock.clearTimeout(handle);
  }

  clearAll(): void {
    for (const handle of this.live) this.clock.clearTimeout(handle);
    this.live.clear();
  }

  get size(): number {
    return this.live.size;
  }
}
