import type { DecodeError } from '../errors/decode-error.js';
import type { Endpoint } from '../errors/endpoint.js';
import type { NetworkError } from '../errors/network-error.js';
import type { SessionEndedError } from '../errors/session-ended-error.js';
import type { SessionStoreError } from '../errors/session-store-error.js';
import type { TimeoutError } from '../errors/timeout-error.js';
import type { Contact, GroupMember } from './contact.js';
import type { RawProfile } from './raw/shapes.js';
import type { WxMessage } from './message.js';

/**
 * Everything the sync loop observes, as typed events. Problems are events, not stream errors. Contact events carry
 * the decoded `Contact` (the server's object stays reachable as `contact.raw`).
 */
export type WxEvent =
  | { readonly type: 'message'; readonly message: WxMessage }
  | { readonly type: 'contact-added'; readonly contact: Contact }
  | { readonly type: 'contact-modified'; readonly contact: Contact; readonly previous: Contact }
  | { readonly type: 'contact-removed'; readonly userName: string; readonly contact?: Contact }
  | { readonly type: 'group-members-changed'; readonly group: string; readonly members: readonly GroupMember[] }
  | { readonly type: 'profile-changed'; readonly profile: RawProfile }
  | { readonly type: 'session-ended'; readonly retcode: number; readonly reason: string; readonly error: SessionEndedError }
  | { readonly type: 'decode-problem'; readonly error: DecodeError }
  | { readonly type: 'network-problem'; readonly error: NetworkError | TimeoutError }
  /**
   * The server answered 1205 (too frequent): the client waits `delayMs` (until `until`, ms since the epoch) before
   * it tries `endpoint` again. Sends made meanwhile wait their turn.
   */
  | { readonly type: 'rate-limited'; readonly endpoint: Endpoint; readonly delayMs: number; readonly until: number }
  /** The session could not be saved (or a saved one could not be read and `onBadSession: 'login'` went on). */
  | { readonly type: 'store-problem'; readonly error: SessionStoreError };

export type WxEventType = WxEvent['type'];

/** What a send answers: the server's `MsgID` (an exact decimal string) and the `LocalID` the client chose. */
export interface SendResult {
  readonly msgId: string;
  readonly localId: string;
  /** The chat it went to, for `revoke`. */
  readonly chat: string;
  /**
   * Set by iLink: `true` when the server gave the message an id, `false` when it accepted the send without one
   * (`ret 0` without `message_id`, which users see for sends that never arrive; `msgId` is then `''`). Absent for
   * transports whose answer always carries the id (Web, device).
   */
  readonly confirmed?: boolean;
}
