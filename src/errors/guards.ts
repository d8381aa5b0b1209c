import { DecodeError } from './decode-error.js';
import { LoginRefusedError } from './login-refused-error.js';
import { NetworkError } from './network-error.js';
import { NotFriendError } from './not-friend-error.js';
import { NotOnlineError } from './not-online-error.js';
import { QrExpiredError } from './qr-expired-error.js';
import { RateLimitedError } from './rate-limited-error.js';
import { RetcodeError } from './retcode-error.js';
import { SessionEndedError } from './session-ended-error.js';
import { SessionStoreError } from './session-store-error.js';
import { SessionLockedError } from './session-locked-error.js';
import { ClientClosedError } from './client-closed-error.js';
import { InvalidArgumentError } from './invalid-argument-error.js';
import { UnknownChatError } from './unknown-chat-error.js';
import { MediaSourceError } from './media-source-error.js';
import { OriginNotAllowedError } from './origin-not-allowed-error.js';
import { MissingPackageError } from './missing-package-error.js';
import { TimeoutError } from './timeout-error.js';
import { UnsafeRedirectError } from './unsafe-redirect-error.js';
import { guardFor } from './guard-for.js';
import { WeChatError } from './wechat-error.js';

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
export const isNotFriendError = guardFor(NotFriendError, 'NotFriendError');
export const isQrExpiredError = guardFor(QrExpiredError, 'QrExpiredError');
export const isUnsafeRedirectError = guardFor(UnsafeRedirectError, 'UnsafeRedirectError');
export const isNotOnlineError = guardFor(NotOnlineError, 'NotOnlineError');
export const isSessionStoreError = guardFor(SessionStoreError, 'SessionStoreError');
export const isSessionLockedError = guardFor(SessionLockedError, 'SessionLockedError');
export const isClientClosedError = guardFor(ClientClosedError, 'ClientClosedError');
export const isInvalidArgumentError = guardFor(InvalidArgumentError, 'InvalidArgumentError');
export const isUnknownChatError = guardFor(UnknownChatError, 'UnknownChatError');
export const isMediaSourceError = guardFor(MediaSourceError, 'MediaSourceError');
export const isOriginNotAllowedError = guardFor(OriginNotAllowedError, 'OriginNotAllowedError');
export const isMissingPackageError = guardFor(MissingPackageError, 'MissingPackageError');
