import { WeChatError } from './wechat-error.js';

/** The login QR code expired more times than the client was allowed to refresh it, and nobody scanned it. */
export class QrExpiredError extends WeChatError {
  override name = 'QrExpiredError';

  constructor(readonly refreshes: number) {
    super(`login QR code expired ${refreshes + 1} time(s) without being confirmed`);
  }
}
