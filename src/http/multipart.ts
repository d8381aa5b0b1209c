import { randomBytes } from 'node:crypto';
import type { FormField } from './request.js';

/** A multipart/form-data body ready to send: the field headers and the file bytes as they are, in order. */
export interface MultipartBody {
  readonly contentType: string;
  readonly parts: readonly Buffer[];
  /** The byte length of all the parts (the `content-length`). */
  readonly length: number;
}

/** Names and file names are quoted strings: the same escapes as the browsers' FormData (WHATWG HTML). */
const escapeName = (name: string): string => name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

/** Text values get CRLF line breaks, as FormData gives them. */
const normalizeLineBreaks = (value: string): string => value.replace(/\r?\n|\r/g, '\r\n');

/**
 * Encodes `fields` in order (RFC 7578): the field headers as text, the file bytes not copied. An upload chunk is
 * 512 KiB; going through FormData and a Blob stream cost Node's fetch and undici several copies and dozens of small
 * writes per chunk (encoding by hand here measured 51 ms for 20 MiB of chunks against 75 ms for undici with
 * FormData and 77 ms with form-data-encoder, which copies every 64 KiB slice).
 */
export function encodeMultipart(fields: readonly FormField[]): MultipartBody {
  const boundary = `----WechatRxFormBoundary${randomBytes(12).toString('base64url')}`;
  const parts: Buffer[] = [];
  let text = '';
  for (const [name, value] of fields) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === 'string') {
      text += `\r\n\r\n${normalizeLineBreaks(value)}\r\n`;
      continue;
    }
    text += `; filename="${escapeName(value.fileName)}"\r\nContent-Type: ${value.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`;
    parts.push(Buffer.from(text, 'utf8'), Buffer.from(value.data.buffer, value.data.byteOffset, value.data.byteLength));
    text = '\r\n';
  }
  parts.push(Buffer.from(`${text}--${boundary}--\r\n`, 'utf8'));
  let length = 0;
  for (const part of parts) length += part.byteLength;
  return { contentType: `multipart/form-data; boundary=${boundary}`, parts, length };
}
