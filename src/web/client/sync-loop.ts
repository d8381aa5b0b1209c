import {
  concat,
  concatMap,
  defer,
  EMPTY,
  expand,
  from,
  ignoreElements,
  map,
  type Observable,
  type ObservableInput,
  of,
  repeat,
  switchMap,
  tap,
  throwError,
  timer,
} from 'rxjs';
import { retryOnRetcode, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { isDecodeError, isNetworkError, isSessionEndedError, isTimeoutError } from '../../errors/guards.js';
import { retcodeError } from '../../errors/retcode-error-for.js';
import { parseSynccheck } from '../protocol/login-bodies.js';
import { syncCheckRequest, syncRequest } from '../protocol/requests.js';
import { decodeSync, ensureOk } from '../protocol/responses.js';
import { describeRetcode } from '../../errors/retcodes.js';
import { applySync } from './apply-sync.js';
import { call } from './call.js';
import { type SessionDeps, sessionContext } from './session-init.js';
import type { SessionState } from './session-state.js';
import type { WxEvent } from '../../model/events.js';

export interface SyncLoopDeps extends SessionDeps {
  /** The current session (a relogin replaces it). */
  readonly state: () => SessionState;
  readonly emit: (event: WxEvent) => void;
  /** Called after every applied webwxsync batch (the client saves the session). */
  readonly synced: () => void;
  /**
   * The save of what was delivered so far, while it runs: the next batch is delivered only once it is done, so a
   * hard kill repeats at most one batch. @default none (nothing to wait for)
   */
  readonly saving?: () => ObservableInput<unknown> | undefined;
  readonly retry: RetryOnRetcodeConfig;
  /**
   * After this many back-to-back syncs that brought nothing (the "selector keeps returning 2" quirk after media
   * sends), pause `emptySyncPauseMs` before the next synccheck so the loop never spins hot.
   */
  readonly emptySyncLimit: number;
  readonly emptySyncPauseMs: number;
}

/**
 * One webwxsync, then again at once while `ContinueFlag` ≠ 0. Each answer is fully decoded and applied before the
 * next request is built, so the keys only advance past what was delivered; a failed or lost answer is retried from
 * the old key.
 */
export function drain$(deps: SyncLoopDeps): Observable<number> {
  const once$ = defer(() => {
    const state = deps.state();
    return call(deps.transport, () => syncRequest(sessionContext(deps, state), state.syncKey), decodeSync).pipe(
      concatMap((response) => {
        ensureOk('webwxsync', response);
        const deliver = () => {
          const news = applySync(state, response, deps.emit);
          deps.synced();
          return { news, more: (response.ContinueFlag ?? 0) !== 0 };
        };
        const saving = deps.saving?.();
        return saving === undefined ? of(deliver()) : concat(from(saving).pipe(ignoreElements()), defer(() => of(deliver())));
      }),
    );
  });
  return once$.pipe(
    expand(({ more }) => (more ? once$ : EMPTY)),
    map(({ news }) => news),
  );
}

/** One synccheck long poll; a non-zero retcode is a typed error, a non-zero selector drains webwxsync. */
function pollOnce$(deps: SyncLoopDeps): Observable<number> {
  return defer(() => {
    const state = deps.state();
    return call(deps.transport, () => syncCheckRequest(sessionContext(deps, state), state.syncCheckKey), parseSynccheck);
  }).pipe(
    switchMap(({ retcode, selector }) => {
      if (retcode !== 0) return throwError(() => retcodeError('synccheck', retcode));
      return selector === 0 ? EMPTY : drain$(deps);
    }),
  );
}

function report(deps: SyncLoopDeps, error: unknown): void {
  if (isSessionEndedError(error)) {
    deps.emit({ type: 'session-ended', retcode: error.retcode, reason: describeRetcode(error.retcode), error });
  } else if (isDecodeError(error)) deps.emit({ type: 'decode-problem', error });
  else if (isNetworkError(error) || isTimeoutError(error)) deps.emit({ type: 'network-problem', error });
}

/**
 * The receive loop: synccheck → webwxsync (while ContinueFlag) → synccheck … forever. Problems are reported as
 * events; transient ones back off and go on, 1205 backs off longer, a session end calls the relogin hook of
 * `retry` and otherwise ends the loop with the `SessionEndedError`.
 */
export function syncLoop$(deps: SyncLoopDeps): Observable<never> {
  return defer(() => {
    let emptySyncs = 0;
    return pollOnce$(deps).pipe(
      tap((news) => {
        emptySyncs = news === 0 ? emptySyncs + 1 : 0;
      }),
      repeat({
        delay: () => {
          if (emptySyncs < deps.emptySyncLimit) return timer(0);
          emptySyncs = 0;
          return timer(deps.emptySyncPauseMs);
        },
      }),
      tap({ error: (error: unknown) => report(deps, error) }),
      retryOnRetcode(deps.retry),
      switchMap(() => EMPTY),
    );
  });
}
