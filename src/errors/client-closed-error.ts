import { WeChatError } from './wechat-error.js';

/** The client was ended by `logout()` or `close()`: it logs in no more. Create a new client to log in again. */
export class ClientClosedError extends WeChatError {
  override name = 'ClientClosedError';

  constructor(
    readonly operation: string,
    readonly endedBy: 'logout' | 'close',
  ) {
    super(`${operation}: this client was ended by ${endedBy}(); create a new client to log in again`);
  }
}
