import { WeChatError } from '../../errors/wechat-error.js';

/**
 * A send to a peer who never wrote to this bot (or whose token was lost): iLink needs the context token of the peer's
 * latest message in every send (docs/ilink-protocol.md §7.1), so nothing was sent. The peer has to write first.
 */
export class MissingContextTokenError extends WeChatError {
  override name = 'MissingContextTokenError';

  constructor(
    readonly operation: string,
    readonly peer: string,
  ) {
    super(`${operation} to ${peer} not sent: no context token from ${peer} yet (the peer has to message the bot first)`);
  }
}
