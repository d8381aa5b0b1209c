/**
 * Messages from users to the bot (docs/ilink-protocol.md §6): every WeixinMessage field, one item per message, media
 * stored encrypted on the CDN with both key encodings, a fresh context token per message.
 */
import { encodeKey, type KeyEncoding } from './aes.js';
import type { Bot } from './bots.js';
import type { CdnObject } from './cdn-store.js';
import type { WireMessage } from './inbox.js';
import type { IlinkInjected, IlinkInjectedMedia, IlinkInjectSpec } from './inject-spec.js';
import type { IlinkState } from './state.js';

/** Builds the message(s) for `spec` and queues them for `bot`. */
export function injectInto(state: IlinkState, bot: Bot, spec: IlinkInjectSpec): IlinkInjected {
  const from = spec.from ?? bot.userId;
  const now = state.now();
  const messageId = state.random.messageId();
  const contextToken = state.random.base64(48);
  const peer = bot.peer(from, state.random);
  bot.contextTokens.set(contextToken, { peer: from, issuedAt: now });
  peer.latestToken = contextToken;
  peer.sendsSinceMessage = 0;

  const message = (item: Readonly<Record<string, unknown>>, messageState: number, completed: boolean): WireMessage => ({
    seq: ++bot.seq,
    message_id: messageId,
    from_user_id: from,
    to_user_id: bot.botId,
    create_time_ms: now,
    update_time_ms: now,
    delete_time_ms: 0,
    session_id: peer.sessionId,
    message_type: 1,
    message_state: messageState,
    item_list: [{ create_time_ms: now, update_time_ms: now, is_completed: completed, msg_id: messageId.toString(), ...item }],
    context_token: contextToken,
  });

  const { item, media } = itemOf(state, spec);
  const messages =
    spec.kind === 'generating'
      ? [message({ type: 1, text_item: { text: spec.partialText ?? spec.text.slice(0, Math.ceil(spec.text.length / 2)) } }, 1, false), message(item, 2, true)]
      : [message(item, 2, true)];
  const twice = spec.duplicate ?? state.random.chance(state.options.duplicateRate);
  for (const m of twice ? [...messages, ...messages] : messages) bot.inbox.append(m);
  const last = messages[messages.length - 1] as WireMessage;
  return { messageId: messageId.toString(), seq: last['seq'] as number, from, contextToken, ...(media === undefined ? {} : { media }) };
}

function itemOf(state: IlinkState, spec: IlinkInjectSpec): { readonly item: Readonly<Record<string, unknown>>; readonly media?: IlinkInjectedMedia } {
  switch (spec.kind) {
    case 'text':
    case 'generating':
      return { item: { type: 1, text_item: { text: spec.text } } };
    case 'quote':
      return {
        item: {
          type: 1,
          text_item: { text: spec.text },
          ref_msg: {
            message_item: { type: 1, text_item: { text: spec.quotedText } },
            title: spec.quotedText,
            ...(spec.quotedMessageId === undefined ? {} : { svr_id: spec.quotedMessageId }),
          },
        },
      };
    case 'unknown':
      return { item: { ...spec.item, type: spec.itemType } };
    default:
      return mediaItem(state, spec);
  }
}

type MediaSpec = Extract<IlinkInjectSpec, { readonly data: unknown }>;

function mediaItem(state: IlinkState, spec: MediaSpec): { readonly item: Readonly<Record<string, unknown>>; readonly media: IlinkInjectedMedia } {
  const plain = typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : spec.data;
  const key = state.random.bytes(16);
  const { param, object } = state.cdn.addPlain(plain, key);
  const media = cdnMedia(state, param, key, spec.keyEncoding ?? (spec.kind === 'image' ? 'raw' : 'hex'), spec.fullUrl ?? state.options.fullUrl);
  const info: IlinkInjectedMedia = { encryptQueryParam: param, aesKeyHex: key.toString('hex'), size: object.size, rawSize: object.rawSize, md5: object.md5 };
  return { item: typedItem(spec, media, object, key), media: info };
}

function typedItem(spec: MediaSpec, media: Readonly<Record<string, unknown>>, object: CdnObject, key: Buffer): Readonly<Record<string, unknown>> {
  switch (spec.kind) {
    case 'image':
      return { type: 2, image_item: { media, ...(spec.hexKey === false ? {} : { aeskey: key.toString('hex') }), mid_size: object.size, hd_size: object.size } };
    case 'voice':
      return {
        type: 3,
        voice_item: {
          media,
          encode_type: spec.encodeType ?? 6,
          bits_per_sample: 16,
          sample_rate: 24_000,
          playtime: spec.playtimeMs ?? 1000,
          ...(spec.transcript === undefined ? {} : { text: spec.transcript }),
        },
      };
    case 'file':
      return { type: 4, file_item: { media, file_name: spec.fileName, md5: object.md5, len: String(object.rawSize) } };
    case 'video':
      return { type: 5, video_item: { media, video_size: object.size, play_length: spec.playLength ?? 1, video_md5: object.md5 } };
  }
}

function cdnMedia(state: IlinkState, param: string, key: Buffer, encoding: KeyEncoding, fullUrl: boolean): Readonly<Record<string, unknown>> {
  return {
    encrypt_query_param: param,
    aes_key: encodeKey(key, encoding),
    encrypt_type: 1,
    ...(fullUrl ? { full_url: `${state.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(param)}` } : {}),
  };
}
