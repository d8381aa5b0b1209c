import { DecodeError } from './decode-error.js';
import { LoginRefusedError } from './login-refused-error.js';
import { NetworkError } from './network-error.js';
import { RateLimitedError } from './rate-limited-error.js';
import { RetcodeError } from './retcode-error.js';
import { SessionEndedError } from './session-ended-error.js';
import { TimeoutError } from './timeout-error.js';
import { WeChatError } from './wechat-error.js';

/** Narrowing guards that survive two copies of the library: `instanceof` first, then the marker and `name`. */
function guardFor<T extends WeChatError>(ctor: abstract new (...args: never[]) => T, ...names: string[]) {
  return (value: unknown): value is T =>
    value instanceof ctor ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { isWeChatError?: unknown }).isWeChatError === true &&
      names.includes((value as { name?: unknown }).name as string));
}

export const isWeChatError = (value: unknown): value is WeChatError =>
  value instanceof WeChatError ||
  (typeof value === 'object' && value !== null && (value as { isWeChatError?: unknown }).isWeChatError === true);
export const isRetcodeError = guardFor(
  RetcodeError,
  'RetcodeError',
  'SessionEndedError',
  'RateLimitedError',
  'LoginRefusedError',
  'NotFriendError',
);
export const isSessionEndedError = guardFor(SessionEndedError, 'SessionEndedError');
export const isRateLimitedError = guardFor(RateLimitedError, 'RateLimitedError');
export const isLoginRefusedError = guardFor(LoginRefusedError, 'LoginRefusedError');
export const isDecodeError = guardFor(DecodeError, 'DecodeError');
export const isNetworkError = guardFor(NetworkError, 'NetworkError');
export const isTimeoutError = guardFor(TimeoutError, 'TimeoutError');
