import type { SendResult } from '../model/events.js';
import type { DeviceAuthError } from './errors/device-auth-error.js';
import type { DeviceConnectionError } from './errors/device-connection-error.js';
import type { DeviceError } from './errors/device-error.js';
import type { DeviceSessionEndedError } from './errors/device-session-ended-error.js';
import type { DeviceTimeoutError } from './errors/device-timeout-error.js';
import type { FrameDecodeError } from './errors/frame-decode-error.js';
import type { FrameTooLargeError } from './errors/frame-too-large-error.js';
import type { DeviceFrame } from './codec.js';
import type { DeviceMessage } from './messages.js';
import type { DeviceAddress } from './socket.js';
import type {
  ExtraMessage,
  FriendAddNoticeMessage,
  FriendDelNoticeMessage,
  TalkToFriendTaskResultNoticeMessage,
  TaskResultNoticeMessage,
  WeChatOfflineNoticeMessage,
  WeChatOnlineNoticeMessage,
} from './wire-types.js';

/** Why a device client is not connected. */
export type DeviceDisconnectReason =
  | { readonly type: 'not-started' }
  /** Every subscriber left; subscribing again reconnects. */
  | { readonly type: 'unsubscribed' }
  | { readonly type: 'closed' }
  | { readonly type: 'session-ended'; readonly error: DeviceSessionEndedError }
  /** Authentication was refused, the commit sink failed (`CommitFailedError`), or reconnecting gave up (`reconnect.count`). */
  | { readonly type: 'failed'; readonly error: unknown };

/**
 * The connection's lifecycle: disconnected → connecting → online ⇄ reconnecting (→ connecting …) → disconnected.
 * `connecting` covers the TCP connect and `DeviceAuthReq` until `DeviceAuthRsp` arrives.
 */
export type DeviceState =
  | { readonly status: 'disconnected'; readonly reason: DeviceDisconnectReason }
  | { readonly status: 'connecting'; readonly address: DeviceAddress }
  | {
      readonly status: 'online';
      readonly address: DeviceAddress;
      /** The WeChat accounts the phone reported online (`WeChatOnlineNotice`), in arrival order; `IMEI` blank (a credential). */
      readonly accounts: readonly WeChatOnlineNoticeMessage[];
      /** `DeviceAuthRspMessage.Extra`: tenant and account details. */
      readonly extra: ExtraMessage | null;
    }
  | { readonly status: 'reconnecting'; readonly address: DeviceAddress; readonly error: unknown };

export type DeviceStatus = DeviceState['status'];

/** Everything the device session observes, as typed events (the shapes of `WxEvent` where they fit). */
export type DeviceEvent =
  | { readonly type: 'message'; readonly message: DeviceMessage }
  /** `DeviceAuthRsp` arrived: the connection is authenticated (it also resets the reconnect failure count). */
  | { readonly type: 'connected'; readonly address: DeviceAddress; readonly extra: ExtraMessage | null }
  /** An account came online on the phone; `IMEI` blank (the credential of a `DeviceCode` login). */
  | { readonly type: 'account-online'; readonly account: WeChatOnlineNoticeMessage }
  /** An account went offline; `IMEI` blank. */
  | { readonly type: 'account-offline'; readonly notice: WeChatOfflineNoticeMessage }
  | { readonly type: 'friend-added'; readonly notice: FriendAddNoticeMessage }
  | { readonly type: 'friend-removed'; readonly notice: FriendDelNoticeMessage }
  /** A `TalkToFriendTaskResultNotice`; `send` completes from it. */
  | { readonly type: 'send-result'; readonly result: TalkToFriendTaskResultNoticeMessage }
  | { readonly type: 'task-result'; readonly result: TaskResultNoticeMessage }
  /** A `RedirectNotice`: the client reconnects to `address` at once. */
  | { readonly type: 'redirect'; readonly address: DeviceAddress }
  /** An `Error` frame that answers something other than the authentication. */
  | { readonly type: 'device-error'; readonly error: DeviceError }
  /** The connection was dropped because of an undecodable frame; it is re-established. */
  | { readonly type: 'decode-problem'; readonly error: FrameDecodeError | FrameTooLargeError }
  /** The connection failed or went silent; it is re-established. */
  | { readonly type: 'network-problem'; readonly error: DeviceConnectionError | DeviceTimeoutError }
  | { readonly type: 'auth-failed'; readonly error: DeviceAuthError }
  /** `AccountForceOfflineNotice`: the session is over. */
  | { readonly type: 'session-ended'; readonly reason: number; readonly error: DeviceSessionEndedError }
  /** Any other frame (acknowledged), for the message types the client has no event for; `AccessToken` blank. */
  | { readonly type: 'frame'; readonly frame: DeviceFrame };

export type DeviceEventType = DeviceEvent['type'];

/** What `send` answers: the `SendResult` of the web client plus the phone's result notice. */
export interface DeviceSendResult extends SendResult {
  /** `MsgSvrId`: WeChat's id of the sent message (an exact decimal string). */
  readonly msgId: string;
  /** The task's `MsgId`, chosen by the client. */
  readonly localId: string;
  readonly wechatId: string;
  readonly result: TalkToFriendTaskResultNoticeMessage;
}

/**
 * Content to send: a text, or any content type with its bytes (text for every known use, see
 * docs/device-protocol.md §6.1).
 */
export interface DeviceContent {
  /** `EnumContentType`. */
  readonly contentType: number;
  readonly content: string | Uint8Array;
}

export interface DeviceSendOptions {
  /** The WeChat account that sends. @default the account that last talked in this chat, else `wechatId` of the client options, else the first online account */
  readonly wechatId?: string;
  readonly remark?: string;
  /** 2025 `Immediate`; not sent unless set. */
  readonly immediate?: boolean;
}
