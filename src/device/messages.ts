import type { RawMessage } from '../model/raw/shapes.js';
import { AppMsgType, MsgType } from '../model/codes.js';
import { decodeAppMessage } from '../model/decode/app.js';
import { decodeMessage } from '../model/decode/decode.js';
import { message } from '../model/decode/fields.js';
import { mentionsAnyOf, parseMentions } from '../model/decode/mentions.js';
import { classifySystemText } from '../model/decode/system.js';
import type { MessageBase, SystemEvent, WxMessage } from '../model/message.js';
import { DeviceContentType, DeviceMsgType } from './enums.js';
import type {
  FriendAddReqeustNoticeMessage,
  FriendTalkNoticeMessage,
  WeChatTalkToFriendNoticeMessage,
} from './wire-types.js';

/** Where a device message came from: the notice as decoded, so nothing the phone sent is lost. */
export interface DeviceMessageSource {
  /** 1024 `FriendTalkNotice` (received), 1026 `WeChatTalkToFriendNotice` (sent on the phone), 1027 `FriendAddReqeustNotice`. */
  readonly msgType: 1024 | 1026 | 1027;
  /** The frame's `Id`. */
  readonly frameId: string;
  /** The WeChat account on the phone that received or sent it. */
  readonly wechatId: string;
  /** `EnumContentType` (0 for a friend request). */
  readonly contentType: number;
  readonly notice: FriendTalkNoticeMessage | WeChatTalkToFriendNoticeMessage | FriendAddReqeustNoticeMessage;
}

/**
 * A message of the shared model (`WxMessage`) that arrived over the device transport, with its origin in
 * `device`. `raw` is a Web-WeChat-shaped view of the notice (`MsgId`, `FromUserName`, `ToUserName`, the Web
 * `MsgType` of its kind, `Content` as UTF-8 text, `CreateTime`, and `Url` for media references) so code written
 * for the web client reads it unchanged.
 */
export type DeviceMessage = WxMessage & { readonly device: DeviceMessageSource };

/** What the mapping needs to know about the accounts on the phone. */
export interface DeviceSelf {
  /** The nickname of a WeChat account on the phone, for `mentionsSelf`. */
  nickNameOf(wechatId: string): string | undefined;
}

/**
 * The sender prefix of a group message as WeChat stores it (`wxid_abc:\n…`): an id of letters, digits, `_` and `-`
 * before a colon and a line feed. Only split for group chats, where the prefix names the member.
 */
const GROUP_SENDER = /^([A-Za-z][\w-]{2,63}):\r?\n/;
const CHATROOM_SUFFIX = '@chatroom';
const URLISH = /^(?:https?|ftp|file):\/\//i;
const decoder = new TextDecoder();

/** The web MsgType a content type reads as, for `raw.MsgType`. */
const WEB_MSG_TYPE: Readonly<Record<number, number>> = {
  [DeviceContentType.Text]: MsgType.TEXT,
  [DeviceContentType.Picture]: MsgType.IMAGE,
  [DeviceContentType.Voice]: MsgType.VOICE,
  [DeviceContentType.Video]: MsgType.VIDEO,
  [DeviceContentType.System]: MsgType.SYSTEM,
  [DeviceContentType.Link]: MsgType.APP,
  [DeviceContentType.LinkExt]: MsgType.APP,
  [DeviceContentType.File]: MsgType.APP,
  [DeviceContentType.NameCard]: MsgType.CARD,
  [DeviceContentType.Location]: MsgType.LOCATION,
  [DeviceContentType.LuckyMoney]: MsgType.APP,
  [DeviceContentType.MoneyTrans]: MsgType.APP,
  [DeviceContentType.WeApp]: MsgType.APP,
  [DeviceContentType.Emoji]: MsgType.EMOTICON,
  [DeviceContentType.RoomManage]: MsgType.SYSTEM,
  [DeviceContentType.Sys_LuckyMoney]: MsgType.SYSTEM,
  [DeviceContentType.RoomSystem]: MsgType.SYSTEM,
  [DeviceContentType.BizLink]: MsgType.APP,
  [DeviceContentType.AudioCall]: MsgType.VOIP_MSG,
  [DeviceContentType.VideoCall]: MsgType.VOIP_MSG,
  [DeviceContentType.NotifyMsg]: MsgType.SYS_NOTICE,
  [DeviceContentType.QuoteMsg]: MsgType.APP,
  [DeviceContentType.PaiYiPai]: MsgType.SYSTEM,
};

/**
 * Maps a chat notice onto the shared message model. `FriendId` is the chat (`…@chatroom` marks a group); in a
 * received group message a `member:\n` prefix names the sender and is removed from the content. The id is
 * `msgSvrId` (WeChat's server id) when set, else the phone's `MsgId`. Never throws: content that does not parse
 * leaves optional fields absent.
 *
 * Content types map as: Text → `text`; Picture → `image`; Voice → `voice`; Video → `video`; Emoji → `emoticon`;
 * NameCard → `card`; Location → `location`; Link and BizLink → `link` (JSON with `Title`, or app XML); File →
 * `file`; WeApp → `mini-program`; QuoteMsg → `quote`; LuckyMoney → `red-packet`; MoneyTrans → `transfer`;
 * LinkExt and other XML → by the app XML; System, RoomManage, Sys_LuckyMoney, RoomSystem, PaiYiPai → `system`;
 * AudioCall and VideoCall → `voip`; NotifyMsg → `sys-notice`; anything else → `unknown` with `msgType` set to the
 * `EnumContentType`. Media content is a reference (such as a URL), kept in `raw.Content` and `raw.Url`.
 */
export function messageFromNotice(
  msgType: 1024 | 1026,
  frameId: string,
  notice: FriendTalkNoticeMessage | WeChatTalkToFriendNoticeMessage,
  self: DeviceSelf,
  nowMs: number,
): DeviceMessage {
  const chat = notice.FriendId;
  const isGroup = chat.endsWith(CHATROOM_SUFFIX);
  const isSelf = msgType === DeviceMsgType.WeChatTalkToFriendNotice;
  const full = decoder.decode(notice.Content);
  let from = isSelf ? notice.WeChatId : chat;
  let content = full;
  if (isGroup && !isSelf) {
    const prefix = GROUP_SENDER.exec(full);
    if (prefix !== null) {
      from = prefix[1]!;
      content = full.slice(prefix[0].length);
    }
  }
  const contentType = notice.ContentType;
  const raw: Mutable<RawMessage> = {
    MsgId: notice.msgSvrId !== '0' ? notice.msgSvrId : notice.MsgId,
    FromUserName: isSelf ? notice.WeChatId : chat,
    ToUserName: isSelf ? chat : notice.WeChatId,
    MsgType: WEB_MSG_TYPE[contentType] ?? contentType,
    Content: full,
    CreateTime: unixSeconds(notice.CreateTime, nowMs),
  };
  if (URLISH.test(content)) raw.Url = content;
  const base: MessageBase = {
    id: raw.MsgId,
    chat,
    from,
    to: raw.ToUserName,
    isGroup,
    isSelf,
    time: raw.CreateTime! * 1000,
    raw,
  };
  const source: DeviceMessageSource = { msgType, frameId, wechatId: notice.WeChatId, contentType, notice };
  let decoded: WxMessage;
  try {
    decoded = decodeContent(contentType, base, raw, content, notice.WeChatId, self);
  } catch {
    decoded = message({ kind: 'unknown', msgType: contentType, content }, base);
  }
  return Object.assign(decoded, { device: source });
}

/** A friend request notice as a `friend-request` message of chat `FriendId` (no ticket: accept with a device task). */
export function messageFromFriendRequest(frameId: string, notice: FriendAddReqeustNoticeMessage, nowMs: number): DeviceMessage {
  const raw: RawMessage = {
    MsgId: frameId,
    FromUserName: notice.FriendId,
    ToUserName: notice.WeChatId,
    MsgType: MsgType.FRIEND_REQUEST,
    Content: notice.Reason,
    CreateTime: Math.floor(nowMs / 1000),
  };
  const requester = Object.assign(
    { userName: notice.FriendId, nickName: notice.FriendNick },
    notice.FriendNo === '' ? {} : { alias: notice.FriendNo },
    notice.Province === '' ? {} : { province: notice.Province },
    notice.City === '' ? {} : { city: notice.City },
    notice.Gender === 0 ? {} : { sex: notice.Gender },
  );
  const base: MessageBase = {
    id: frameId,
    chat: notice.FriendId,
    from: notice.FriendId,
    to: notice.WeChatId,
    isGroup: false,
    isSelf: false,
    time: nowMs,
    raw,
  };
  const decoded = message({ kind: 'friend-request', requester, ticket: '', scene: notice.Source, greeting: notice.Reason }, base);
  const source: DeviceMessageSource = {
    msgType: DeviceMsgType.FriendAddReqeustNotice,
    frameId,
    wechatId: notice.WeChatId,
    contentType: 0,
    notice,
  };
  return Object.assign(decoded, { device: source });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Unix seconds from an int64 string; milliseconds are recognised by size; 0 (absent) means "now". */
function unixSeconds(value: string, nowMs: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return Math.floor(nowMs / 1000);
  return n > 1e11 ? Math.floor(n / 1000) : n;
}

function decodeContent(
  contentType: number,
  base: MessageBase,
  raw: RawMessage,
  content: string,
  wechatId: string,
  self: DeviceSelf,
): WxMessage {
  const xml = looksLikeXml(content);
  switch (contentType) {
    case DeviceContentType.Text: {
      const mentions = parseMentions(content);
      const mentionsSelf = base.isGroup && content.includes('@') && mentionsAnyOf(content, mentions, [self.nickNameOf(wechatId)]);
      return message({ kind: 'text', text: content, mentions, mentionsSelf }, base);
    }
    case DeviceContentType.Picture:
      return xml ? viaWeb(base, raw, content, wechatId) : message({ kind: 'image' }, base);
    case DeviceContentType.Voice:
      return xml ? viaWeb(base, raw, content, wechatId) : message({ kind: 'voice', durationMs: 0 }, base);
    case DeviceContentType.Video:
      return xml ? viaWeb(base, raw, content, wechatId) : message({ kind: 'video', durationSec: 0, micro: false }, base);
    case DeviceContentType.Emoji:
      return xml
        ? viaWeb(base, raw, content, wechatId)
        : message(Object.assign({ kind: 'emoticon' as const, isStoreSticker: false }, URLISH.test(content) ? { cdnUrl: content } : {}), base);
    case DeviceContentType.NameCard:
      return xml ? viaWeb(base, raw, content, wechatId) : message({ kind: 'card', card: { userName: content, nickName: '' } }, base);
    case DeviceContentType.Location:
      return xml ? viaWeb(base, raw, content, wechatId) : message({ kind: 'location', label: content }, base);
    case DeviceContentType.Link:
    case DeviceContentType.BizLink:
      return xml ? decodeAppMessage(base, raw, content) : link(base, content);
    case DeviceContentType.File:
      return xml ? decodeAppMessage(base, raw, content) : file(base, content);
    case DeviceContentType.WeApp:
      return xml ? decodeAppMessage(base, raw, content) : app(base, 'mini-program', AppMsgType.MINI_PROGRAM, content);
    case DeviceContentType.QuoteMsg:
      return xml ? decodeAppMessage(base, raw, content) : app(base, 'quote', AppMsgType.QUOTE, content);
    case DeviceContentType.LuckyMoney:
      return xml ? decodeAppMessage(base, raw, content) : money(base, 'red-packet', AppMsgType.RED_PACKET, content);
    case DeviceContentType.MoneyTrans:
      return xml ? decodeAppMessage(base, raw, content) : money(base, 'transfer', AppMsgType.TRANSFER, content);
    case DeviceContentType.LinkExt:
      return xml ? decodeAppMessage(base, raw, content) : app(base, 'app', 0, content);
    case DeviceContentType.System:
    case DeviceContentType.RoomManage:
    case DeviceContentType.Sys_LuckyMoney:
    case DeviceContentType.RoomSystem:
      return system(base, content, classifySystemText(content));
    case DeviceContentType.PaiYiPai: {
      const event = classifySystemText(content);
      return system(base, content, event.type === 'other' ? { type: 'pat', text: content.trim() } : event);
    }
    case DeviceContentType.AudioCall:
    case DeviceContentType.VideoCall:
      return message({ kind: 'voip', msgType: MsgType.VOIP_MSG }, base);
    case DeviceContentType.NotifyMsg:
      return message({ kind: 'sys-notice', text: content.trim() }, base);
    default:
      return message({ kind: 'unknown', msgType: contentType, content }, base);
  }
}

function looksLikeXml(content: string): boolean {
  const at = content.indexOf('<');
  return at !== -1 && content.slice(0, at).trim() === '';
}

/** XML the phone copied from WeChat's own database reads like the web payload of the same kind: reuse that decoder. */
function viaWeb(base: MessageBase, raw: RawMessage, content: string, wechatId: string): WxMessage {
  return Object.assign(decodeMessage(Object.assign({}, raw, { Content: content }), { userName: wechatId }), base);
}

function system(base: MessageBase, content: string, event: SystemEvent): WxMessage {
  return message({ kind: 'system', text: content.trim(), event }, base);
}

/** JSON content (Link, LuckyMoney, MoneyTrans), parsed from the first `{` because group messages may prefix it. */
function jsonOf(content: string): Readonly<Record<string, unknown>> {
  const start = content.indexOf('{');
  if (start === -1) return {};
  try {
    const value: unknown = JSON.parse(content.slice(start));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function field(json: Readonly<Record<string, unknown>>, ...names: string[]): string {
  for (const name of names) {
    const value = json[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  }
  return '';
}

function link(base: MessageBase, content: string): WxMessage {
  const json = jsonOf(content);
  return message(
    {
      kind: 'link',
      appType: AppMsgType.LINK,
      title: field(json, 'Title', 'title'),
      description: field(json, 'Des', 'Desc', 'Description', 'des', 'desc', 'description'),
      url: field(json, 'Url', 'url', 'Link', 'link') || (URLISH.test(content) ? content : ''),
      xml: '',
    },
    base,
  );
}

function file(base: MessageBase, content: string): WxMessage {
  const path = content.split(/[?#]/, 1)[0] ?? '';
  const fileName = decodeURIComponentSafe(path.slice(path.lastIndexOf('/') + 1));
  const dot = fileName.lastIndexOf('.');
  return message(
    {
      kind: 'file',
      appType: AppMsgType.FILE,
      title: fileName,
      description: '',
      url: URLISH.test(content) ? content : '',
      xml: '',
      fileName,
      size: 0,
      ext: dot > 0 ? fileName.slice(dot + 1) : '',
      mediaId: content,
    },
    base,
  );
}

function app<K extends 'mini-program' | 'quote' | 'app'>(base: MessageBase, kind: K, appType: number, content: string) {
  return message({ kind, appType, title: content, description: '', url: URLISH.test(content) ? content : '', xml: '' }, base);
}

/** LuckyMoney and MoneyTrans carry JSON with a claim `Key`; a transfer keeps it as `transferId`. */
function money(base: MessageBase, kind: 'red-packet' | 'transfer', appType: number, content: string): WxMessage {
  const json = jsonOf(content);
  const parts = { appType, title: field(json, 'Title', 'title'), description: field(json, 'Des', 'Desc', 'des'), url: '', xml: '' };
  if (kind === 'red-packet') return message(Object.assign({ kind }, parts), base);
  const key = field(json, 'Key', 'key');
  return message(Object.assign({ kind }, parts, key === '' ? {} : { transferId: key }), base);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
