import { IlinkRetcodeError } from './ilink-retcode-error.js';

/**
 * `sendmessage` answered `ret -2` (docs/ilink-protocol.md §3.2, §7.1): the server refused the message, for a stale or
 * missing context token, a reply budget or a burst throttle (nobody can tell which from the answer). It is never
 * retried: retrying prolongs a throttle, and the peer's next message brings a fresh context token.
 */
export class SendRefusedError extends IlinkRetcodeError {
  override name = 'SendRefusedError';

  constructor(
    readonly peer: string,
    errMsg = '',
  ) {
    super('sendmessage', -2, errMsg);
    this.message = `sendmessage to ${peer} refused: -2${errMsg ? ` (${errMsg})` : ''}; not retried: wait for ${peer}'s next message, which brings a fresh context token`;
  }
}
