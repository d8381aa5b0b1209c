/**
 * The checks `sendmessage` applies (docs/ilink-protocol.md §7.1, §7.3, §11): the context token against the peer, the
 * text length, and each media item's CDN reference and key.
 */
import { decodeKey } from './aes.js';
import type { Bot } from './bots.js';
import type { CdnStore } from './cdn-store.js';
import type { ContextTokenVerdict, SentMediaCheck } from './outbox.js';
import type { ResolvedIlinkOptions } from './options.js';

type Item = Readonly<Record<string, unknown>>;

export function contextTokenVerdict(options: ResolvedIlinkOptions, bot: Bot, to: string, token: string | undefined, now: number): ContextTokenVerdict {
  if (options.contextTokenCheck === 'off') return 'unchecked';
  if (token === undefined || token === '') return 'missing';
  const issued = bot.contextTokens.get(token);
  if (issued === undefined || issued.peer !== to) return 'foreign';
  if (now - issued.issuedAt > options.contextTokenLifetimeMs) return 'stale';
  if (options.contextTokenCheck === 'latest' && bot.peers.get(to)?.latestToken !== token) return 'stale';
  return 'valid';
}

export interface TextCheck {
  readonly items: readonly Item[];
  readonly truncated: boolean;
  readonly tooLong: boolean;
}

/** Text items longer than the server keeps: cut to `maxTextLength` code points, or refused; always refused past `maxTextBytes`. */
export function checkText(options: ResolvedIlinkOptions, items: readonly Item[]): TextCheck {
  let truncated = false;
  let tooLong = false;
  const kept = items.map((item) => {
    const text = textOf(item);
    if (text === undefined) return item;
    const points = [...text];
    if (Buffer.byteLength(text) > options.maxTextBytes) tooLong = true;
    if (points.length <= options.maxTextLength) return item;
    if (options.overlongText === 'refuse') {
      tooLong = true;
      return item;
    }
    truncated = true;
    return { ...item, text_item: { ...(item['text_item'] as Item), text: points.slice(0, options.maxTextLength).join('') } };
  });
  return { items: kept, truncated, tooLong };
}

export function textOf(item: Item): string | undefined {
  const textItem = item['text_item'];
  if (item['type'] !== 1 || typeof textItem !== 'object' || textItem === null) return undefined;
  const text = (textItem as Item)['text'];
  return typeof text === 'string' ? text : undefined;
}

const MEDIA_FIELDS: Readonly<Record<number, string>> = { 2: 'image_item', 3: 'voice_item', 4: 'file_item', 5: 'video_item' };

/** Every media item's reference: does the object exist, and does the item's `aes_key` open it? */
export function checkMedia(cdn: CdnStore, items: readonly Item[]): SentMediaCheck[] {
  const checks: SentMediaCheck[] = [];
  for (const item of items) {
    const field = typeof item['type'] === 'number' ? MEDIA_FIELDS[item['type']] : undefined;
    const media = field === undefined ? undefined : ((item[field] as Item | undefined)?.['media'] as Item | undefined);
    if (media === undefined || typeof media !== 'object' || media === null) continue;
    const param = typeof media['encrypt_query_param'] === 'string' ? media['encrypt_query_param'] : '';
    const key = typeof media['aes_key'] === 'string' ? decodeKey(media['aes_key']) : undefined;
    const object = cdn.objects.get(param);
    const verdict = object === undefined ? 'unknown-object' : key === undefined ? 'no-key' : key.key.equals(object.key) ? 'ok' : 'wrong-key';
    checks.push({ encryptQueryParam: param, verdict, keyEncoding: key?.encoding });
  }
  return checks;
}
