import type { RawMessage } from '../model/raw/shapes.js';
import { AppMsgType, MsgType } from '../model/codes.js';
import { classifySystemText } from '../model/decode/system.js';
import type {
  AppMessage,
  CardMessage,
  ChatHistoryMessage,
  EmoticonMessage,
  FileMessage,
  FriendRequestMessage,
  ImageMessage,
  LinkMessage,
  LocationMessage,
  MessageBase,
  MiniProgramMessage,
  MusicMessage,
  PersonInfo,
  PossibleFriendMessage,
  QuoteMessage,
  RealtimeLocationMessage,
  RecallMessage,
  RedPacketMessage,
  StatusNotifyMessage,
  SysNoticeMessage,
  SystemMessage,
  TextMessage,
  TransferMessage,
  UnknownMessage,
  VideoMessage,
  VoiceMessage,
  VoipMessage,
  WxMessage,
} from '../model/message.js';

/**
 * The UserNames the builders and `createTestClient` use by default: readable stand-ins for the per-login
 * `@<hex>` names (the `raw` objects are synthetic, not wire captures).
 */
export const testIds = {
  /** The logged-in user (nickname `testSelfName`). */
  self: '@self',
  alice: '@alice',
  bob: '@bob',
  group: '@@group',
} as const;

/** The logged-in user's nickname: a text whose `mentions` include it mentions you. */
export const testSelfName = 'Bot';

/** Where and by whom a built message was sent. */
export interface MessageOptions {
  /** The sender (ignored when `self`). @default testIds.alice */
  readonly from?: string;
  /** The group it was sent in (`@@…`). @default none: a private chat */
  readonly group?: string;
  /** Sent by the logged-in user (from the phone or this bot). @default false */
  readonly self?: boolean;
  /** The peer of a self-sent private message. @default testIds.alice */
  readonly to?: string;
  /** The `MsgId`. @default a new decimal id per message */
  readonly id?: string;
  /** Unix time in ms. @default 1700000000000 */
  readonly time?: number;
  /** The sender's name, as the client fills it in from its contacts. @default none */
  readonly senderName?: string;
  /** The chat's name (group topic, remark or nickname), as the client fills it in. @default none */
  readonly chatName?: string;
}

/** Options of one kind's builder: where it was sent, plus any of that kind's own fields. */
export type BuildOptions<M extends WxMessage> = MessageOptions & Partial<Omit<M, keyof MessageBase | 'kind'>>;

let nextId = 1_000_000_000;
const BASE_KEYS: ReadonlySet<string> = new Set(['from', 'group', 'self', 'to', 'id', 'time', 'senderName', 'chatName']);

/** Routes, then assembles a complete message: the kind's defaults overridden by the caller's fields. */
function build<M extends WxMessage>(
  kind: M['kind'],
  msgType: number,
  defaults: Omit<M, keyof MessageBase | 'kind'>,
  options: BuildOptions<M>,
  content: string,
  rawExtra: Partial<RawMessage> = {},
): M {
  const id = options.id ?? String(++nextId);
  const self = options.self ?? false;
  const group = options.group;
  const sender = self ? testIds.self : (options.from ?? testIds.alice);
  const chat = group ?? (self ? (options.to ?? testIds.alice) : sender);
  const time = options.time ?? 1_700_000_000_000;
  const raw: RawMessage = Object.assign(
    {
      MsgId: id,
      FromUserName: self ? testIds.self : chat,
      ToUserName: self ? chat : testIds.self,
      MsgType: msgType,
      Content: group !== undefined && !self ? `${sender}:\n${content}` : content,
      CreateTime: Math.floor(time / 1000),
    },
    rawExtra,
  );
  const base: MessageBase & { kind: M['kind'] } = {
    kind,
    id,
    chat,
    from: sender,
    to: raw.ToUserName,
    isGroup: group !== undefined,
    isSelf: self,
    time,
    raw,
  };
  if (options.senderName !== undefined) Object.assign(base, { senderName: options.senderName });
  if (options.chatName !== undefined) Object.assign(base, { chatName: options.chatName });
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (!BASE_KEYS.has(key) && value !== undefined) fields[key] = value;
  return Object.assign(base, defaults, fields) as unknown as M;
}

const person = (init: Partial<PersonInfo> | undefined, userName: string, nickName: string): PersonInfo =>
  Object.assign({ userName, nickName }, init);

/** A text. `mentionsSelf` defaults to whether `mentions` names `testSelfName`. */
export function text(content: string, options: BuildOptions<TextMessage> = {}): TextMessage {
  const mentions = options.mentions ?? [];
  return build<TextMessage>('text', MsgType.TEXT, { text: content, mentions, mentionsSelf: mentions.includes(testSelfName) }, options, content);
}

export function image(options: BuildOptions<ImageMessage> = {}): ImageMessage {
  return build<ImageMessage>('image', MsgType.IMAGE, {}, options, '<msg><img /></msg>');
}

export function voice(options: BuildOptions<VoiceMessage> = {}): VoiceMessage {
  return build<VoiceMessage>('voice', MsgType.VOICE, { durationMs: 1000 }, options, '<msg><voicemsg /></msg>');
}

export function video(options: BuildOptions<VideoMessage> = {}): VideoMessage {
  const micro = options.micro ?? false;
  return build<VideoMessage>('video', micro ? MsgType.MICRO_VIDEO : MsgType.VIDEO, { durationSec: 5, micro }, options, '<msg><videomsg /></msg>');
}

export function emoticon(options: BuildOptions<EmoticonMessage> = {}): EmoticonMessage {
  return build<EmoticonMessage>('emoticon', MsgType.EMOTICON, { isStoreSticker: false }, options, '<msg><emoji /></msg>');
}

export function location(label: string, options: BuildOptions<LocationMessage> = {}): LocationMessage {
  return build<LocationMessage>('location', MsgType.LOCATION, { label }, options, `${label}:\n/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg`);
}

export function card(options: BuildOptions<CardMessage> = {}): CardMessage {
  return build<CardMessage>('card', MsgType.CARD, { card: person(options.card, '@carol', 'Carol') }, options, '<msg />');
}

export function friendRequest(options: BuildOptions<FriendRequestMessage> = {}): FriendRequestMessage {
  const defaults = { requester: person(options.requester, '@dave', 'Dave'), ticket: 'v2_test@stranger', scene: 30, greeting: 'Hi, I am Dave' };
  return build<FriendRequestMessage>('friend-request', MsgType.FRIEND_REQUEST, defaults, options, '<msg />');
}

type AppKind = Extract<WxMessage, { readonly appType: number }>;

function appMessage<M extends AppKind>(
  kind: M['kind'],
  appType: number,
  extra: Omit<M, keyof MessageBase | 'kind' | 'appType' | 'title' | 'description' | 'url' | 'xml'>,
  options: BuildOptions<M>,
): M {
  const title = options.title ?? kind;
  const xml = options.xml ?? `<msg><appmsg><title>${title}</title><type>${options.appType ?? appType}</type></appmsg></msg>`;
  const defaults = Object.assign({ appType, title, description: '', url: '', xml }, extra) as Omit<M, keyof MessageBase | 'kind'>;
  return build<M>(kind, MsgType.APP, defaults, options, xml, { AppMsgType: options.appType ?? appType });
}

export function link(options: BuildOptions<LinkMessage> = {}): LinkMessage {
  return appMessage<LinkMessage>('link', AppMsgType.LINK, {}, options);
}

/** A file message; `ext` defaults to the file name's extension. */
export function file(fileName: string, options: BuildOptions<FileMessage> = {}): FileMessage {
  const dot = fileName.lastIndexOf('.');
  const extra = { fileName, size: 1024, ext: dot > 0 ? fileName.slice(dot + 1) : '', mediaId: `@media_${fileName}` };
  return appMessage<FileMessage>('file', AppMsgType.FILE, extra, Object.assign({ title: fileName }, options));
}

export function music(options: BuildOptions<MusicMessage> = {}): MusicMessage {
  return appMessage<MusicMessage>('music', AppMsgType.MUSIC, {}, options);
}

export function chatHistory(options: BuildOptions<ChatHistoryMessage> = {}): ChatHistoryMessage {
  return appMessage<ChatHistoryMessage>('chat-history', AppMsgType.CHAT_HISTORY, {}, options);
}

export function miniProgram(options: BuildOptions<MiniProgramMessage> = {}): MiniProgramMessage {
  return appMessage<MiniProgramMessage>('mini-program', AppMsgType.MINI_PROGRAM, {}, options);
}

export function transfer(options: BuildOptions<TransferMessage> = {}): TransferMessage {
  return appMessage<TransferMessage>('transfer', AppMsgType.TRANSFER, {}, options);
}

export function redPacket(options: BuildOptions<RedPacketMessage> = {}): RedPacketMessage {
  return appMessage<RedPacketMessage>('red-packet', AppMsgType.RED_PACKET, {}, options);
}

export function quote(options: BuildOptions<QuoteMessage> = {}): QuoteMessage {
  return appMessage<QuoteMessage>('quote', AppMsgType.QUOTE, {}, options);
}

export function realtimeLocation(options: BuildOptions<RealtimeLocationMessage> = {}): RealtimeLocationMessage {
  return appMessage<RealtimeLocationMessage>('realtime-location', AppMsgType.REALTIME_LOCATION, {}, options);
}

export function app(options: BuildOptions<AppMessage> = {}): AppMessage {
  return appMessage<AppMessage>('app', AppMsgType.OPEN_APP, {}, options);
}

export function statusNotify(options: BuildOptions<StatusNotifyMessage> = {}): StatusNotifyMessage {
  const chats = options.chats ?? [];
  return build<StatusNotifyMessage>('status-notify', MsgType.STATUS_NOTIFY, { code: 4, chats }, options, '', {
    StatusNotifyCode: options.code ?? 4,
    StatusNotifyUserName: chats.join(','),
  });
}

/**
 * A system text (MsgType 10000). `event` defaults to what the decoder recognises in `content`, e.g.
 * `system('"Alice" invited "Bob" to the group chat', { group })` is a `group-invite`.
 */
export function system(content: string, options: BuildOptions<SystemMessage> = {}): SystemMessage {
  return build<SystemMessage>('system', MsgType.SYSTEM, { text: content, event: classifySystemText(content) }, options, content);
}

/**
 * A recall notice. Given the recalled message, it happens in that message's chat, by its sender; given an id,
 * in the chat `options` describe.
 */
export function recall(target: WxMessage | string, options: BuildOptions<RecallMessage> = {}): RecallMessage {
  const recalledId = typeof target === 'string' ? target : target.id;
  const where: MessageOptions =
    typeof target === 'string'
      ? {}
      : target.isGroup
        ? { group: target.chat, from: target.from, self: target.isSelf }
        : { from: target.from, self: target.isSelf, to: target.chat };
  const defaults = { recalledId, replaceText: '"Alice" recalled a message' };
  const content = `<sysmsg type="revokemsg"><revokemsg><msgid>${recalledId}</msgid></revokemsg></sysmsg>`;
  return build<RecallMessage>('recall', MsgType.RECALLED, defaults, Object.assign(where, options), content);
}

export function voip(options: BuildOptions<VoipMessage> = {}): VoipMessage {
  const msgType = options.msgType ?? 50;
  return build<VoipMessage>('voip', msgType, { msgType }, options, '');
}

export function possibleFriend(options: BuildOptions<PossibleFriendMessage> = {}): PossibleFriendMessage {
  return build<PossibleFriendMessage>('possible-friend', MsgType.POSSIBLE_FRIEND, {}, options, '');
}

export function sysNotice(content: string, options: BuildOptions<SysNoticeMessage> = {}): SysNoticeMessage {
  return build<SysNoticeMessage>('sys-notice', MsgType.SYS_NOTICE, { text: content }, options, content);
}

export function unknown(options: BuildOptions<UnknownMessage> = {}): UnknownMessage {
  const msgType = options.msgType ?? 99_999;
  const content = options.content ?? '';
  return build<UnknownMessage>('unknown', msgType, { msgType, content }, options, content);
}
