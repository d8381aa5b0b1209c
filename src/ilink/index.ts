/**
 * Tencent's official iLink bot protocol (WeChat "ClawBot"): a bot bound to a WeChat user by a QR scan, receiving by
 * long poll and sending with each peer's context token, media through an encrypted CDN. The client has the shape of
 * the Web client, so a bot written with the operators runs on either. See docs/ilink-protocol.md.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation.
 *
 * @module wechat-rx/ilink
 */

/**
 * Client: log in, follow the state, receive messages and events, send text and media, download, typing.
 * @category Client
 */
export { connectIlink, type IlinkClient } from './client/client.js';
/** @category Client */
export type { IlinkClientOptions, IlinkEnv, PollRetryConfig } from './client/options.js';
/** @category Client */
export type {
  IlinkClientState,
  IlinkClientStatus,
  IlinkEvent,
  IlinkEventType,
  IlinkLoginStep,
  IlinkLogoutReason,
  IlinkMediaSendResult,
  IlinkSendResult,
} from './client/types.js';
/** @category Client */
export type {
  IlinkDownload,
  IlinkDownloadable,
  IlinkDownloadOptions,
  IlinkDownloadSaved,
  IlinkDownloadStream,
  IlinkSendMediaOptions,
} from './client/media-ops.js';
/** @category Client */
export type { IlinkTimeoutOverrides, IlinkEndpointName } from './protocol/endpoints/index.js';

/**
 * Messages: the shared message model with the iLink origin of each message.
 * @category Messages
 */
export type { IlinkMessage, IlinkMessageSource } from './protocol/messages/ilink-message.js';

/**
 * Session stores: where the bot's token, cursor and context tokens are kept between runs.
 * @category Session stores
 */
export { ilinkFileStore, ilinkMemoryStore, type IlinkFileStoreOptions } from './session/stores.js';
/** @category Session stores */
export { IlinkSavedSession, ilinkSessionCodec } from './session/saved-session.js';

/**
 * Errors: one class per iLink failure, each with an `is…` guard that also works across copies of the package. A dead
 * bot token is the shared `SessionEndedError` (retcode -14).
 * @category Errors
 */
export { IlinkRetcodeError, describeIlinkRetcode } from './errors/ilink-retcode-error.js';
/** @category Errors */
export { SendRefusedError } from './errors/send-refused-error.js';
/** @category Errors */
export { MissingContextTokenError } from './errors/missing-context-token-error.js';
/** @category Errors */
export { IlinkLoginError } from './errors/ilink-login-error.js';
/** @category Errors */
export { CdnError, isCdnError, type CdnOperation } from './errors/cdn-error.js';
/** @category Errors */
export { AesKeyError, isAesKeyError, type AesKeyProblem } from './errors/aes-key-error.js';
/** @category Errors */
export { isIlinkLoginError, isIlinkRetcodeError, isMissingContextTokenError, isSendRefusedError } from './errors/ilink-guards.js';

/**
 * Protocol: the pure parts, for tools that speak iLink themselves: lossless JSON, the message decoder, text splitting,
 * header values.
 * @category Protocol
 */
export { parseIlinkJson } from './protocol/json.js';
/** @category Protocol */
export { decodeIlinkMessage, type DecodedMessage, type DecodeInput, type MediaRef } from './protocol/messages/decode.js';
/** @category Protocol */
export { MAX_TEXT_LENGTH, splitText } from './protocol/split-text.js';
/** @category Protocol */
export { wechatUin } from './protocol/headers.js';
/** @category Protocol */
export { DEFAULT_CLIENT_VERSION, packClientVersion } from './protocol/client-version.js';
/** @category Protocol */
export { botAgentProblem } from './protocol/bot-agent.js';
/** @category Protocol */
export { DEFAULT_API_BASE, DEFAULT_CDN_BASE } from './protocol/hosts.js';
/** @category Protocol */
export { redactIlink } from './protocol/redact.js';
