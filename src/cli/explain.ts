/** The words a user reads for a failure: what happened and what to do (every command's `error: …` line). */
import {
  isClientClosedError,
  isInvalidArgumentError,
  isLoginRefusedError,
  isMediaSourceError,
  isNetworkError,
  isQrExpiredError,
  isRateLimitedError,
  isSessionEndedError,
  isSessionLockedError,
  isSessionStoreError,
  isUnknownChatError,
  isUnsafeRedirectError,
} from '../errors/guards.js';
import { describeRetcode } from '../errors/retcodes.js';
import { isAccountExistsError } from '../redis/fleet-errors.js';
import type { SessionStoreError } from '../errors/session-store-error.js';
import { explainIlinkFailure } from './explain-ilink.js';

/** What a user should read for the failures Web WeChat and wechat-rx are known for: what happened and what to do. */
export function explainFailure(error: unknown): string {
  const ilink = explainIlinkFailure(error);
  if (ilink !== undefined) return ilink;
  if (isLoginRefusedError(error)) {
    return (
      `WeChat refuses web login for this account (${error.ret}: ${error.serverMessage || describeRetcode(error.ret)}). ` +
      'Many accounts registered since 2017 cannot use web WeChat; use the Windows or Mac client instead.'
    );
  }
  if (isSessionEndedError(error)) {
    switch (error.retcode) {
      case 1100:
        return 'Logged out on the phone (1100). Run the command again to log in.';
      case 1101:
        return 'Logged out: this account logged in to web WeChat elsewhere, or the session expired (1101). Log in again.';
      case -14:
        return 'The server no longer takes this session’s ticket (-14). Log in again.';
      default:
        return (
          'The server ended the session (1102): the cookies are no longer accepted. Since 2025 WeChat kicks many ' +
          'accounts this way seconds after login; waiting before the next attempt sometimes helps.'
        );
    }
  }
  if (isRateLimitedError(error)) return 'WeChat says the account is doing that too often (1205). Wait a few minutes, then try again.';
  if (isQrExpiredError(error)) return 'The QR code expired several times without being scanned. Run the command again when your phone is at hand.';
  if (isUnsafeRedirectError(error)) return error.message;
  if (isSessionLockedError(error)) {
    const { pid, hostname, since } = error.holder;
    return (
      `The session${error.path === undefined ? '' : ` file ${error.path}`} is in use by another client (process ${pid} on ${hostname}, ` +
      `since ${new Date(since).toISOString()}); two clients on one session would both receive and answer every message. ` +
      'Stop that one first, or pick another --session.'
    );
  }
  if (isSessionStoreError(error)) return explainStoreFailure(error);
  if (isMediaSourceError(error)) return `Cannot send ${error.path}: ${error.reason}. Nothing was sent; check the path given to --file.`;
  if (isUnknownChatError(error)) {
    return (
      `No contact or group ${JSON.stringify(error.chat)} in this account; nothing was sent. Give --to a remark, nickname, ` +
      'alias or group name (UserNames, starting with @, change at every login).'
    );
  }
  if (isAccountExistsError(error)) return `The fleet already has an account named ${error.account}; nothing was changed. Give the new one another --account.`;
  if (isInvalidArgumentError(error)) return `${error.operation} refused: the ${error.argument} ${error.reason}; nothing was done.`;
  if (isNetworkError(error) && error.status === undefined) {
    return `${error.message}: the server could not be reached. Check the network connection, and --server if you gave one.`;
  }
  if (isClientClosedError(error)) return `The session had already been ended by ${error.endedBy}() when ${error.operation} ran; run the command again.`;
  return error instanceof Error ? error.message : String(error);
}

function explainStoreFailure(error: SessionStoreError): string {
  const file = error.path === undefined ? 'The saved session' : `The session file ${error.path}`;
  switch (error.operation) {
    case 'load':
      return (
        `${file} cannot be used: ${error.reason}. It was left untouched. ` +
        'Move or delete it (or pick another --session) to log in with a new QR code.'
      );
    case 'save':
      return `${file} could not be written: ${error.reason}. Check that it and its folder are writable, or pick another --session.`;
    case 'clear':
      return `${file} could not be removed after the logout: ${error.reason}. Delete it yourself before the next login.`;
    case 'lock':
    case 'unlock':
      return `${file} could not be ${error.operation}ed for this client: ${error.reason}. Check that its folder is writable, or pick another --session.`;
  }
}
