import type { TalkToFriendTaskMessage, WeChatOnlineNoticeMessage, PayloadInput } from '../../device/wire-types.js';

/** A person of the phone's address book, as the playground shows them. */
export interface DeviceContact {
  /** `wxid_…`, the `FriendId` of their chat. */
  readonly id: string;
  readonly name: string;
}

/**
 * The friends and chat rooms the playground offers to write as and in (the simulator does not push contact lists to
 * clients; any `FriendId` works for `sendMessage`).
 */
export interface DeviceContacts {
  readonly friends: readonly DeviceContact[];
  /** `id` ends in `@chatroom`. */
  readonly chatRooms: readonly (DeviceContact & { readonly members: readonly DeviceContact[] })[];
}

/** How the simulated phone answers a `TalkToFriendTask`. */
export type TaskOutcome =
  /** A successful `TalkToFriendTaskResultNotice` (with a generated `MsgSvrId` unless given). */
  | { readonly type: 'success'; readonly msgSvrId?: string }
  /** A result notice with `Success` false. */
  | { readonly type: 'failure'; readonly code: number; readonly errMsg?: string }
  /** An `Error` frame answering the task frame. */
  | { readonly type: 'error-frame'; readonly code: number; readonly errMsg?: string }
  /** Acknowledge the task and never report (for timeout tests). */
  | { readonly type: 'no-answer' };

export interface DeviceSimulatorOptions {
  /** @default 0 (any free port); the host is always 127.0.0.1 */
  readonly port?: number;
  /** IMEIs accepted with `AuthType` DeviceCode; anything else is refused with `NoRight`. @default ['IMEI0001'] */
  readonly credentials?: readonly string[];
  /** The WeChat accounts on the phone, announced with `WeChatOnlineNotice` after each authentication. @default one, `wxid_sim_self` */
  readonly accounts?: ReadonlyArray<PayloadInput<WeChatOnlineNoticeMessage>>;
  /** Milliseconds between liveness sweeps (the reference server: 30 s). @default 30000 */
  readonly sweepInterval?: number;
  /** Sweeps in a row without a heartbeat after which a connection is closed (the reference server: 5). @default 5 */
  readonly maxMissedSweeps?: number;
  /** Answer a client's `MsgReceivedAck` with one of ours, as the reference server does. @default true */
  readonly ackAcks?: boolean;
  /** How tasks are answered. @default success for every task */
  readonly taskOutcome?: (task: TalkToFriendTaskMessage) => TaskOutcome;
  /** Milliseconds between a task and its result notice. @default 0 */
  readonly resultDelay?: number;
  /** The first frame id the simulator uses. @default 9007199254740993 (2^53 + 1, so ids lose precision as numbers) */
  readonly firstId?: bigint | string;
  /** The longest frame body accepted from clients. @default 4194304 */
  readonly maxFrameLength?: number;
  /**
   * Serve the playground page on a port of its own on 127.0.0.1 (`sim.playgroundUrl`): the phone's accounts, chats
   * with its contacts, the bot's sends and their results, fault switches, a force-offline and the frame log.
   * @default false
   */
  readonly ui?: boolean;
  /** The address book the playground shows. @default two friends (`wxid_friend` first) and one chat room */
  readonly contacts?: DeviceContacts;
}
