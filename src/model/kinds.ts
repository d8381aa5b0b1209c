import { MsgType } from './codes.js';
import type { MessageKind, MessageOfKind, WxMessage } from './message.js';

/**
 * Every message kind with the MsgTypes that can produce it: the one table the guards below are built from.
 * `unknown` lists none because it stands for every MsgType outside this table (and for a 10002 that is not a
 * recall notice).
 */
export const MESSAGE_KINDS = {
  text: [MsgType.TEXT],
  image: [MsgType.IMAGE],
  voice: [MsgType.VOICE],
  video: [MsgType.VIDEO, MsgType.MICRO_VIDEO],
  emoticon: [MsgType.EMOTICON],
  location: [MsgType.TEXT, MsgType.LOCATION],
  card: [MsgType.CARD],
  'friend-request': [MsgType.FRIEND_REQUEST],
  link: [MsgType.APP],
  file: [MsgType.APP],
  music: [MsgType.APP],
  'chat-history': [MsgType.APP],
  'mini-program': [MsgType.APP],
  transfer: [MsgType.APP],
  'red-packet': [MsgType.APP],
  quote: [MsgType.APP],
  'realtime-location': [MsgType.APP],
  app: [MsgType.APP],
  'status-notify': [MsgType.STATUS_NOTIFY],
  system: [MsgType.SYSTEM],
  recall: [MsgType.RECALLED],
  voip: [MsgType.VOIP_MSG, MsgType.VOIP_NOTIFY, MsgType.VOIP_INVITE],
  'possible-friend': [MsgType.POSSIBLE_FRIEND],
  'sys-notice': [MsgType.SYS_NOTICE],
  unknown: [],
} as const satisfies Readonly<Record<MessageKind, readonly number[]>>;

const ALL_KINDS = Object.keys(MESSAGE_KINDS) as MessageKind[];

/** The kinds a message of this MsgType can decode to (`['unknown']` for a MsgType outside the table). */
export function kindsOf(msgType: number): readonly MessageKind[] {
  const kinds = ALL_KINDS.filter((kind) => (MESSAGE_KINDS[kind] as readonly number[]).includes(msgType));
  return kinds.length > 0 ? (msgType === MsgType.RECALLED ? [...kinds, 'unknown'] : kinds) : ['unknown'];
}

/** A type guard for one kind, for RxJS `filter`: `messages$.pipe(filter(isKind('file')))`. */
export function isKind<K extends MessageKind>(kind: K): (message: WxMessage) => message is MessageOfKind<K> {
  return (message): message is MessageOfKind<K> => message.kind === kind;
}

export const isText = isKind('text');
export const isImage = isKind('image');
export const isVoice = isKind('voice');
export const isVideo = isKind('video');
export const isEmoticon = isKind('emoticon');
export const isLocation = isKind('location');
export const isCard = isKind('card');
export const isFriendRequest = isKind('friend-request');
export const isLink = isKind('link');
export const isFile = isKind('file');
export const isMusic = isKind('music');
export const isChatHistory = isKind('chat-history');
export const isMiniProgram = isKind('mini-program');
export const isTransfer = isKind('transfer');
export const isRedPacket = isKind('red-packet');
export const isQuote = isKind('quote');
export const isRealtimeLocation = isKind('realtime-location');
export const isApp = isKind('app');
export const isStatusNotify = isKind('status-notify');
export const isSystem = isKind('system');
export const isRecall = isKind('recall');
export const isVoip = isKind('voip');
export const isPossibleFriend = isKind('possible-friend');
export const isSysNotice = isKind('sys-notice');
export const isUnknown = isKind('unknown');

/** The kinds a MsgType 49 (app) message can decode to. */
export type AppKind = { [K in MessageKind]: (typeof MESSAGE_KINDS)[K] extends readonly [typeof MsgType.APP] ? K : never }[MessageKind];
const APP_KINDS: ReadonlySet<MessageKind> = new Set(ALL_KINDS.filter((kind) => MESSAGE_KINDS[kind].some((t) => t === MsgType.APP)));

/** Any MsgType 49 message (link, file, transfer, …, `app`): they all have `appType`, `title`, `url` and `xml`. */
export const isAppMessage = (message: WxMessage): message is MessageOfKind<AppKind> => APP_KINDS.has(message.kind);
