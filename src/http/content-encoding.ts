import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

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
