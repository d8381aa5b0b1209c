import { catchError, concat, defer, type Observable, of, repeat, retry, tap, throwError, timer } from 'rxjs';
import { isCommitFailedError } from '../errors/commit-failed-error.js';
import { backoffDelay, type RetryBackoffConfig } from '../retry/retry-backoff.js';
import { isDeviceAuthError, isDeviceSessionEndedError } from './errors/device-guards.js';
import { connection$ } from './connection.js';
import type { ConnectionContext } from './context.js';
import type { LoopEvent, StateChange } from './loop-event.js';
import { problemEvent } from './problems.js';

/**
 * The device session as one stream: connections one after another (at once after a redirect, with backoff after a
 * failure) and everything they observe as values, problems and state changes included. Ends with the final
 * `disconnected` state (`session-ended`, or `failed` for a refused authentication, a failed commit or when
 * reconnecting gives up), then completes; unsubscribing closes the connection in use.
 *
 * The backoff follows `retryBackoff`, but counts failures itself: `retryBackoff` resets its count on any value, and
 * problems and state changes are values here, which would make `reconnect.count` unreachable.
 */
export function receiveLoop$(ctx: ConnectionContext, reconnect: RetryBackoffConfig = {}): Observable<LoopEvent> {
  const { count = Infinity, resetOnSuccess = true, shouldRetry = isRecoverable } = reconnect;
  return defer(() => {
    let failures = 0;
    return defer(() => connection$(ctx)).pipe(
      tap((event) => {
        // Only what an authenticated connection observes counts as a success; its own state changes do not.
        if (resetOnSuccess && event.type !== 'state') failures = 0;
      }),
      catchError((error: unknown) => concat(of(...failureEvents(error, ctx)), throwError(() => error))),
      repeat(),
      retry({
        delay: (error: unknown) => {
          failures++;
          return failures <= count && !isCommitFailedError(error) && shouldRetry(error) ? timer(backoffDelay(failures, reconnect)) : throwError(() => error);
        },
      }),
      catchError((error: unknown) => of(finalState(error))),
    );
  });
}

/** Authentication refusals and forced logouts end the session; everything else is worth a reconnect. */
function isRecoverable(error: unknown): boolean {
  return !isDeviceAuthError(error) && !isDeviceSessionEndedError(error);
}

/**
 * What a dropped connection reports: `reconnecting` when another attempt may follow, then the problem. A failed
 * commit is no connection problem: the final state alone reports it.
 */
function failureEvents(error: unknown, ctx: ConnectionContext): LoopEvent[] {
  if (isCommitFailedError(error)) return [];
  const problem = problemEvent(error, ctx.address);
  if (!isRecoverable(error)) return [problem];
  return [{ type: 'state', state: { status: 'reconnecting', address: ctx.address, error } }, problem];
}

function finalState(error: unknown): StateChange {
  return {
    type: 'state',
    state: {
      status: 'disconnected',
      reason: isDeviceSessionEndedError(error) ? { type: 'session-ended', error } : { type: 'failed', error },
    },
  };
}
