import { RawMessage } from '../raw/shapes.js';
import { MsgType } from '../codes.js';
import { decodeWith } from '../raw/decode.js';
import { messageWithoutCredentials } from '../raw/without-credentials.js';
import { decodeAppMessage } from './app.js';
import { nonEmpty, opt, toFloat, toInt, message } from './fields.js';
import { routeMessage } from './group.js';
import { mentionsAnyOf, parseMentions } from './mentions.js';
import { personFrom } from './person.js';
import { classifySystemText } from './system.js';
import { decodeEmojiSpans, normalizeText } from './text.js';
import type {
  CardMessage,
  EmoticonMessage,
  FriendRequestMessage,
  ImageMessage,
  LocationMessage,
  MessageBase,
  PossibleFriendMessage,
  RecallMessage,
  SelfInfo,
  StatusNotifyMessage,
  TextMessage,
  UnknownMessage,
  VideoMessage,
  VoiceMessage,
  WxMessage,
} from '../message.js';
import { contentStartTag, parseContentXml, xmlAttr, xmlChild, xmlText, type XmlNode } from './xml.js';

/** `SubMsgType` of a MsgType 1 that is really a shared location (docs/protocol.md §4.6). */
const SUB_MSG_LOCATION = 48;
/** `coord=<lat>,<lng>` in the `apis.map.qq.com` link of a location. */
const COORD = /[?&]coord=(-?\d{1,3}(?:\.\d+)?)(?:,|%2C)(-?\d{1,3}(?:\.\d+)?)/i;
/** The label line of a location content: `<label>:\n/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?…`. */
const LOCATION_LABEL = /^([\s\S]*?):\n\/cgi-bin\//;

/**
 * Decodes one `AddMsgList` element into the message model. Never throws for a decoded `RawMessage`: odd or missing
 * XML leaves optional fields absent, and a decoder bug degrades to an `unknown` message rather than ending the
 * caller's stream. The message's `raw` is the element without credentials in its URL fields
 * (`messageWithoutCredentials`).
 */
export function decodeMessage(fromServer: RawMessage, self: SelfInfo): WxMessage {
  const raw = messageWithoutCredentials(fromServer);
  const content = raw.Content ?? '';
  const route = routeMessage(raw.FromUserName, raw.ToUserName, content, self.userName);
  const base: MessageBase = {
    id: raw.MsgId,
    chat: route.chat,
    from: route.from,
    to: raw.ToUserName,
    isGroup: route.isGroup,
    isSelf: route.isSelf,
    time: (raw.CreateTime ?? 0) * 1000,
    raw,
  };
  try {
    return decodeKind(base, raw, route.content, self);
  } catch {
    return unknown(base, raw, route.content);
  }
}

/**
 * Validates an `AddMsgList` element with the `RawMessage` codec (a `DecodeError` for `message` if it is none), then
 * decodes it. An element read with a plain `JSON.parse` decodes too: its id is `MsgId`, and a `NewMsgId` rounded to
 * a double keeps the digits it was rounded to (read the body with `parseWireJson` to keep them exact).
 */
export function decodeRawMessage(input: unknown, self: SelfInfo): WxMessage {
  return decodeMessage(decodeWith(RawMessage, 'message', input), self);
}

function decodeKind(base: MessageBase, raw: RawMessage, content: string, self: SelfInfo): WxMessage {
  switch (raw.MsgType) {
    case MsgType.TEXT:
      return raw.SubMsgType === SUB_MSG_LOCATION ? location(base, raw, content) : text(base, content, self);
    case MsgType.LOCATION:
      return location(base, raw, content);
    case MsgType.IMAGE:
      return image(base, raw, content);
    case MsgType.VOICE:
      return voice(base, raw, content);
    case MsgType.VIDEO:
    case MsgType.MICRO_VIDEO:
      return video(base, raw, content);
    case MsgType.EMOTICON:
      return emoticon(base, raw, content);
    case MsgType.CARD:
      return card(base, raw, content);
    case MsgType.FRIEND_REQUEST:
      return friendRequest(base, raw, content);
    case MsgType.APP:
      return decodeAppMessage(base, raw, content);
    case MsgType.STATUS_NOTIFY:
      return statusNotify(base, raw);
    case MsgType.SYSTEM: {
      const systemText = normalizeText(content).trim();
      return message({ kind: 'system', text: systemText, event: classifySystemText(systemText) }, base);
    }
    case MsgType.RECALLED:
      return recall(base, raw, content);
    case MsgType.VOIP_MSG:
    case MsgType.VOIP_NOTIFY:
    case MsgType.VOIP_INVITE:
      return message({ kind: 'voip', msgType: raw.MsgType }, base);
    case MsgType.POSSIBLE_FRIEND:
      return possibleFriend(base, raw, content);
    case MsgType.SYS_NOTICE:
      return message({ kind: 'sys-notice', text: normalizeText(content).trim() }, base);
    default:
      return unknown(base, raw, content);
  }
}

function text(base: MessageBase, content: string, self: SelfInfo): TextMessage {
  const body = normalizeText(content);
  const mentions = parseMentions(body);
  const mentionsSelf =
    base.isGroup && body.includes('@') && mentionsAnyOf(body, mentions, [self.displayNameIn?.(base.chat), self.nickName]);
  return message({ kind: 'text', text: body, mentions, mentionsSelf }, base);
}

/**
 * A shared location: `OriContent` `<location x y label poiname>` (raw XML), or the same XML in `Content` (MsgType
 * 48), with the `coord=lat,lng` of `Url` and the label line of `Content` as fallbacks.
 */
function location(base: MessageBase, raw: RawMessage, content: string): LocationMessage {
  const point = locationElement(raw.OriContent) ?? locationElement(content);
  const url = nonEmpty(raw.Url)?.replaceAll('&amp;', '&');
  const coord = url === undefined ? null : COORD.exec(url);
  const latitude = toFloat(xmlAttr(point, 'x')) ?? toFloat(coord?.[1]);
  const longitude = toFloat(xmlAttr(point, 'y')) ?? toFloat(coord?.[2]);
  const label = nonEmpty(xmlAttr(point, 'label')) ?? LOCATION_LABEL.exec(normalizeText(content))?.[1] ?? '';
  return message({ kind: 'location',
    label,
    ...opt('latitude', latitude),
    ...opt('longitude', longitude),
    ...opt('poiName', nonEmpty(xmlAttr(point, 'poiname'))),
    ...opt('url', url) }, base);
}

function locationElement(content: string | undefined): XmlNode | undefined {
  return content === undefined || content === '' ? undefined : element(content, 'location');
}

/**
 * The attributes of the one element a payload is about (`<msg><img …/></msg>`, `<msg username=…/>`); undefined
 * when the content is not XML, such as the opaque `@…` blob some servers send for media (docs/protocol.md §4.3).
 */
function element(content: string, name: string, only?: readonly string[]): XmlNode | undefined {
  return contentStartTag(content, name, only);
}

/** The attributes each media message reads (the tags carry about twenty). */
const IMAGE_ATTRIBUTES = ['length', 'md5', 'cdnthumbwidth', 'cdnthumbheight'];
const VOICE_ATTRIBUTES = ['voicelength'];
const VIDEO_ATTRIBUTES = ['playlength', 'length'];
const EMOJI_ATTRIBUTES = ['md5', 'cdnurl', 'productid'];

/** Wire numbers use 0 for "not said". */
const positive = (n: number | undefined): number | undefined => (n === undefined || n <= 0 ? undefined : n);

function image(base: MessageBase, raw: RawMessage, content: string): ImageMessage {
  const img = element(content, 'img', IMAGE_ATTRIBUTES);
  return message({ kind: 'image',
    ...opt('size', toInt(xmlAttr(img, 'length'))),
    ...opt('md5', nonEmpty(xmlAttr(img, 'md5'))),
    ...opt('thumbWidth', positive(raw.ImgWidth) ?? toInt(xmlAttr(img, 'cdnthumbwidth'))),
    ...opt('thumbHeight', positive(raw.ImgHeight) ?? toInt(xmlAttr(img, 'cdnthumbheight'))) }, base);
}

function voice(base: MessageBase, raw: RawMessage, content: string): VoiceMessage {
  const durationMs = positive(raw.VoiceLength) ?? toInt(xmlAttr(element(content, 'voicemsg', VOICE_ATTRIBUTES), 'voicelength')) ?? 0;
  return message({ kind: 'voice', durationMs }, base);
}

function video(base: MessageBase, raw: RawMessage, content: string): VideoMessage {
  const videomsg = element(content, 'videomsg', VIDEO_ATTRIBUTES);
  return message({ kind: 'video',
    durationSec: positive(raw.PlayLength) ?? toInt(xmlAttr(videomsg, 'playlength')) ?? 0,
    micro: raw.MsgType === MsgType.MICRO_VIDEO,
    ...opt('size', toInt(xmlAttr(videomsg, 'length'))) }, base);
}

function emoticon(base: MessageBase, raw: RawMessage, content: string): EmoticonMessage {
  const emoji = element(content, 'emoji', EMOJI_ATTRIBUTES);
  return message({ kind: 'emoticon',
    ...opt('md5', nonEmpty(xmlAttr(emoji, 'md5'))),
    ...opt('cdnUrl', nonEmpty(xmlAttr(emoji, 'cdnurl'))),
    isStoreSticker: (raw.HasProductId ?? 0) > 0 || nonEmpty(xmlAttr(emoji, 'productid')) !== undefined }, base);
}

const NOBODY = { userName: '', nickName: '' } as const;

/** A card: `RecommendInfo` holds the per-login name of the shared contact; the XML `username` is its real id. */
function card(base: MessageBase, raw: RawMessage, content: string): CardMessage {
  const attrs = element(content, 'msg');
  return message({ kind: 'card', card: personFrom(raw.RecommendInfo, attrs, ['username'], 'nickname') ?? NOBODY }, base);
}

/**
 * A friend request from `fmessage`. `RecommendInfo` (per-login `UserName`, `Ticket`, unescaped greeting) wins;
 * the `<msg>` attributes fill what it lacks, the stranger name `encryptusername` standing in for the user name.
 */
function friendRequest(base: MessageBase, raw: RawMessage, content: string): FriendRequestMessage {
  const info = raw.RecommendInfo;
  const attrs = element(content, 'msg');
  return message({ kind: 'friend-request',
    requester: personFrom(info, attrs, ['encryptusername', 'fromusername'], 'fromnickname') ?? NOBODY,
    ticket: nonEmpty(info?.Ticket) ?? nonEmpty(xmlAttr(attrs, 'ticket')) ?? raw.Ticket ?? '',
    scene: positive(info?.Scene) ?? toInt(xmlAttr(attrs, 'scene')) ?? 0,
    greeting: nonEmpty(info?.Content) ?? xmlAttr(attrs, 'content') ?? '' }, base);
}

function possibleFriend(base: MessageBase, raw: RawMessage, content: string): PossibleFriendMessage {
  const attrs = element(content, 'msg');
  const person = personFrom(raw.RecommendInfo, attrs, ['encryptusername', 'fromusername', 'username'], 'fromnickname');
  return message({ kind: 'possible-friend', ...opt('person', person) }, base);
}

function statusNotify(base: MessageBase, raw: RawMessage): StatusNotifyMessage {
  const chats = (raw.StatusNotifyUserName ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return message({ kind: 'status-notify', code: raw.StatusNotifyCode ?? 0, chats }, base);
}

/**
 * `<sysmsg type="revokemsg"><revokemsg>…` (escaped, maybe pretty-printed with `<br/>` and TABs, maybe raw). A 10002
 * without a `<revokemsg>` element is some other system XML and decodes as `unknown`.
 */
function recall(base: MessageBase, raw: RawMessage, content: string): RecallMessage | UnknownMessage {
  const root = parseContentXml(content);
  const revoke = xmlChild(root, 'sysmsg', 'revokemsg') ?? xmlChild(root, 'revokemsg');
  if (revoke === undefined) return unknown(base, raw, content);
  return message({ kind: 'recall',
    recalledId: xmlText(revoke, 'msgid')?.trim() ?? '',
    ...opt('oldMsgId', nonEmpty(xmlText(revoke, 'oldmsgid')?.trim())),
    replaceText: decodeEmojiSpans(xmlText(revoke, 'replacemsg') ?? ''),
    ...opt('session', nonEmpty(xmlText(revoke, 'session')?.trim())) }, base);
}

/** A MsgType without its own kind; `content` is `Content` without the group prefix, still escaped as sent. */
function unknown(base: MessageBase, raw: RawMessage, content: string): UnknownMessage {
  return message({ kind: 'unknown', msgType: raw.MsgType, content }, base);
}
