/**
 * The code tables of WeChat's messages and contacts (docs/protocol.md §3.3–3.7), shared by every transport. Values are
 * the wire numbers.
 */

/** `MsgType` (docs/protocol.md §3.3). */
export const MsgType = {
  TEXT: 1,
  IMAGE: 3,
  VOICE: 34,
  FRIEND_REQUEST: 37,
  POSSIBLE_FRIEND: 40,
  CARD: 42,
  VIDEO: 43,
  EMOTICON: 47,
  LOCATION: 48,
  APP: 49,
  VOIP_MSG: 50,
  STATUS_NOTIFY: 51,
  VOIP_NOTIFY: 52,
  VOIP_INVITE: 53,
  MICRO_VIDEO: 62,
  SYS_NOTICE: 9999,
  SYSTEM: 10000,
  RECALLED: 10002,
} as const;
export type MsgType = (typeof MsgType)[keyof typeof MsgType];

/** `AppMsgType` of MsgType 49 (docs/protocol.md §3.4). */
export const AppMsgType = {
  TEXT: 1,
  IMAGE: 2,
  MUSIC: 3,
  VIDEO_LINK: 4,
  LINK: 5,
  FILE: 6,
  OPEN_APP: 7,
  EMOJI: 8,
  VOICE_REMIND: 9,
  SCAN_GOOD: 10,
  GOOD: 13,
  EMOTION: 15,
  CARD_TICKET: 16,
  REALTIME_LOCATION: 17,
  CHAT_HISTORY: 19,
  MINI_PROGRAM: 33,
  MINI_PROGRAM_36: 36,
  QUOTE: 57,
  TRANSFER: 2000,
  RED_PACKET: 2001,
  READER: 100001,
} as const;
export type AppMsgType = (typeof AppMsgType)[keyof typeof AppMsgType];

/** `StatusNotifyCode` of MsgType 51 and of `webwxstatusnotify` (docs/protocol.md §3.5). */
export const StatusNotifyCode = {
  READ: 1,
  ENTER_SESSION: 2,
  INITED: 3,
  SYNC_CONV: 4,
  QUIT_SESSION: 5,
} as const;
export type StatusNotifyCode = (typeof StatusNotifyCode)[keyof typeof StatusNotifyCode];

/** `ContactFlag` bits (docs/protocol.md §3.6). */
export const ContactFlag = {
  CONTACT: 1,
  CHAT_CONTACT: 2,
  CHATROOM_CONTACT: 4,
  BLACKLIST: 8,
  DOMAIN: 16,
  HIDDEN: 32,
  FAVOURITE: 64,
  THIRD_PARTY_APP: 128,
  SNS_BLACKLIST: 256,
  NOTIFY_CLOSED: 512,
  TOP: 2048,
} as const;
export type ContactFlag = (typeof ContactFlag)[keyof typeof ContactFlag];

/** `VerifyFlag` bits (docs/protocol.md §3.7). `VerifyFlag & BIZ_BRAND` marks an official account. */
export const VerifyFlag = {
  BIZ: 1,
  FAMOUS: 2,
  BIZ_BIG: 4,
  BIZ_BRAND: 8,
  BIZ_VERIFIED: 16,
} as const;
export type VerifyFlag = (typeof VerifyFlag)[keyof typeof VerifyFlag];

export const isOfficialAccount = (verifyFlag: number): boolean => (verifyFlag & VerifyFlag.BIZ_BRAND) !== 0;
