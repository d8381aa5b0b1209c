import { StringDecoder } from 'node:string_decoder';
import type { Transform } from 'node:stream';
import {
  brotliDecompressSync,
  constants,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';

/**
 * What the transports ask for on calls whose answer they read whole: the codings the Web WeChat server uses (it
 * gzips its `text/plain` answers for clients that accept gzip, as browsers do).
 */
export const ACCEPT_ENCODING = 'gzip, deflate';

/** Lenient like fetch: a body cut short at the end of a block still yields what it holds. */
const LENIENT = { finishFlush: constants.Z_SYNC_FLUSH };

/**
 * `bytes` decoded as `content-encoding` says (codings listed in the order they were applied, undone last first), in
 * one synchronous zlib call on the whole body. fetch decodes through a zlib stream between web streams instead: in a
 * gzipped burst of 100-message webwxsync answers, ky over Node's fetch cost about 10 µs more per message (1 ms per
 * answer) than over a fetch that inflates the collected bytes at once (docs/benchmarks.md). Throws on a coding it
 * does not know or on corrupt data; the transports report that as a `NetworkError`.
 */
export function decodeContent(bytes: Buffer, contentEncoding: string | undefined): Buffer {
  if (contentEncoding === undefined || contentEncoding === '') return bytes;
  let out = bytes;
  const codings = contentEncoding.toLowerCase().split(',');
  for (let i = codings.length - 1; i >= 0; i--) out = undo((codings[i] as string).trim(), out);
  return out;
}

function undo(coding: string, bytes: Buffer): Buffer {
  switch (coding) {
    case 'identity':
    case '':
      return bytes;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes, LENIENT);
    case 'deflate':
      // The zlib-wrapped form the name means (its first byte names method 8), or raw deflate, which some servers send
      // under the same name; fetch tells them apart the same way.
      return ((bytes[0] ?? 0) & 0x0f) === 0x08 ? inflateSync(bytes, LENIENT) : inflateRawSync(bytes, LENIENT);
    case 'br':
      return brotliDecompressSync(bytes);
    default:
      throw new Error(`unsupported content-encoding "${coding}"`);
  }
}

/**
 * Compressed answers longer than this (a big account's webwxinit, webwxgetcontact pages, member lists of big groups)
 * are inflated as a stream instead of in one call: one call holds the whole inflated body twice outside the JS heap
 * (zlib's output chunks, then their join), and the allocator keeps much of that from the system once it is freed.
 */
export const STREAM_INFLATE_BYTES = 128 * 1024;

/**
 * A stream of `bytes` inflated, for a body longer than `STREAM_INFLATE_BYTES` with one gzip or deflate coding;
 * `undefined` for anything else (decode those with `decodeContent`).
 */
export function inflatingStream(bytes: Buffer, contentEncoding: string | undefined): Transform | undefined {
  if (bytes.length <= STREAM_INFLATE_BYTES || contentEncoding === undefined) return undefined;
  const coding = contentEncoding.trim().toLowerCase();
  const inflater =
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip(LENIENT)
      : coding === 'deflate'
        ? ((bytes[0] ?? 0) & 0x0f) === 0x08
          ? createInflate(LENIENT)
          : createInflateRaw(LENIENT)
        : undefined;
  inflater?.end(bytes);
  return inflater;
}

/** `bytes` decoded as `content-encoding` says, as UTF-8 text; big compressed bodies inflate as a stream. */
export async function decodeContentText(bytes: Buffer, contentEncoding: string | undefined): Promise<string> {
  const stream = inflatingStream(bytes, contentEncoding);
  if (stream === undefined) return decodeContent(bytes, contentEncoding).toString('utf8');
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const piece of stream) text += decoder.write(piece as Buffer);
  return text + decoder.end();
}
