import { AppMsgType, MsgType } from '../../../model/codes.js';
import { message, opt } from '../../../model/decode/fields.js';
import { parseMentions } from '../../../model/decode/mentions.js';
import type { MessageBase, WxMessage } from '../../../model/message.js';
import type { RawMessage } from '../../../model/raw/shapes.js';
import type { Body } from '../envelope.js';
import { idOf, numberOf, objectOf, textOf } from '../fields.js';
import type { IlinkMessage, IlinkMessageSource } from './ilink-message.js';
import { withoutSecrets } from './sanitize.js';
import { type CdnRef, cdnRefOf, ItemType, MessageType, readHeader, type WireHeader } from './wire.js';

/** What `download` needs of a media message; kept by the client, never in the message (credentials). */
export interface MediaRef {
  readonly kind: 'image' | 'voice' | 'file' | 'video';
  readonly cdn: CdnRef;
  /** Images only: the 16-byte key as 32 hex characters (`image_item.aeskey`), the preferred key (docs/ilink-protocol.md §7.4). */
  readonly imageKeyHex?: string;
  /** A name for the saved file. */
  readonly fileName: string;
  /** The plaintext size, when the message says. */
  readonly size?: number;
  /** The exact plaintext size a download must have (a file's `len`, documented as the plaintext size), when given. */
  readonly exactSize?: number;
}

/** A decoded message with what the client keeps for itself. */
export interface DecodedMessage {
  readonly message: IlinkMessage;
  /** How repeats are recognised: `message_id`, else `client_id`, else `seq` (docs/ilink-protocol.md §5.2). */
  readonly dedupeKey: string;
  /** The peer's new context token, to record before the message is delivered (docs/ilink-protocol.md §7.1). */
  readonly contextToken?: string;
  /** The media a `download` of this message fetches: its own, else the one it quotes (docs/ilink-protocol.md §6.2). */
  readonly media?: MediaRef;
}

export interface DecodeInput {
  /** The bot's own id: messages from it are `isSelf`. */
  readonly botId: string;
  /** For a message without `create_time_ms`. */
  readonly nowMs: number;
}

/** Which media item counts when a message has several, as Tencent's client picks one (docs/ilink-protocol.md §6.2). */
const MEDIA_ORDER = [ItemType.IMAGE, ItemType.VIDEO, ItemType.FILE, ItemType.VOICE] as const;

/** The Web `MsgType` each kind reads as in `raw`. */
const WEB_TYPE: Readonly<Record<string, number>> = {
  text: MsgType.TEXT,
  image: MsgType.IMAGE,
  voice: MsgType.VOICE,
  video: MsgType.VIDEO,
  file: MsgType.APP,
  quote: MsgType.APP,
};

const itemOf = (items: readonly Body[], type: number): Body | undefined => items.find((item) => numberOf(item, 'type') === type);
const textItemText = (item: Body | undefined): string | undefined => {
  const body = item === undefined ? undefined : objectOf(item, 'text_item');
  return body === undefined ? undefined : textOf(body, 'text');
};

/**
 * A `WeixinMessage` as a message of the shared model (docs/ilink-protocol.md §6), or the issue line of a value that is
 * no message (not an object, a field of the wrong type, no id of any kind). Never throws.
 *
 * Kinds: an image, video, file or voice item (first found in that order) gives its kind — a voice keeps WeChat's
 * speech-to-text as `transcript`; else a text item quoting another message (`ref_msg`) is a `quote`; else a text
 * item is `text`; anything else (no items, tool-call items 11/12, unknown types) is `unknown` with `msgType` the
 * first item's type and `content` the items as JSON, credentials removed. `chat` is `group_id` when set, else the
 * peer: the sender, or the recipient of the bot's own messages.
 */
export function decodeIlinkMessage(value: unknown, input: DecodeInput): DecodedMessage | string {
  const header = readHeader(value);
  if (typeof header === 'string') return header;
  const dedupeKey = header.messageId ?? (header.clientId !== undefined ? `client:${header.clientId}` : header.seq !== undefined ? `seq:${header.seq}` : undefined);
  if (dedupeKey === undefined) return 'message_id: expected an id (no client_id or seq either)';
  const id = header.messageId ?? dedupeKey;
  const isSelf = header.messageType === MessageType.BOT || (header.from !== '' && header.from === input.botId);
  const isGroup = header.groupId !== undefined;
  const chat = header.groupId ?? (isSelf ? header.to : header.from);
  const time = header.createTimeMs ?? input.nowMs;
  const { fields, media, content } = contentOf(header, id);
  // Plain stores rather than `Object.assign` of `{ key: value }` pieces (`opt`): this runs for every message, and
  // with the pieces (and readHeader's table of pairs) decoding a text took 2.8 µs, without them 0.6 µs (Node 20).
  const raw: { -readonly [K in keyof RawMessage]: RawMessage[K] } = {
    MsgId: id,
    FromUserName: header.from,
    ToUserName: header.to,
    MsgType: fields.kind === 'unknown' ? fields.msgType : (WEB_TYPE[fields.kind] ?? MsgType.APP),
    Content: content,
    CreateTime: Math.floor(time / 1000),
  };
  if (fields.kind === 'file') {
    raw.FileName = fields.fileName;
    raw.FileSize = String(fields.size);
  }
  const base: MessageBase & { readonly ilink: IlinkMessageSource } = { id, chat, from: header.from, to: header.to, isGroup, isSelf, time, raw, ilink: sourceOf(header) };
  const decoded: { -readonly [K in keyof DecodedMessage]: DecodedMessage[K] } = { message: message(fields, base) as IlinkMessage, dedupeKey };
  if (header.contextToken !== undefined) decoded.contextToken = header.contextToken;
  if (media !== undefined) decoded.media = media;
  return decoded;
}

function sourceOf(header: WireHeader): IlinkMessageSource {
  const source: { -readonly [K in keyof IlinkMessageSource]: IlinkMessageSource[K] } = {
    messageType: header.messageType,
    messageState: header.messageState,
    items: withoutSecrets(header.items) as unknown[],
  };
  if (header.messageId !== undefined) source.messageId = header.messageId;
  if (header.seq !== undefined) source.seq = header.seq;
  if (header.clientId !== undefined) source.clientId = header.clientId;
  if (header.sessionId !== undefined) source.sessionId = header.sessionId;
  if (header.groupId !== undefined) source.groupId = header.groupId;
  if (header.createTimeMs !== undefined) source.createTimeMs = header.createTimeMs;
  if (header.updateTimeMs !== undefined) source.updateTimeMs = header.updateTimeMs;
  if (header.runId !== undefined) source.runId = header.runId;
  return source;
}

/** The fields of one kind, without the common ones (distributed over the union). */
type KindFields = WxMessage extends infer M ? (M extends WxMessage ? Omit<M, keyof MessageBase> : never) : never;

interface Content {
  readonly fields: KindFields;
  readonly media?: MediaRef;
  /** `raw.Content`: the text, the transcript, the file name, or `''`. */
  readonly content: string;
}

function contentOf(header: WireHeader, id: string): Content {
  const { items } = header;
  for (const type of MEDIA_ORDER) {
    const item = itemOf(items, type);
    if (item !== undefined) return mediaContent(type, item, id);
  }
  const textItem = itemOf(items, ItemType.TEXT);
  const text = textItemText(textItem) ?? '';
  const ref = textItem === undefined ? undefined : objectOf(textItem, 'ref_msg');
  if (ref !== undefined) return quoteContent(text, ref, id);
  if (textItem !== undefined) {
    const mentions = header.groupId === undefined ? [] : parseMentions(text);
    return { fields: { kind: 'text', text, mentions, mentionsSelf: false }, content: text };
  }
  const first = items[0];
  const content = items.length === 0 ? '' : JSON.stringify(withoutSecrets(items));
  return { fields: { kind: 'unknown', msgType: first === undefined ? ItemType.NONE : (numberOf(first, 'type') ?? ItemType.NONE), content }, content };
}

function mediaContent(type: (typeof MEDIA_ORDER)[number], item: Body, id: string): Content {
  switch (type) {
    case ItemType.IMAGE: {
      const image = objectOf(item, 'image_item') ?? {};
      const size = numberOf(image, 'hd_size') ?? numberOf(image, 'mid_size');
      const fields = Object.assign({ kind: 'image' as const }, opt('size', size), opt('thumbWidth', numberOf(image, 'thumb_width')), opt('thumbHeight', numberOf(image, 'thumb_height')));
      const hex = textOf(image, 'aeskey');
      return withMedia(fields, '', cdnRefOf(image, 'media'), { kind: 'image', fileName: `${id}.jpg`, ...opt('imageKeyHex', hex), ...opt('size', size) });
    }
    case ItemType.VIDEO: {
      const video = objectOf(item, 'video_item') ?? {};
      const size = numberOf(video, 'video_size');
      const fields = Object.assign({ kind: 'video' as const, durationSec: numberOf(video, 'play_length') ?? 0, micro: false }, opt('size', size));
      return withMedia(fields, '', cdnRefOf(video, 'media'), { kind: 'video', fileName: `${id}.mp4` });
    }
    case ItemType.FILE: {
      const file = objectOf(item, 'file_item') ?? {};
      const fileName = textOf(file, 'file_name') ?? id;
      const len = numberOf(file, 'len');
      const size = len ?? 0;
      const dot = fileName.lastIndexOf('.');
      const fields = {
        kind: 'file' as const,
        appType: AppMsgType.FILE,
        title: fileName,
        description: '',
        url: '',
        xml: '',
        fileName,
        size,
        ext: dot > 0 ? fileName.slice(dot + 1) : '',
        mediaId: id,
      };
      return withMedia(fields, fileName, cdnRefOf(file, 'media'), { kind: 'file', fileName, size, ...opt('exactSize', len) });
    }
    case ItemType.VOICE: {
      const voice = objectOf(item, 'voice_item') ?? {};
      const transcript = textOf(voice, 'text');
      const fields = Object.assign({ kind: 'voice' as const, durationMs: numberOf(voice, 'playtime') ?? 0 }, opt('transcript', transcript));
      return withMedia(fields, transcript ?? '', cdnRefOf(voice, 'media'), { kind: 'voice', fileName: `${id}.silk` });
    }
  }
}

function withMedia(fields: KindFields, content: string, cdn: CdnRef | undefined, ref: Omit<MediaRef, 'cdn'>): Content {
  return cdn === undefined ? { fields, content } : { fields, content, media: Object.assign({ cdn }, ref) };
}

/** A text that quotes another message: `title` is the text; the quoted one's text (or summary) and id when given. */
function quoteContent(text: string, ref: Body, id: string): Content {
  const quoted = objectOf(ref, 'message_item');
  const quotedText = textItemText(quoted) ?? textOf(ref, 'title');
  const quotedId = idOf(ref, 'svr_id') ?? (quoted === undefined ? undefined : textOf(quoted, 'msg_id'));
  const fields = Object.assign(
    { kind: 'quote' as const, appType: AppMsgType.QUOTE, title: text, description: '', url: '', xml: '' },
    opt('quotedText', quotedText),
    opt('quotedId', quotedId),
  );
  const quotedMedia = quoted === undefined ? undefined : quotedMediaOf(quoted, id);
  return quotedMedia === undefined ? { fields, content: text } : { fields, content: text, media: quotedMedia };
}

/** The media of a quoted item, which a `download` of the quote fetches (Tencent's client does the same). */
function quotedMediaOf(item: Body, id: string): MediaRef | undefined {
  const type = numberOf(item, 'type');
  for (const media of MEDIA_ORDER) {
    if (type === media) return mediaContent(media, item, id).media;
  }
  return undefined;
}
