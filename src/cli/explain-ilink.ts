import { isSessionEndedError } from '../errors/guards.js';
import { isIlinkLoginError, isMissingContextTokenError, isSendRefusedError } from '../ilink/errors/ilink-guards.js';

/** The iLink code of a dead bot token (docs/ilink-protocol.md §3.2). */
const DEAD_TOKEN = -14;

const isWebEndpoint = (endpoint: string): boolean => endpoint === 'synccheck' || endpoint.startsWith('webwx');

/** What a user should read for the iLink failures: what happened and what to do; `undefined` for any other error. */
export function explainIlinkFailure(error: unknown): string | undefined {
  // The Web protocol's -14 (a ticket error) is a session end too, on endpoints of its own.
  if (isSessionEndedError(error) && error.retcode === DEAD_TOKEN && !isWebEndpoint(error.endpoint)) {
    return (
      'The iLink server no longer accepts this bot (-14): the WeChat user bound a bot again somewhere else (each new ' +
      'scan ends the bot before it), or its token expired. Log in again with `wechat-rx login --ilink` and scan the QR code.'
    );
  }
  if (isMissingContextTokenError(error)) {
    return (
      `${error.peer} has not written to this bot yet, so nothing was sent: an iLink bot may only answer people who wrote ` +
      'to it, with the token of their latest message. Ask them to send the bot a message while `wechat-rx login --ilink` ' +
      'runs with this --session (it keeps each person’s latest token there), then send again.'
    );
  }
  if (isSendRefusedError(error)) {
    return (
      `The iLink server refused the message to ${error.peer} (-2${error.errMsg ? `: ${error.errMsg}` : ''}), so nothing was ` +
      'sent: their context token is too old, or the bot sent too much without an answer, or too fast. It is not retried: ' +
      'wait for their next message (it brings a fresh token), then send again.'
    );
  }
  if (isIlinkLoginError(error)) return `${error.message}. Run the command again to log in with a new QR code.`;
  return undefined;
}
