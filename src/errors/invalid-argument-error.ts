import { WeChatError } from './wechat-error.js';

/** A call got an argument it cannot use (an empty text, an empty chat id, a bad option); nothing was done with it. */
export class InvalidArgumentError extends WeChatError {
  override name = 'InvalidArgumentError';

  constructor(
    readonly operation: string,
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`${operation}: ${argument} ${reason}`);
  }
}
