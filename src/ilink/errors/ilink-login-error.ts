import { WeChatError } from '../../errors/wechat-error.js';

/**
 * The QR binding ended without a usable bot (docs/ilink-protocol.md §4.3): `confirmed` without a token or bot id, or
 * `binded_redirect` when this client holds no session of that bot. The reason names no credential.
 */
export class IlinkLoginError extends WeChatError {
  override name = 'IlinkLoginError';

  constructor(readonly reason: string) {
    super(`iLink login failed: ${reason}`);
  }
}
