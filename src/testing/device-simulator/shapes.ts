/** What the device simulator's methods take: a chat message for the phone to report, and the fault switches. */
import type { DeviceAddress } from '../../device/socket.js';

/** A chat message the simulated phone reports (`FriendTalkNotice`). */
export interface DeviceChatSpec {
  /** The friend or group (`…@chatroom`) the message is in. */
  readonly friendId: string;
  /** Text for `Text`, or the content of another type (a URL, JSON or XML). */
  readonly content: string | Uint8Array;
  /** `EnumContentType`. @default 1 (Text) */
  readonly contentType?: number;
  /** In a group, the member who wrote it (sent as the `member:\n` prefix). */
  readonly sender?: string;
  /** The receiving account. @default the first account */
  readonly wechatId?: string;
  /** @default a fresh id above 2^53 */
  readonly msgSvrId?: string;
  /** Unix seconds. @default now */
  readonly createTime?: string;
}

/** Faults to inject into the live connections. */
export interface DeviceFaults {
  /** From now on (or until called with false), write every frame one byte per event-loop turn. */
  splitBytes(enabled?: boolean): void;
  /** Sends a frame whose body is not protobuf (`payload`: a valid root whose `FriendTalkNotice` payload is not). */
  garbage(kind?: 'frame' | 'payload'): void;
  /** Sends a header announcing `length` bytes (default 2^31 − 1). */
  oversize(length?: number): void;
  /** Resets every connection without a goodbye. */
  abruptClose(): void;
  /** Sends `RedirectNotice` to another server. */
  redirect(to: DeviceAddress): void;
  /** Sends `AccountForceOfflineNotice`, then closes the connection. */
  forceOffline(reason?: number, message?: string): void;
  /** Stop (or resume) acknowledging heartbeats, as a server that hangs would. */
  silence(enabled?: boolean): void;
}
