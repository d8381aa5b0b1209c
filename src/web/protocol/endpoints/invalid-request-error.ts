import { WeChatError } from '../../../errors/wechat-error.js';

/** A request that can't be sent as asked (too many entries, a missing key); no server was contacted. */
export class InvalidRequestError extends WeChatError {
  override name = 'InvalidRequestError';

  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`${endpoint} request not sent: ${reason}`);
  }
}
