/** Media from the iLink CDN, decrypted as it arrives (docs/ilink-protocol.md §7.4). */
import { pipeline, Readable, type Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { defer, map, type Observable } from 'rxjs';
import type { Transport } from '../../http/transport.js';
import { passThrough } from '../../util/pass-through.js';
import { CdnError } from '../errors/cdn-error.js';
import { decryptStream } from './aes-ecb.js';
import { cdnReason } from './cdn-header.js';

/** The endpoint name CDN download requests and their errors carry (never the URL: its query is the download parameter). */
export const CDN_DOWNLOAD_ENDPOINT = 'cdn/download';

export interface CdnDownloadOptions {
  /** `full_url`, or `cdnDownloadUrl(…)`. */
  readonly url: string;
  /**
   * The media key (`parseAesKey`, `aesKeyFromHex`). `undefined` hands the bytes over as they are, which is right
   * only for an image that came without any key; every other kind must be decrypted. Required so that leaving it
   * out is a decision, not an accident (clients that forgot it stored ciphertext).
   */
  readonly aesKey: Uint8Array | undefined;
  /**
   * The plaintext size the message states (a file's `len`): a download of any other size errors the stream with
   * `CdnError` at its end, so a truncated answer or a key that decrypts to garbage (its padding looks valid one time
   * in 256) is never taken for the file. @default not checked
   */
  readonly size?: number;
}

/** Passes the bytes on and fails at the end when there were not exactly `size` of them. */
function sizeCheck(size: number): Transform {
  let seen = 0;
  return passThrough(
    (chunk) => void (seen += chunk.byteLength),
    () => (seen === size ? undefined : new CdnError('download', 200, `${seen} bytes arrived where the message says ${size}: truncated, or decrypted with the wrong key`)),
  );
}

/**
 * Emits the plaintext of the object at `url` as a `Readable` once the CDN answers, then completes. Cold: each
 * subscription downloads once; unsubscribing before the answer aborts. The stream is the subscriber's: read it or
 * destroy it (destroying aborts the download). A non-2xx answer fails with `CdnError`; a key that does not decrypt
 * the bytes errors the stream with `AesKeyError('does-not-decrypt')`, bytes that are not ciphertext with `CdnError`,
 * and so does a plaintext of another `size` than the message states.
 */
export function downloadFromCdn(transport: Transport, { url, aesKey, size }: CdnDownloadOptions): Observable<Readable> {
  return defer(() => {
    // Made first, so a malformed key fails before anything is downloaded.
    const decrypt = aesKey === undefined ? undefined : decryptStream(aesKey);
    return transport.request({ endpoint: CDN_DOWNLOAD_ENDPOINT, method: 'GET', url, expect: 'stream', throwHttpErrors: false }).pipe(
      map((response) => {
        if (response.status < 200 || response.status >= 300) {
          response.stream?.cancel().catch(() => undefined);
          throw new CdnError('download', response.status, cdnReason(response, 'error status'));
        }
        const body = response.stream === undefined ? Readable.from([]) : Readable.fromWeb(response.stream as WebReadableStream<Uint8Array>);
        const plaintext = decrypt === undefined ? body : pipeline(body, decrypt, () => undefined);
        return size === undefined ? plaintext : pipeline(plaintext, sizeCheck(size), () => undefined);
      }),
    );
  });
}
