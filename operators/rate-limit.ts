import {
  asyncScheduler,
  defer,
  map,
  mergeMap,
  type MonoTypeOperatorFunction,
  type Observable,
  of,
  type SchedulerLike,
  timer,
} from 'rxjs';

/** A token bucket: up to `burst` values back to back, then one per `intervalMs`. */
export interface RateRule {
  /** Spacing between values once the burst is used up, in ms. */
  readonly intervalMs: number;
  /** Values allowed back to back after a quiet period. @default 1 */
  readonly burst?: number;
}

export interface RateLimitConfig<T> {
  /** The limit for each chat on its own. @default none */
  readonly perChat?: RateRule;
  /** The limit across all chats, applied after the per-chat one. @default none */
  readonly global?: RateRule;
  /** The chat of a value. @default the value's `chat` */
  readonly key?: (value: T) => string;
  /** The clock and timers; a `TestScheduler` runs it in virtual time. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

/**
 * Delays values (never drops them) so that each chat, and all chats together, stay within a rate: token buckets
 * on the scheduler's clock, the per-chat one first, then the global one in the order values leave the first.
 * Order within a chat is kept; a busy chat does not hold up a quiet one beyond the global limit. Buckets of chats
 * that have been quiet long enough to refill are forgotten, so state stays bounded by the active chats. Waiting
 * values are held in memory: put it after the filters, right before the sends it protects.
 *
 * Like a turnstile per queue feeding one gate: each queue lets people through at its own pace, the gate at its own.
 *
 * ```text
 * source:   -xyz---w---|      (x, y, w = chat A; z = chat B)
 *             rateLimit({ perChat: { intervalMs: 3 } })
 * result:   -x-zy--w---|      (y waits for A's next slot at 4; z goes at once)
 * ```
 *
 * @example
 * ```ts
 * import { rateLimit } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * const start = Date.now();
 * of(text('1'), text('2'), text('3'))
 *   .pipe(rateLimit({ perChat: { intervalMs: 1000, burst: 2 } }))
 *   .subscribe((m) => console.log(m.text, Math.round((Date.now() - start) / 1000)));
 * // Output:
 * // 1 0
 * // 2 0
 * // 3 1
 * ```
 *
 * @see debounceByChat to keep only the last of a burst instead.
 * @param config the per-chat and global rules and the scheduler.
 * @returns an operator mirroring the source with delays.
 */
export function rateLimit<T>(config: RateLimitConfig<T> & { readonly key: (value: T) => string }): MonoTypeOperatorFunction<T>;
export function rateLimit<T extends { readonly chat: string }>(config: RateLimitConfig<T>): MonoTypeOperatorFunction<T>;
export function rateLimit<T>(config: RateLimitConfig<T>): MonoTypeOperatorFunction<T> {
  const { perChat, global, scheduler = asyncScheduler } = config;
  const keyOf = config.key ?? ((value: T) => (value as { readonly chat: string }).chat);
  return (source) => {
    let limited = source;
    if (perChat) {
      const rule = perChat;
      limited = delayEach(limited, scheduler, () => {
        const buckets = new Map<string, Bucket>();
        let sweepAt = 64;
        return (value: T) => {
          const now = scheduler.now();
          const key = keyOf(value);
          let bucket = buckets.get(key);
          if (bucket === undefined) {
            if (buckets.size >= sweepAt) {
              for (const [k, b] of buckets) if (b.isFull(now)) buckets.delete(k);
              sweepAt = Math.max(64, buckets.size * 2);
            }
            bucket = new Bucket(rule);
            buckets.set(key, bucket);
          }
          return bucket.take(now);
        };
      });
    }
    if (global) {
      const rule = global;
      limited = delayEach(limited, scheduler, () => {
        const bucket = new Bucket(rule);
        return () => bucket.take(scheduler.now());
      });
    }
    return limited;
  };
}

/**
 * Delays each value by what `wait` answers (fresh state per subscription). A bucket's slots never go back in time
 * nor tie, so the timers keep the order of the values they hold.
 */
function delayEach<T>(source: Observable<T>, scheduler: SchedulerLike, create: () => (value: T) => number): Observable<T> {
  return defer(() => {
    const wait = create();
    return source.pipe(
      mergeMap((value) => {
        const ms = wait(value);
        return ms > 0 ? timer(ms, scheduler).pipe(map(() => value)) : of(value);
      }),
    );
  });
}

/** The generic cell-rate algorithm: the same bucket as the client's send limiter. */
class Bucket {
  private theoreticalArrival = -Infinity;
  private readonly interval: number;
  private readonly tolerance: number;

  constructor(rule: RateRule) {
    this.interval = rule.intervalMs;
    this.tolerance = (Math.max(1, rule.burst ?? 1) - 1) * rule.intervalMs;
  }

  /** Reserves the next slot; returns how long to wait for it. */
  take(now: number): number {
    const start = Math.max(now, this.theoreticalArrival - this.tolerance);
    this.theoreticalArrival = Math.max(this.theoreticalArrival, start) + this.interval;
    return start - now;
  }

  isFull(now: number): boolean {
    return this.theoreticalArrival <= now;
  }
}
