/**
 * The Web WeChat protocol as composable, typed RxJS streams: the client, the message model and its guards, the
 * operators (also `wechat-rx/operators`), the error taxonomy, session stores, transports and logging.
 *
 * The device protocol is `wechat-rx/device` and the simulator with the test helpers is `wechat-rx/testing`: this
 * entry loads neither, nor their optional packages.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation
 * (scripts/typedoc/export-categories.mjs reads it).
 *
 * @module wechat-rx
 */

/**
 * Client: log in, follow the session's state, receive messages and events, send, manage the account.
 * @category Client
 */
export {
  createClient,
  type AccountOperations,
  type ClientOptions,
  type ClientState,
  type ClientStatus,
  type ContactRef,
  type FriendRequestRef,
  type LoginEvent,
  type LogoutReason,
  type RateLimiterConfig,
  type SendResult,
  type WeChatClient,
  type WebEndpoint,
  type WxEvent,
  type WxEventType,
} from './web/client/index.js';
/** @category Client */
export type { Env } from './web/protocol/endpoints/context.js';

/**
 * Contacts: the address book and groups as the client keeps them, and how to query them.
 * @category Contacts
 */
export {
  ContactsSnapshot,
  type Contact,
  type ContactCriteria,
  type ContactDirectory,
  type ContactKind,
  type ContactLimits,
  type ContactLookups,
  type ContactQuery,
  type GroupMember,
  type NamePattern,
} from './web/client/index.js';

/**
 * Media: sending images, videos, files and stickers, uploads and downloads with their progress.
 * @category Media
 */
export {
  sanitizeFileName,
  type DownloadEvent,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadSaved,
  type DownloadStream,
  type Downloadable,
  type EmoticonSource,
  type FileRef,
  type MediaDownloadOptions,
  type MediaOperations,
  type MediaSendResult,
  type MediaSource,
  type SendMediaOptions,
  type TransferTimeouts,
  type UploadEvent,
  type UploadOptions,
  type UploadProgress,
  type UploadedMedia,
} from './web/client/index.js';

/**
 * Messages: the decoded message union, one type per kind, the guards that narrow it, and the decoder for wire
 * messages you read yourself.
 * @category Messages
 */
export type {
  AppMessage,
  CardMessage,
  ChatHistoryMessage,
  EmoticonMessage,
  FileMessage,
  FriendRequestMessage,
  ImageMessage,
  LinkMessage,
  LocationMessage,
  MessageBase,
  MessageKind,
  MessageOfKind,
  MiniProgramMessage,
  MusicMessage,
  PersonInfo,
  PossibleFriendMessage,
  QuoteMessage,
  RealtimeLocationMessage,
  RecallMessage,
  RedPacketMessage,
  SelfInfo,
  StatusNotifyMessage,
  SysNoticeMessage,
  SystemEvent,
  SystemMessage,
  TextMessage,
  TransferMessage,
  UnknownMessage,
  VideoMessage,
  VoiceMessage,
  VoipMessage,
  WxMessage,
} from './model/message.js';
/** @category Messages */
export {
  MESSAGE_KINDS,
  isApp,
  isAppMessage,
  isCard,
  isChatHistory,
  isEmoticon,
  isFile,
  isFriendRequest,
  isImage,
  isKind,
  isLink,
  isLocation,
  isMiniProgram,
  isMusic,
  isPossibleFriend,
  isQuote,
  isRealtimeLocation,
  isRecall,
  isRedPacket,
  isStatusNotify,
  isSysNotice,
  isSystem,
  isText,
  isTransfer,
  isUnknown,
  isVideo,
  isVoice,
  isVoip,
  kindsOf,
  type AppKind,
} from './model/kinds.js';
/** @category Messages */
export { decodeMessage, decodeRawMessage } from './model/decode/decode.js';
/** @category Messages */
export { parseJson as parseWireJson } from './web/protocol/json.js';

/**
 * Protocol: the wire's code tables, hosts and raw shapes, for bots that look below the decoded model.
 * @category Protocol
 */
export { AppMsgType, ContactFlag, MsgType, StatusNotifyCode, VerifyFlag, isOfficialAccount } from './model/codes.js';
/** @category Protocol */
export type { RawContact, RawMember, RawMessage, RawProfile } from './model/raw/shapes.js';
/** @category Protocol */
export { Selector } from './web/protocol/codes.js';
/** @category Protocol */
export type { SyncKey } from './web/protocol/codecs/common.js';
/** @category Protocol */
export { deriveHosts, qrContent, type Hosts } from './web/protocol/hosts.js';
/** @category Protocol */
export type { UploadMediaType } from './web/protocol/endpoints/media.js';

/**
 * Operators: RxJS operators for bots, the same as `wechat-rx/operators`.
 * @category Operators
 */
export {
  actionErrors$,
  backoffDelay,
  conversation,
  createErrorChannel,
  debounceByChat,
  dedupe,
  errorBoundary,
  forwardTo,
  fromFriend,
  fromGroup,
  fromOfficialAccount,
  handleConcurrently,
  isRetryable,
  markRead,
  mentioningMe,
  notFromSelf,
  ofKind,
  rateLimit,
  recalled,
  reply,
  retryBackoff,
  retryOnRetcode,
  sequentializeByChat,
  textMatching,
  type AskOptions,
  type Backoff,
  type BotClient,
  type ChatMatcher,
  type ContactFilterConfig,
  type ContactInfo,
  type ContactLookup,
  type ConversationConfig,
  type DebounceByChatConfig,
  type DedupeConfig,
  type Dialog,
  type ErrorBoundaryConfig,
  type ErrorChannel,
  type ErrorSink,
  type ForwardToConfig,
  type FromFriendConfig,
  type FromGroupConfig,
  type FromOfficialAccountConfig,
  type GroupMessage,
  type MarkReadConfig,
  type Matched,
  type MentioningMeConfig,
  type MessageSender,
  type PrivateMessage,
  type RateLimitConfig,
  type RateRule,
  type Recalled,
  type RecalledConfig,
  type ReplyConfig,
  type ReplyContent,
  type ReplyInput,
  type RetryBackoffConfig,
  type RetryNotice,
  type RetryOnRetcodeConfig,
  type SequentializeByChatConfig,
} from '../operators/index.js';

/**
 * Errors: one class per failure, each with an `is…` guard that also works across copies of the package, and the
 * retcode table they are built from.
 * @category Errors
 */
export {
  ActionError,
  ClientClosedError,
  CommitFailedError,
  DecodeError,
  FileExistsError,
  InvalidArgumentError,
  LoginRefusedError,
  MediaSourceError,
  MediaUnavailableError,
  MissingPackageError,
  NetworkError,
  NotFriendError,
  NotOnlineError,
  OriginNotAllowedError,
  QrExpiredError,
  RateLimitedError,
  RetcodeError,
  SessionEndedError,
  SessionLockedError,
  SessionStoreError,
  TimeoutError,
  UnknownChatError,
  UnsafeRedirectError,
  UploadError,
  WeChatError,
  guardFor,
  isActionError,
  isClientClosedError,
  isCommitFailedError,
  isDecodeError,
  isFileExistsError,
  isInvalidArgumentError,
  isLoginRefusedError,
  isMediaSourceError,
  isMediaUnavailableError,
  isMissingPackageError,
  isNetworkError,
  isNotFriendError,
  isNotOnlineError,
  isOriginNotAllowedError,
  isQrExpiredError,
  isRateLimitedError,
  isRetcodeError,
  isSessionEndedError,
  isSessionLockedError,
  isSessionStoreError,
  isTimeoutError,
  isUnknownChatError,
  isUnsafeRedirectError,
  isUploadError,
  isWeChatError,
  redact,
  retcodeError,
  type Endpoint,
  type SessionHolder,
} from './errors/index.js';
/** @category Errors */
export { Ret, classifyRetcode, describeRetcode, type RetcodeClass } from './errors/retcodes.js';

/**
 * Session stores: where a login is kept so the next run skips the QR code, and the lock that keeps two processes
 * off one session.
 * @category Session stores
 */
export {
  FileSessionStore,
  MemorySessionStore,
  SavedSession,
  type FileSessionStoreOptions,
  type SessionLock,
  type SessionStore,
} from './web/session/index.js';
/** @category Session stores */
export { webSessionCodec } from './web/session/saved-session.js';

/**
 * Transports: the HTTP port the client talks through, its two implementations (ky, undici) and the cookie jar.
 * @category Transports
 */
export type { Transport } from './http/transport.js';
/** @category Transports */
export type { ClosableTransport, HttpTransportOptions } from './http/transport-core.js';
/** @category Transports */
export type { FormField, FormFile, WxRequest, WxResponse } from './http/request.js';
/** @category Transports */
export { createKyTransport, type KyTransport, type KyTransportOptions } from './http/ky-transport.js';
/** @category Transports */
export { createUndiciTransport, type UndiciTransport, type UndiciTransportOptions } from './http/undici-transport.js';
/** @category Transports */
export { WxCookieJar, type CookieJarJSON } from './http/cookie-jar.js';

/**
 * Logging: the logger port, one that drops everything and one that strips credentials before passing lines on.
 * @category Logging
 */
export { redactingLogger, silentLogger, type LogLevel, type Logger } from './logging/logger.js';
