import type { SessionEndedError } from '../../errors/session-ended-error.js';
import type { RawContact } from '../../model/raw/shapes.js';

/** One object per login step, in order; `qr-expired` is followed by a new `uuid` (a bounded number of times). */
export type LoginEvent =
  | { readonly type: 'uuid'; readonly uuid: string; readonly qrUrl: string }
  | { readonly type: 'qr-expired' }
  | { readonly type: 'scanned'; readonly avatar?: string }
  | { readonly type: 'confirmed' }
  | { readonly type: 'logged-in'; readonly user: RawContact; readonly resumed: boolean };

/** Why a client is logged out. */
export type LogoutReason =
  | { readonly type: 'not-started' }
  | { readonly type: 'logout' }
  | { readonly type: 'closed' }
  /** Every subscriber of `login$` left before the login finished. */
  | { readonly type: 'cancelled' }
  | { readonly type: 'session-ended'; readonly retcode: number; readonly error: SessionEndedError }
  | { readonly type: 'failed'; readonly error: unknown };

/** The client's lifecycle: logged-out → waiting-for-scan → scanned → initializing → online ⇄ reconnecting → logged-out. */
export type ClientState =
  | { readonly status: 'logged-out'; readonly reason: LogoutReason }
  | { readonly status: 'waiting-for-scan'; readonly uuid: string; readonly qrUrl: string }
  | { readonly status: 'scanned' }
  | { readonly status: 'initializing' }
  | { readonly status: 'online'; readonly user: RawContact }
  | { readonly status: 'reconnecting'; readonly error: unknown };

export type ClientStatus = ClientState['status'];
