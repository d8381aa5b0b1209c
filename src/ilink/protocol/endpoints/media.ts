import { readAnswer } from '../envelope.js';
import { missingField, textOf } from '../fields.js';
import { baseInfo } from '../headers.js';
import type { IlinkContext } from './context.js';
import { botPath, endpoint, postJson, SEND_MS } from './descriptor.js';

/** Asking where to upload (docs/ilink-protocol.md §7.3 step 3). */

export interface UploadUrlInput {
  /** 16 random bytes as 32 hex characters. */
  readonly filekey: string;
  /** 1 image, 2 video, 3 file, 4 voice. */
  readonly mediaType: 1 | 2 | 3 | 4;
  /** The recipient: uploads are bound to a real user of the bot (docs/ilink-protocol.md §7.3). */
  readonly to: string;
  readonly rawSize: number;
  /** Lower-case hex MD5 of the plaintext. */
  readonly md5: string;
  /** The ciphertext size: `ceil((rawSize + 1) / 16) * 16`. */
  readonly cipherSize: number;
  /** The AES key as 32 hex characters. A credential: never shown. */
  readonly aesKeyHex: string;
}

/**
 * Where the ciphertext goes (credentials both, never shown): `upload_full_url` wins when present, else a URL is built
 * from `upload_param` (docs/ilink-protocol.md §7.3 step 4; some answers carry only one of them, §13).
 */
export type UploadUrlAnswer = { readonly uploadParam: string; readonly uploadFullUrl?: string } | { readonly uploadParam?: string; readonly uploadFullUrl: string };

/** docs/ilink-protocol.md §7.3 step 3: no thumbnail is announced (`no_need_thumb`), as Tencent's client does. */
export const getUploadUrl = endpoint({
  name: 'getuploadurl',
  path: botPath('getuploadurl'),
  timeoutMs: SEND_MS,
  build: (ctx: IlinkContext, input: UploadUrlInput, url) =>
    postJson(ctx, url, {
      filekey: input.filekey,
      media_type: input.mediaType,
      to_user_id: input.to,
      rawsize: input.rawSize,
      rawfilemd5: input.md5,
      filesize: input.cipherSize,
      no_need_thumb: true,
      aeskey: input.aesKeyHex,
      base_info: baseInfo(ctx.identity),
    }),
  decode: (text): UploadUrlAnswer => {
    const body = readAnswer('getuploadurl', text);
    const uploadParam = textOf(body, 'upload_param');
    const uploadFullUrl = textOf(body, 'upload_full_url');
    if (uploadFullUrl !== undefined) return uploadParam === undefined ? { uploadFullUrl } : { uploadFullUrl, uploadParam };
    if (uploadParam !== undefined) return { uploadParam };
    throw missingField('getuploadurl', 'upload_param or upload_full_url', text);
  },
});
