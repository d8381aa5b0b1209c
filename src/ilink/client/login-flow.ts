import {
  catchError,
  concat,
  defer,
  EMPTY,
  from,
  ignoreElements,
  map,
  type Observable,
  of,
  repeat,
  retry,
  type SchedulerLike,
  Subject,
  switchMap,
  take,
  takeUntil,
  takeWhile,
  tap,
  throwError,
  timer,
} from 'rxjs';
import { isDecodeError, isNetworkError, isTimeoutError } from '../../errors/guards.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { QrExpiredError } from '../../errors/qr-expired-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import { backoffDelay } from '../../retry/retry-backoff.js';
import { IlinkLoginError } from '../errors/ilink-login-error.js';
import { getBotQrcode, getQrcodeStatus, type QrStatusAnswer } from '../protocol/endpoints/login.js';
import { type BoundBot, codeSubmitted, type LoginNext, nextQrCode, type QrLoginState, reduceQrStatus, startLogin, type StatusStep } from '../protocol/login-status.js';
import type { Hosts } from './hosts.js';
import type { IlinkHttp } from './http.js';
import type { IlinkLoginStep } from './types.js';

export interface LoginFlowDeps {
  readonly http: IlinkHttp;
  readonly hosts: Hosts;
  readonly scheduler: SchedulerLike;
  /** The pause between status polls. */
  readonly pollIntervalMs: number;
  /** The whole login's limit. */
  readonly timeoutMs: number;
  /** Live tokens of bots this client holds, for `local_token_list`. */
  readonly localTokens: readonly string[];
  /** Randomness for the jitter of QR fetch retries. */
  readonly random: () => number;
}

/** What a QR login emits: the public steps, then how it ended. */
export type QrFlowStep =
  | Exclude<IlinkLoginStep, { readonly type: 'logged-in' }>
  | { readonly type: 'bound'; readonly bot: BoundBot }
  | { readonly type: 'already-bound' };

type Action =
  | { readonly type: 'fetch-qr' }
  | { readonly type: 'poll'; readonly delayMs: number; readonly code?: string }
  | { readonly type: 'wait-code' };

const WAIT: QrStatusAnswer = { status: 'wait' };
const PAIR_CODE = /^[0-9A-Za-z]{1,16}$/;

/**
 * Poll failures that mean "nothing yet" (docs/ilink-protocol.md §4.2): a timeout, a network or gateway error, a
 * garbled body.
 */
const isWait = (error: unknown): boolean => isTimeoutError(error) || isNetworkError(error) || isDecodeError(error);

const isFinal = (step: QrFlowStep): boolean => step.type === 'bound' || step.type === 'already-bound';

/**
 * A QR binding as a stream of steps (docs/ilink-protocol.md §4): a QR code, status polls (held by the server; a
 * timeout or network failure counts as `wait`), a pause between polls, the pair code when the phone asks for one, new
 * codes after `expired` or `verify_code_blocked` (3 codes at most, then `QrExpiredError`), and the end: `bound` with
 * the new bot's credentials, or `already-bound`. Cold; unsubscribing aborts the held poll. The whole login fails with
 * `TimeoutError` (endpoint `login`) after `timeoutMs`.
 */
export function qrLogin$(deps: LoginFlowDeps): Observable<QrFlowStep> {
  return defer(() => {
    const { http, hosts, scheduler } = deps;
    // The pair code the user gave for the current `verify-code` step (a `submit` may come at once, from the step's handler).
    let pendingCode: string | undefined;
    const submitted = new Subject<void>();
    let state: QrLoginState | undefined;
    let qrcode = '';
    let action: Action = { type: 'fetch-qr' };

    const fetchQr$ = (): Observable<QrFlowStep> =>
      http.call(getBotQrcode, hosts.loginBase, undefined, deps.localTokens).pipe(
        // A failed fetch is tried twice more, a second apart (jittered), on the client's scheduler.
        retry({ count: 2, delay: (error: unknown, attempt) => (isWait(error) ? timer(backoffDelay(attempt, { initialDelay: 1000, random: deps.random }), scheduler) : throwError(() => error)) }),
        map((answer): QrFlowStep => {
          qrcode = answer.qrcode;
          state = state === undefined ? startLogin(hosts.loginBase) : nextQrCode(state, hosts.loginBase);
          action = { type: 'poll', delayMs: 0 };
          return { type: 'qr', qrUrl: answer.qrUrl, attempt: state.codes };
        }),
      );

    const poll$ = (delayMs: number, code: string | undefined): Observable<QrFlowStep> =>
      timer(delayMs, scheduler).pipe(
        switchMap(() => {
          const current = state!;
          const input = code === undefined ? { qrcode } : { qrcode, verifyCode: code };
          return http.call(getQrcodeStatus, current.pollBase, undefined, input).pipe(catchError((error: unknown) => (isWait(error) ? of(WAIT) : throwError(() => error))));
        }),
        switchMap((answer) => {
          const previous = state!;
          let transition = reduceQrStatus(previous, answer);
          if (transition.state.pollBase !== previous.pollBase) {
            // A redirect host passes the host rules too: it must be Tencent's, and with a pinned server the polls stay there.
            const pollBase = hosts.apiBase(transition.state.pollBase, 'get_qrcode_status');
            transition =
              pollBase === previous.pollBase
                ? { state: { ...transition.state, pollBase }, steps: [], next: { type: 'poll', immediate: false } }
                : { ...transition, state: { ...transition.state, pollBase } };
          }
          state = transition.state;
          const next = follow(transition.next);
          return concat(from(transition.steps.map((step) => publicStep(step))), next);
        }),
      );

    const follow = (next: LoginNext): Observable<QrFlowStep> => {
      switch (next.type) {
        case 'poll':
          action = { type: 'poll', delayMs: next.immediate ? 0 : deps.pollIntervalMs };
          return EMPTY;
        case 'ask-code':
          action = { type: 'wait-code' };
          pendingCode = undefined;
          return EMPTY;
        case 'new-qr':
          action = { type: 'fetch-qr' };
          return EMPTY;
        case 'give-up':
          return throwError(() => new QrExpiredError(next.codes - 1));
        case 'invalid':
          return throwError(() => new IlinkLoginError(next.reason));
        case 'confirmed':
          return of({ type: 'bound', bot: next.bot });
        case 'already-bound':
          return of({ type: 'already-bound' });
      }
    };

    const publicStep = (step: StatusStep): QrFlowStep => {
      if (step.type !== 'verify-code') return step;
      return {
        type: 'verify-code',
        wrong: step.wrong,
        submit: (code: string) => {
          const trimmed = String(code).trim();
          if (!PAIR_CODE.test(trimmed)) throw new InvalidArgumentError('submit', 'code', 'must be 1–16 letters or digits');
          pendingCode = trimmed;
          submitted.next();
        },
      };
    };

    const once$ = defer((): Observable<QrFlowStep> => {
      const current = action;
      switch (current.type) {
        case 'fetch-qr':
          return fetchQr$();
        case 'poll':
          return poll$(current.delayMs, current.code);
        case 'wait-code':
          return (pendingCode === undefined ? submitted.pipe(take(1)) : of(undefined)).pipe(
            tap(() => {
              state = codeSubmitted(state!);
              action = { type: 'poll', delayMs: 0, code: pendingCode! };
              pendingCode = undefined;
            }),
            ignoreElements(),
          );
      }
    });

    const deadline$ = timer(deps.timeoutMs, scheduler).pipe(
      map(() => {
        throw new TimeoutError('login', deps.timeoutMs);
      }),
    );
    return once$.pipe(repeat(), takeWhile((step) => !isFinal(step), true), takeUntil(deadline$));
  });
}
