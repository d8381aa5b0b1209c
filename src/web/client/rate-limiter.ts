import { asyncScheduler, defer, type Observable, type SchedulerLike, switchMap, timer } from 'rxjs';

export interface RateLimiterConfig {
  /** Minimum spacing between calls once the burst is used, in ms. @default 1000 */
  readonly intervalMs?: number;
  /** Calls allowed back to back after a quiet period. @default 3 */
  readonly burst?: number;
}

/** Wraps an Observable so it starts only when the limiter grants it a slot. */
export type RateLimiter = <T>(work: Observable<T>) => Observable<T>;

/**
 * Spaces calls out with the generic cell-rate algorithm: up to `burst` calls go at once, then one per
 * `intervalMs`. The slot is taken when the call is subscribed; time comes from the scheduler, so marble tests run
 * it in virtual time.
 */
export function createRateLimiter(config: RateLimiterConfig = {}, scheduler: SchedulerLike = asyncScheduler): RateLimiter {
  const intervalMs = config.intervalMs ?? 1000;
  const tolerance = (Math.max(1, config.burst ?? 3) - 1) * intervalMs;
  let theoreticalArrival = -Infinity;

  return <T>(work: Observable<T>): Observable<T> =>
    defer(() => {
      const now = scheduler.now();
      const start = Math.max(now, theoreticalArrival - tolerance);
      theoreticalArrival = Math.max(theoreticalArrival, start) + intervalMs;
      return start > now ? timer(start - now, scheduler).pipe(switchMap(() => work)) : work;
    });
}

/** No limit at all: for the simulator and tests. */
export const unlimited: RateLimiter = (work) => work;
