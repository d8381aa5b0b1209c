import type { Endpoint } from './endpoint.js';
import { WeChatError } from './wechat-error.js';

/**
 * There is nothing to download or re-send: the server answered with no bytes (docs/protocol.md §2.20 reports 0-byte
 * videos), the message carries no media (a store sticker, a file without `MediaId`), or the kind has none.
 */
export class MediaUnavailableError extends WeChatError {
  override name = 'MediaUnavailableError';

  constructor(
    readonly endpoint: Endpoint,
    readonly reason: string,
  ) {
    super(`${endpoint}: ${reason}`);
  }
}
