import { defer, type Observable, type SchedulerLike, switchMap, timer } from 'rxjs';

/** Wraps an Observable so it starts only when its turn comes. */
export type Pacer = <T>(work: Observable<T>) => Observable<T>;

/**
 * At least `intervalMs` between the starts of two works, in subscription order (`0`: no spacing). The slot is taken
 * when the work is subscribed; time comes from the scheduler, so marble tests run it in virtual time.
 */
export function createPacer(intervalMs: number, scheduler: SchedulerLike): Pacer {
  if (intervalMs <= 0) return (work) => work;
  let next = -Infinity;
  return <T>(work: Observable<T>): Observable<T> =>
    defer(() => {
      const now = scheduler.now();
      const start = Math.max(now, next);
      next = start + intervalMs;
      return start > now ? timer(start - now, scheduler).pipe(switchMap(() => work)) : work;
    });
}
