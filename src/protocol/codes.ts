/**
 * The protocol's code tables as typed constants (PROTOCOL.md §3). Values are the wire numbers; each table has a
 * matching description map so errors and logs can say what a code means.
 */

/** `BaseResponse.Ret`, synccheck `retcode`, login-page `ret` (§3.1). The same numbers in all three places. */
export const Ret = {
  OK: 0,
  TICKET_ERROR: -14,
  GENERIC_FAILURE: -1,
  BAD_PARAMETERS: 1,
  NOT_LOGGED_IN: 1100,
  SESSION_INVALID: 1101,
  COOKIE_INVALID: 1102,
  LOGIN_ENVIRONMENT_ABNORMAL: 1203,
  NOT_A_FRIEND: 1204,
  TOO_FREQUENT: 1205,
} as const;
export type Ret = (typeof Ret)[keyof typeof Ret];

const retDescriptions: Readonly<Record<number, string>> = {
  [Ret.OK]: 'ok',
  [Ret.TICKET_ERROR]: 'ticket error',
  [Ret.GENERIC_FAILURE]: 'generic failure',
  [Ret.BAD_PARAMETERS]: 'bad parameters or restricted account',
  [Ret.NOT_LOGGED_IN]: 'not logged in or logged out on the phone',
  [Ret.SESSION_INVALID]: 'logged out elsewhere',
  [Ret.COOKIE_INVALID]: 'cookie invalid or session kicked',
  [Ret.LOGIN_ENVIRONMENT_ABNORMAL]: 'this account may not use web WeChat',
  [Ret.NOT_A_FRIEND]: 'target is not a friend',
  [Ret.TOO_FREQUENT]: 'operation too frequent',
};

/** What a retcode means, in a few words (`1101` → `logged out elsewhere`). Accepts the string form synccheck uses. */
export function describeRetcode(code: number | string): string {
  const n = Number(code);
  return retDescriptions[n] ?? 'unknown code';
}

export type RetcodeClass = 'ok' | 'session-ended' | 'rate-limited' | 'login-refused' | 'not-friend' | 'fatal';

/**
 * How a client should treat a retcode: `session-ended` (1100/1101/1102) stops the loops, `rate-limited` (1205)
 * backs off, `not-friend` (1204) fails one operation, `login-refused` (1203) is final for the account, and anything
 * else non-zero (including -14, -1, 1 and codes nobody has explained) is `fatal` for the operation. The string and
 * number forms are normalised once with `Number()` (wechat4u's `'1101' === 1101` bug).
 */
export function classifyRetcode(code: number | string): RetcodeClass {
  const n = typeof code === 'number' ? code : Number(String(code).trim());
  switch (n) {
    case Ret.OK:
      return 'ok';
    case Ret.NOT_LOGGED_IN:
    case Ret.SESSION_INVALID:
    case Ret.COOKIE_INVALID:
      return 'session-ended';
    case Ret.TOO_FREQUENT:
      return 'rate-limited';
    case Ret.LOGIN_ENVIRONMENT_ABNORMAL:
      return 'login-refused';
    case Ret.NOT_A_FRIEND:
      return 'not-friend';
    default:
      return 'fatal';
  }
}

/** synccheck `selector` (§3.2). Any non-zero selector means "call webwxsync and store the new keys". */
export const Selector = {
  NONE: 0,
  UNDOCUMENTED_1: 1,
  NEW_MESSAGE: 2,
  AFTER_MEDIA: 3,
  CONTACT_CHANGED: 4,
  CONTACTS_ADDED_OR_DELETED: 6,
  PHONE_ACTIVITY: 7,
} as const;
export type Selector = (typeof Selector)[keyof typeof Selector];

/** `MsgType` (§3.3). */
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

/** `AppMsgType` of MsgType 49 (§3.4). */
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

/** `StatusNotifyCode` of MsgType 51 and of `webwxstatusnotify` (§3.5). */
export const StatusNotifyCode = {
  READ: 1,
  ENTER_SESSION: 2,
  INITED: 3,
  SYNC_CONV: 4,
  QUIT_SESSION: 5,
} as const;
export type StatusNotifyCode = (typeof StatusNotifyCode)[keyof typeof StatusNotifyCode];

/** `ContactFlag` bits (§3.6). */
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

/** `VerifyFlag` bits (§3.7). `VerifyFlag & BIZ_BRAND` marks an official account. */
export const VerifyFlag = {
  BIZ: 1,
  FAMOUS: 2,
  BIZ_BIG: 4,
  BIZ_BRAND: 8,
  BIZ_VERIFIED: 16,
} as const;
export type VerifyFlag = (typeof VerifyFlag)[keyof typeof VerifyFlag];

/** `webwxoplog` `CmdId` and `webwxverifyuser` `Opcode` (§3.9). */
export const OplogCmd = { MODIFY_REMARK: 2, TOP: 3 } as const;
export const VerifyOpcode = {
  ADD_DIRECTLY: 1,
  SEND_REQUEST: 2,
  ACCEPT: 3,
  REJECT: 4,
  SENDER_REPLY: 5,
  RECEIVER_REPLY: 6,
} as const;

export const isOfficialAccount = (verifyFlag: number): boolean => (verifyFlag & VerifyFlag.BIZ_BRAND) !== 0;
