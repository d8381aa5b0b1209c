/**
 * One encrypted upload to the iLink CDN (docs/ilink-protocol.md §7.3 steps 5–7): the ciphertext is streamed as it
 * is encrypted, the answer's `x-encrypted-param` is the download parameter of the stored object.
 */
import { type Transform, pipeline } from 'node:stream';
import { map, Observable, of, retry, throwError } from 'rxjs';
import { isNetworkError, isTimeoutError } from '../../errors/guards.js';
import { MediaSourceError } from '../../errors/media-source-error.js';
import type { WxRequest, WxResponse } from '../../http/request.js';
import type { Transport } from '../../http/transport.js';
import { passThrough } from '../../util/pass-through.js';
import { CdnError, isCdnError } from '../errors/cdn-error.js';
import { encryptStream } from './aes-ecb.js';
import { cdnHeader, cdnReason } from './cdn-header.js';
import type { PreparedUpload } from './prepare-upload.js';

/** The endpoint name CDN upload requests and their errors carry (never the URL: its query is the upload parameter). */
export const CDN_UPLOAD_ENDPOINT = 'cdn/upload';

/** Attempts in all before an upload fails, as Tencent's client does (docs/ilink-protocol.md §7.3 step 7, §10). */
export const MAX_UPLOAD_ATTEMPTS = 3;

export interface CdnUploadOptions {
  /** `upload_full_url`, or `cdnUploadUrl(…)`. */
  readonly url: string;
  readonly prepared: PreparedUpload;
  /** The 16-byte media key announced in `getuploadurl`. */
  readonly key: Uint8Array;
  /**
   * Ciphertext bytes handed to the connection so far, of `total` (`prepared.encryptedSize`); starts again from 0
   * when an attempt is retried. @default none
   */
  readonly onProgress?: (sent: number, total: number) => void;
}

/** The download parameter of a 200 answer; a typed error for every other answer. */
function encryptedParamOf(response: WxResponse): string {
  const param = cdnHeader(response, 'x-encrypted-param');
  if (response.status === 200 && param !== undefined) return param;
  if (response.status >= 400 && response.status < 500) {
    throw new CdnError('upload', response.status, cdnReason(response, response.text.trim() || 'refused'));
  }
  throw new CdnError('upload', response.status, response.status === 200 ? 'the answer carries no x-encrypted-param' : 'unexpected status');
}

/** A 4xx is final; so is a source that cannot be read again. Everything else gets another attempt. */
function isWorthRetrying(error: unknown): boolean {
  if (isCdnError(error)) return error.status === undefined || error.status < 400 || error.status >= 500;
  return isNetworkError(error) || isTimeoutError(error);
}

/** Counts the ciphertext as the connection takes it. */
function progressMeter(total: number, onProgress: CdnUploadOptions['onProgress']): Transform {
  let sent = 0;
  return passThrough((chunk) => {
    sent += chunk.byteLength;
    onProgress?.(sent, total);
  });
}

/** One attempt: a fresh read of the source, encrypted on the way out. Unsubscribing aborts it. */
function attempt(transport: Transport, { url, prepared, key, onProgress }: CdnUploadOptions): Observable<string> {
  return new Observable<string>((subscriber) => {
    const source = prepared.open();
    let unreadable: unknown;
    source.once('error', (error) => (unreadable ??= error));
    const body = pipeline(source, encryptStream(key), progressMeter(prepared.encryptedSize, onProgress), () => undefined);
    const request: WxRequest = {
      endpoint: CDN_UPLOAD_ENDPOINT,
      method: 'POST',
      url,
      body,
      bodyLength: prepared.encryptedSize,
      contentType: 'application/octet-stream',
      throwHttpErrors: false,
    };
    const subscription = transport.request(request).pipe(map(encryptedParamOf)).subscribe({
      next: (param) => subscriber.next(param),
      complete: () => subscriber.complete(),
      // The transport only sees the body break off; the reason is the source's.
      error: (error: unknown) => subscriber.error(unreadable === undefined ? error : unreadableError(prepared, unreadable)),
    });
    return () => {
      subscription.unsubscribe();
      body.destroy();
    };
  });
}

function unreadableError(prepared: PreparedUpload, error: unknown): MediaSourceError {
  const code = (error as NodeJS.ErrnoException).code;
  return new MediaSourceError(prepared.fileName, `could not be read again for the upload (${code ?? 'read error'})`, code);
}

/**
 * Uploads `prepared`, encrypted with `key`, to `url` and emits the `x-encrypted-param` of the stored object. Cold:
 * each subscription uploads once; unsubscribing aborts. The POST carries the ciphertext as
 * `application/octet-stream` and none of the iLink headers or the bot token. A 4xx fails at once with `CdnError`
 * quoting the CDN's `x-error-message`; other failures and a 200 without `x-encrypted-param` are tried again at
 * once, `MAX_UPLOAD_ATTEMPTS` attempts in all, the last failure surfacing.
 */
export function uploadToCdn(transport: Transport, options: CdnUploadOptions): Observable<string> {
  return attempt(transport, options).pipe(
    retry({ count: MAX_UPLOAD_ATTEMPTS - 1, delay: (error: unknown) => (isWorthRetrying(error) ? of(0) : throwError(() => error)) }),
  );
}
