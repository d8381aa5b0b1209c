import type { QrStatusAnswer } from './endpoints/login.js';
import { redirectBase } from './hosts.js';

/** What the status of a QR binding means for the next step (docs/ilink-protocol.md §4.3), as a pure reducer. */

/** QR codes per login: the first plus two refreshes (docs/ilink-protocol.md §4.3, §10). */
export const MAX_QR_CODES = 3;

export interface QrLoginState {
  /** QR codes fetched so far in this login, the current one included. */
  readonly codes: number;
  /** Where status polls go: the default host, or the last redirect host. */
  readonly pollBase: string;
  /** Whether `scanned` was reported for the current QR code. */
  readonly scanned: boolean;
  /** Whether the poll just answered carried a pair code. */
  readonly codeSent: boolean;
}

/** The credentials of a confirmed binding. `token` is a credential: never shown. */
export interface BoundBot {
  readonly token: string;
  readonly botId: string;
  /** The WeChat user who scanned (`''` when the server left it out). */
  readonly userId: string;
  /** The API base from now on; `undefined` means the default host (docs/ilink-protocol.md §4.4). */
  readonly baseUrl?: string;
}

/** A step the login reports (the client adds the QR's URL and the code's `submit`). */
export type StatusStep =
  | { readonly type: 'scanned' }
  | { readonly type: 'verify-code'; readonly wrong: boolean }
  | { readonly type: 'redirected'; readonly host: string }
  | { readonly type: 'expired' }
  | { readonly type: 'verify-code-blocked' };

/** What the client does next. */
export type LoginNext =
  /** Poll the status again, at once (`immediate`) or after the usual pause. */
  | { readonly type: 'poll'; readonly immediate: boolean }
  /** Wait for the user's pair code, then poll at once with it. */
  | { readonly type: 'ask-code' }
  /** Fetch a new QR code and show it. */
  | { readonly type: 'new-qr' }
  /** The QR budget is used up. */
  | { readonly type: 'give-up'; readonly codes: number }
  | { readonly type: 'confirmed'; readonly bot: BoundBot }
  /** `confirmed` without a token or bot id. */
  | { readonly type: 'invalid'; readonly reason: string }
  /** `binded_redirect`: the bot is already bound to this client; keep the stored session (docs/ilink-protocol.md §4.3). */
  | { readonly type: 'already-bound' };

export interface LoginTransition {
  readonly state: QrLoginState;
  readonly steps: readonly StatusStep[];
  readonly next: LoginNext;
}

/** The state of a login that just showed its first QR code. */
export const startLogin = (pollBase: string): QrLoginState => ({ codes: 1, pollBase, scanned: false, codeSent: false });

/** The state after a new QR code was fetched: polls go back to the default host (`pollBase`). */
export const nextQrCode = (state: QrLoginState, pollBase: string): QrLoginState => ({ codes: state.codes + 1, pollBase, scanned: false, codeSent: false });

/** The state once the user's pair code goes out with the next poll. */
export const codeSubmitted = (state: QrLoginState): QrLoginState => ({ ...state, codeSent: true });

const POLL_AGAIN: LoginNext = { type: 'poll', immediate: false };

function refresh(state: QrLoginState, step: StatusStep): LoginTransition {
  const next: LoginNext = state.codes >= MAX_QR_CODES ? { type: 'give-up', codes: state.codes } : { type: 'new-qr' };
  return { state: { ...state, codeSent: false }, steps: [step], next };
}

/**
 * The next step after a status answer. Unknown statuses count as `wait`: the server may add some, and the login's
 * own time limit bounds the wait.
 */
export function reduceQrStatus(state: QrLoginState, answer: QrStatusAnswer): LoginTransition {
  const settled: QrLoginState = { ...state, codeSent: false };
  switch (answer.status) {
    case 'scaned': {
      // Right after a pair code this means the code was accepted: report the scan again.
      const report = !state.scanned || state.codeSent;
      return { state: { ...settled, scanned: true }, steps: report ? [{ type: 'scanned' }] : [], next: POLL_AGAIN };
    }
    case 'need_verifycode':
      // Asked again right after a code: that code was wrong.
      return { state: { ...settled, scanned: true }, steps: [{ type: 'verify-code', wrong: state.codeSent }], next: { type: 'ask-code' } };
    case 'verify_code_blocked':
      return refresh(state, { type: 'verify-code-blocked' });
    case 'expired':
      return refresh(state, { type: 'expired' });
    case 'scaned_but_redirect': {
      const base = answer.redirect_host === undefined ? undefined : redirectBase(answer.redirect_host);
      // Nowhere new to go: poll again after the pause, so a server repeating this answer is not polled in a tight loop.
      if (base === undefined || base === state.pollBase) return { state: settled, steps: [], next: POLL_AGAIN };
      return { state: { ...settled, pollBase: base }, steps: [{ type: 'redirected', host: new URL(base).host }], next: { type: 'poll', immediate: true } };
    }
    case 'binded_redirect':
      return { state: settled, steps: [], next: { type: 'already-bound' } };
    case 'confirmed':
      return { state: settled, steps: [], next: confirmedNext(answer) };
    default:
      return { state: settled, steps: [], next: POLL_AGAIN };
  }
}

function confirmedNext(answer: QrStatusAnswer): LoginNext {
  if (answer.bot_token === undefined) return { type: 'invalid', reason: 'confirmed without a bot_token' };
  if (answer.ilink_bot_id === undefined) return { type: 'invalid', reason: 'confirmed without an ilink_bot_id' };
  const bot: BoundBot = { token: answer.bot_token, botId: answer.ilink_bot_id, userId: answer.ilink_user_id ?? '' };
  return { type: 'confirmed', bot: answer.baseurl === undefined ? bot : { ...bot, baseUrl: answer.baseurl } };
}
