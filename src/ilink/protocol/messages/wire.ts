import type { Body } from '../envelope.js';
import { idOf, numberOf, objectOf, textOf } from '../fields.js';

/** The parts of a `WeixinMessage` (docs/ilink-protocol.md §6.1) the decoder reads, checked by hand per field. */

/** `MessageItem.type` (docs/ilink-protocol.md §6.2). */
export const ItemType = { NONE: 0, TEXT: 1, IMAGE: 2, VOICE: 3, FILE: 4, VIDEO: 5, TOOL_CALL_START: 11, TOOL_CALL_RESULT: 12 } as const;

/** `message_state` (docs/ilink-protocol.md §6.1). */
export const MessageState = { NEW: 0, GENERATING: 1, FINISH: 2 } as const;

/** `message_type` (docs/ilink-protocol.md §6.1). */
export const MessageType = { NONE: 0, USER: 1, BOT: 2 } as const;

/** A CDN object reference (`CDNMedia`, docs/ilink-protocol.md §6.2). Credentials all: they never leave the client. */
export interface CdnRef {
  readonly encryptQueryParam?: string;
  readonly aesKey?: string;
  readonly fullUrl?: string;
}

export function cdnRefOf(item: Body | undefined, key: string): CdnRef | undefined {
  const media = item === undefined ? undefined : objectOf(item, key);
  if (media === undefined) return undefined;
  const ref: { -readonly [K in keyof CdnRef]: CdnRef[K] } = {};
  const param = textOf(media, 'encrypt_query_param');
  if (param !== undefined) ref.encryptQueryParam = param;
  const aesKey = textOf(media, 'aes_key');
  if (aesKey !== undefined) ref.aesKey = aesKey;
  const fullUrl = textOf(media, 'full_url');
  if (fullUrl !== undefined) ref.fullUrl = fullUrl;
  return ref.encryptQueryParam === undefined && ref.fullUrl === undefined ? undefined : ref;
}

/**
 * A message's envelope fields, each `undefined` when missing or of another type. Every field is always there, so
 * every header has the same shape (V8 keeps one hidden class for them all).
 */
export interface WireHeader {
  readonly messageId: string | undefined;
  readonly seq: number | undefined;
  readonly clientId: string | undefined;
  readonly from: string;
  readonly to: string;
  readonly sessionId: string | undefined;
  readonly groupId: string | undefined;
  readonly messageType: number;
  readonly messageState: number;
  readonly createTimeMs: number | undefined;
  readonly updateTimeMs: number | undefined;
  readonly runId: string | undefined;
  readonly contextToken: string | undefined;
  readonly items: readonly Body[];
}

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The envelope of a message, or why it is no message (an issue line naming the field, never quoting a value). */
export function readHeader(value: unknown): WireHeader | string {
  if (!isObject(value)) return '(message): expected an object';
  const list = value['item_list'];
  if (list !== undefined && !Array.isArray(list)) return 'item_list: expected an array';
  const from = value['from_user_id'];
  if (from !== undefined && typeof from !== 'string') return 'from_user_id: expected a string';
  const to = value['to_user_id'];
  if (to !== undefined && typeof to !== 'string') return 'to_user_id: expected a string';
  return {
    messageId: idOf(value, 'message_id'),
    seq: numberOf(value, 'seq'),
    clientId: textOf(value, 'client_id'),
    from: from ?? '',
    to: to ?? '',
    sessionId: textOf(value, 'session_id'),
    groupId: textOf(value, 'group_id'),
    messageType: numberOf(value, 'message_type') ?? MessageType.NONE,
    messageState: numberOf(value, 'message_state') ?? MessageState.NEW,
    createTimeMs: numberOf(value, 'create_time_ms'),
    updateTimeMs: numberOf(value, 'update_time_ms'),
    runId: textOf(value, 'run_id'),
    contextToken: textOf(value, 'context_token'),
    items: list === undefined ? [] : (list as unknown[]).filter(isObject),
  };
}

