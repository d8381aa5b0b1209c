/**
 * `getuploadurl` (docs/ilink-protocol.md §7.3): validates what the client announces (padded size formula, MD5 hex,
 * hex key, a recipient the bot knows) and issues an upload ticket as `upload_param` and/or `upload_full_url`.
 */
import { paddedSize } from '../aes.js';
import type { Bot } from '../bots.js';
import type { UploadTicket } from '../cdn-store.js';
import { json, type Ctx, type Reply } from '../http.js';
import { num, str } from '../json.js';
import type { IlinkState } from '../state.js';

const MD5_HEX = /^[0-9a-fA-F]{32}$/;
const KEY_HEX = /^[0-9a-fA-F]{32}$/;
const MEDIA_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4]);

type Body = Readonly<Record<string, unknown>> | undefined;

export function getUploadUrl(state: IlinkState, _ctx: Ctx, body: Body, bot: Bot): Reply {
  const to = str(body, 'to_user_id') ?? '';
  const filekey = str(body, 'filekey') ?? '';
  const mediaType = num(body, 'media_type') ?? 0;
  const key = str(body, 'aeskey') ?? '';
  if (to !== bot.userId && !bot.peers.has(to)) return invalid(`unknown to_user_id`);
  if (filekey === '' || filekey.length > 128) return invalid('invalid filekey');
  if (!MEDIA_TYPES.has(mediaType)) return invalid('invalid media_type');
  if (!KEY_HEX.test(key)) return invalid('aeskey must be 32 hex characters');
  const sizes = checkSizes(state, body, '');
  if (typeof sizes === 'string') return invalid(sizes);
  const ticket = (s: { rawSize: number; rawMd5: string; fileSize: number }): string => {
    const param = state.random.cdnParam();
    const value: UploadTicket = { botId: bot.botId, filekey, mediaType, to, ...s, key: Buffer.from(key, 'hex') };
    state.cdn.uploads.set(param, value);
    return param;
  };
  const answer: Record<string, unknown> = { ret: 0 };
  const param = ticket(sizes);
  const mode = state.options.uploadUrlAnswer;
  if (mode !== 'full-url') answer['upload_param'] = param;
  if (mode !== 'param') {
    answer['upload_full_url'] = `${state.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(param)}&filekey=${encodeURIComponent(filekey)}`;
    answer['filekey'] = filekey;
  }
  if (body?.['no_need_thumb'] !== true && body?.['thumb_rawsize'] !== undefined) {
    const thumb = checkSizes(state, body, 'thumb_');
    if (typeof thumb === 'string') return invalid(thumb);
    answer['thumb_upload_param'] = ticket(thumb);
  }
  return json(answer);
}

const invalid = (errmsg: string): Reply => json({ ret: -1, errmsg });

/** `rawsize`, `rawfilemd5`, `filesize` (or their `thumb_` forms), or what is wrong with them. */
function checkSizes(state: IlinkState, body: Body, prefix: '' | 'thumb_'): { rawSize: number; rawMd5: string; fileSize: number } | string {
  const rawSize = num(body, `${prefix}rawsize`);
  const rawMd5 = str(body, `${prefix}rawfilemd5`) ?? '';
  const fileSize = num(body, `${prefix}filesize`);
  if (rawSize === undefined || !Number.isInteger(rawSize) || rawSize < 0) return `invalid ${prefix}rawsize`;
  if (rawSize > state.options.maxUploadBytes) return `${prefix}rawsize above the limit of ${state.options.maxUploadBytes} bytes`;
  if (!MD5_HEX.test(rawMd5)) return `${prefix}rawfilemd5 must be 32 hex characters`;
  if (fileSize !== paddedSize(rawSize)) return `${prefix}filesize must be ceil((rawsize + 1) / 16) * 16`;
  return { rawSize, rawMd5: rawMd5.toLowerCase(), fileSize };
}
