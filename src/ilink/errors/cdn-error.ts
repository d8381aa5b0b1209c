import { guardFor } from '../../errors/guard-for.js';
import { WeChatError } from '../../errors/wechat-error.js';

/** Which CDN transfer failed. */
export type CdnOperation = 'upload' | 'download';

/**
 * The iLink CDN refused a transfer or answered something unusable (docs/ilink-protocol.md §7.3, §7.4): a 4xx on
 * upload (never retried; `reason` is the CDN's `x-error-message`), an upload answer without `x-encrypted-param`, a
 * download answered with an error status, or a download whose bytes cannot be ciphertext. It never carries the URL,
 * whose query holds the upload or download parameter.
 */
export class CdnError extends WeChatError {
  override name = 'CdnError';

  constructor(
    readonly operation: CdnOperation,
    /** The HTTP status, when there was an answer. */
    readonly status: number | undefined,
    readonly reason: string,
  ) {
    super(`CDN ${operation} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${reason}`);
  }
}

/** Whether `value` is a `CdnError`, also from another copy of the library. */
export const isCdnError = guardFor(CdnError, 'CdnError');
