import type { SessionEndedError } from '../../errors/session-ended-error.js';
import type { SendResult, WxEvent } from '../../model/events.js';
import type { IlinkRetcodeError } from '../errors/ilink-retcode-error.js';
import type { IlinkMessage } from '../protocol/messages/ilink-message.js';

/**
 * One object per login step, in order (docs/ilink-protocol.md §4.3). A QR login: `qr`, then what the phone does
 * (`scanned`, `verify-code` …; `expired` and `verify-code-blocked` are followed by a new `qr`, at most 3 codes in
 * all), then `logged-in`. A resumed session: `logged-in` alone.
 */
export type IlinkLoginStep =
  /** Show this QR code: `qrUrl` is the content to encode (a URL), not an image. `attempt` counts codes, 1 to 3. */
  | { readonly type: 'qr'; readonly qrUrl: string; readonly attempt: number }
  /** Scanned; waiting for the user to confirm on the phone (also: a pair code was accepted). */
  | { readonly type: 'scanned' }
  /**
   * The phone shows a pair code the user must type here: pass it to `submit`. `wrong` says the last code was refused.
   * `submit` throws `InvalidArgumentError` for anything but 1–16 letters and digits.
   */
  | { readonly type: 'verify-code'; readonly wrong: boolean; submit(code: string): void }
  /** Too many wrong pair codes: a new QR code follows (it counts toward the 3). */
  | { readonly type: 'verify-code-blocked' }
  /** The status poll moved to another host (`scaned_but_redirect`). With a `server` the polls stay there: no step. */
  | { readonly type: 'redirected'; readonly host: string }
  /** The QR code died unscanned: a new one follows, or the login fails with `QrExpiredError` after the third. */
  | { readonly type: 'expired' }
  /** Online: `botId` is the bot (`…@im.bot`), `userId` the WeChat user who bound it. */
  | { readonly type: 'logged-in'; readonly botId: string; readonly userId: string; readonly resumed: boolean };

/** Why a client is logged out. */
export type IlinkLogoutReason =
  | { readonly type: 'not-started' }
  | { readonly type: 'logout' }
  | { readonly type: 'closed' }
  /** Every subscriber of `login$` left before the login finished. */
  | { readonly type: 'cancelled' }
  /** The server said the bot token is dead (-14) and `onSessionEnded` is `'stop'`. */
  | { readonly type: 'session-ended'; readonly retcode: number; readonly error: SessionEndedError }
  | { readonly type: 'failed'; readonly error: unknown };

/** The client's lifecycle: logged-out → waiting-for-scan → scanned → online (⇄ paused) → logged-out. */
export type IlinkClientState =
  | { readonly status: 'logged-out'; readonly reason: IlinkLogoutReason }
  | { readonly status: 'waiting-for-scan'; readonly qrUrl: string }
  | { readonly status: 'scanned' }
  | { readonly status: 'online'; readonly botId: string; readonly userId: string }
  /** The token answered -14 and `onSessionEnded` says to try it again at `until` (ms since the epoch). */
  | { readonly status: 'paused'; readonly until: number; readonly error: SessionEndedError };

export type IlinkClientStatus = IlinkClientState['status'];

/**
 * What `events$` carries: the shared `WxEvent`s that iLink has (messages carry `IlinkMessage`), plus
 * `retcode-problem` for a poll the server refused with a code other than -14 (it counts as a failure and backs off).
 */
export type IlinkEvent =
  | { readonly type: 'message'; readonly message: IlinkMessage }
  | Extract<WxEvent, { readonly type: 'session-ended' | 'network-problem' | 'decode-problem' | 'store-problem' }>
  | { readonly type: 'retcode-problem'; readonly error: IlinkRetcodeError };

export type IlinkEventType = IlinkEvent['type'];

/** A send's result: `msgId` is the server's `message_id` (or `''` with `confirmed: false`), `localId` the `client_id`. */
export interface IlinkSendResult extends SendResult {
  readonly confirmed: boolean;
}

/** A media send's result, with what was uploaded. */
export interface IlinkMediaSendResult extends IlinkSendResult {
  /** The file name the recipient sees. */
  readonly name: string;
  /** Plaintext bytes uploaded. */
  readonly size: number;
}
