import { type MonoTypeOperatorFunction, retry, throwError, timer } from 'rxjs';
import { isCommitFailedError } from '../errors/commit-failed-error.js';
import { isSessionStoreError } from '../errors/guards.js';
import { isFencedOutError } from '../redis/fenced-out-error.js';

/**
 * A failure the account may recover from by starting again from its committed state (Redis or the network was down),
 * not one that would only repeat: fenced out (the shard is another's now), or a state this process cannot open
 * (sealed with a key it lacks, or changed) — a `SessionStoreError` of its own, where Redis failures carry their cause.
 */
export function isRestartable(error: unknown): boolean {
  if (isFencedOutError(error)) return false;
  if (isSessionStoreError(error) && error.cause === undefined) return false;
  return !(isCommitFailedError(error) && isFencedOutError(error.cause));
}

/** Subscribes again after a failure it may recover from: after 250 ms, doubling up to `maxDelayMs`; any other fails. */
export function restartWhileRecoverable<T>(maxDelayMs: number): MonoTypeOperatorFunction<T> {
  // retry counts from 1: the first restart waits 250 ms.
  return retry({ delay: (error: unknown, count) => (isRestartable(error) ? timer(Math.min(maxDelayMs, 250 * 2 ** (count - 1))) : throwError(() => error)) });
}
