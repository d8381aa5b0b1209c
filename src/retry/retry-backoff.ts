import { type MonoTypeOperatorFunction, retry, throwError, timer } from 'rxjs';
import { isLoginRefusedError, isRetcodeError, isSessionEndedError } from '../errors/guards.js';
import { classifyRetcode } from '../errors/retcodes.js';

export interface RetryBackoffConfig {
  /** Consecutive failures tolerated before the error passes through. @default Infinity */
  readonly count?: number;
  /** Delay before the first retry, in ms. @default 1000 */
  readonly initialDelay?: number;
  /** Upper bound of any delay, in ms. @default 60000 */
  readonly maxDelay?: number;
  /** Full jitter: wait a random time in [minDelay, delay) so many clients don't retry in step. @default true */
  readonly jitter?: boolean;
  /** The shortest wait, jitter included: a floor the server asked for (1205) is never undercut. @default 0 */
  readonly minDelay?: number;
  /** Reset the failure count whenever the source emits, so `count` bounds consecutive failures. @default true */
  readonly resetOnSuccess?: boolean;
  /** Whether an error may be retried at all. @default retry all but session-ended, login-refused and fatal retcodes */
  readonly shouldRetry?: (error: unknown) => boolean;
  /** Randomness for the jitter, injectable for tests. @default Math.random */
  readonly random?: () => number;
}

/** Errors no retry can fix: the session is over, the account is refused, or the server said the request is wrong. */
export function isRetryable(error: unknown): boolean {
  if (isSessionEndedError(error) || isLoginRefusedError(error)) return false;
  if (isRetcodeError(error)) return classifyRetcode(error.retcode) === 'rate-limited';
  return true;
}

/** The delay before retry number `attempt` (1-based): exponential, capped, optionally fully jittered. */
export function backoffDelay(attempt: number, config: RetryBackoffConfig = {}): number {
  const { initialDelay = 1000, maxDelay = 60_000, jitter = true, random = Math.random, minDelay = 0 } = config;
  const capped = Math.max(minDelay, Math.min(maxDelay, initialDelay * 2 ** (attempt - 1)));
  return jitter ? minDelay + Math.floor(random() * (capped - minDelay)) : capped;
}

/**
 * Resubscribes after transient failures, waiting twice as long each time (with full jitter, up to a cap);
 * errors no retry can fix (session ended, login refused, fatal retcodes) pass straight through.
 *
 * Like a polite caller who redials after a busy tone, waiting a little longer each time, but hangs up for good
 * when told the number no longer exists.
 *
 * ```text
 * source:   --#
 *             retryBackoff({ count: 2, initialDelay: 2, jitter: false })
 * result:   ------------#
 *           (subscribed at 0, 4 and 10; the third failure passes through)
 * ```
 *
 * @example
 * ```ts
 * import { retryBackoff } from 'wechat-rx';
 * import { defer } from 'rxjs';
 *
 * let calls = 0;
 * defer(async () => {
 *   if (++calls < 3) throw new Error('flaky');
 *   return 'ok';
 * })
 *   .pipe(retryBackoff({ initialDelay: 10 }))
 *   .subscribe(console.log);
 * // Output (after two quick retries):
 * // ok
 * ```
 *
 * @see retryOnRetcode for the retcode-aware policy the client uses.
 * @param config counts, delays and the fatal escape; every field has a default.
 * @returns an operator that mirrors the source, retrying failures as configured.
 */
export function retryBackoff<T>(config: RetryBackoffConfig = {}): MonoTypeOperatorFunction<T> {
  const { count = Infinity, resetOnSuccess = true, shouldRetry = isRetryable } = config;
  return retry({
    count,
    resetOnSuccess,
    delay: (error: unknown, attempt: number) =>
      shouldRetry(error) ? timer(backoffDelay(attempt, config)) : throwError(() => error),
  });
}
