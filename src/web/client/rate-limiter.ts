import { asyncScheduler, defer, type Observable, type SchedulerLike, switchMap, timer } from 'rxjs';

export interface RateLimiterConfig {
  /** Minimum spacing between calls once the burst is used, in ms. @default 1000 */
  readonly intervalMs?: number;
  /** Calls allowed back to back after a quiet period. @default 3 */
  readonly burst?: number;
}

/** Wraps an Observable so it starts only when the limiter grants it a slot. */
export interface RateLimiter {
  <T>(work: Observable<T>): Observable<T>;
  /**
   * Grants no slot for `ms` from now, also to calls already waiting for theirs: the server answered one of them
   * "too frequent" (1205), and the calls behind it would only get the same answer.
   */
  pauseFor(ms: number): void;
}

/**
 * Spaces calls out with the generic cell-rate algorithm: up to `burst` calls go at once, then one per
 * `intervalMs`. The slot is taken when the call is subscribed; time comes from the scheduler, so marble tests run
 * it in virtual time.
 */
export function createRateLimiter(config: RateLimiterConfig = {}, scheduler: SchedulerLike = asyncScheduler): RateLimiter {
  const intervalMs = config.intervalMs ?? 1000;
  const tolerance = (Math.max(1, config.burst ?? 3) - 1) * intervalMs;
  let theoreticalArrival = -Infinity;
  let pausedUntil = -Infinity;

  const limit = <T>(work: Observable<T>): Observable<T> =>
    defer(() => {
      const now = scheduler.now();
      const start = Math.max(now, theoreticalArrival - tolerance, pausedUntil);
      theoreticalArrival = Math.max(theoreticalArrival, start) + intervalMs;
      if (start <= now) return work;
      // A pause that began while this call waited sends it back for a slot after the pause.
      return timer(start - now, scheduler).pipe(switchMap(() => (scheduler.now() < pausedUntil ? limit(work) : work)));
    });
  return Object.assign(limit, {
    pauseFor(ms: number): void {
      pausedUntil = Math.max(pausedUntil, scheduler.now() + ms);
      // The calls after the pause are spaced from its end, not let through together.
      theoreticalArrival = Math.max(theoreticalArrival, pausedUntil);
    },
  });
}

/** No limit at all: for the simulator and tests. */
export const unlimited: RateLimiter = Object.assign(<T>(work: Observable<T>): Observable<T> => work, { pauseFor: (): void => undefined });
