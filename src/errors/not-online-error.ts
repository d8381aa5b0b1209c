import { WeChatError } from './wechat-error.js';

/** An operation that needs a session (send, mark read…) was called while the client is not online. */
export class NotOnlineError extends WeChatError {
  override name = 'NotOnlineError';

  constructor(
    readonly operation: string,
    readonly status: string,
  ) {
    super(`${operation} needs an online client, but the client is ${status}`);
  }
}
