/**
 * The JuLiao work-phone device protocol: a client that connects to the device over TCP, the messages and events
 * it delivers, its errors, and the wire format (framing, protobuf payloads) for tools that read frames themselves.
 * Needs the optional peer `protobufjs`.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation.
 *
 * @module wechat-rx/device
 */

/**
 * Client: connect, follow the connection's state, receive messages and events, send.
 * @category Client
 */
export { connectDevice, type DeviceClient } from './client.js';
/** @category Client */
export type { DeviceClientOptions } from './options.js';
/** @category Client */
export type { DeviceCommitState } from './commit.js';
/** @category Client */
export type {
  DeviceContent,
  DeviceDisconnectReason,
  DeviceEvent,
  DeviceEventType,
  DeviceSendOptions,
  DeviceSendResult,
  DeviceState,
  DeviceStatus,
} from './types.js';
/** @category Client */
export type { DeviceMessage, DeviceMessageSource } from './messages.js';

/**
 * Connection: how the client reaches the device; the TCP connector is the default, a connector of your own can
 * replace it.
 * @category Connection
 */
export { tcpConnector, type DeviceAddress, type DeviceConnector, type DeviceSocket, type TcpConnectorConfig } from './socket.js';

/**
 * Errors: one class per failure, each with an `is…` guard that also works across copies of the package.
 * @category Errors
 */
export { DeviceError, describeDeviceErrorCode } from './errors/device-error.js';
/** @category Errors */
export { DeviceAuthError } from './errors/device-auth-error.js';
/** @category Errors */
export { DeviceConnectionError } from './errors/device-connection-error.js';
/** @category Errors */
export { DeviceSessionEndedError } from './errors/device-session-ended-error.js';
/** @category Errors */
export { DeviceTaskError } from './errors/device-task-error.js';
/** @category Errors */
export { DeviceTimeoutError } from './errors/device-timeout-error.js';
/** @category Errors */
export { FrameDecodeError } from './errors/frame-decode-error.js';
/** @category Errors */
export { FrameTooLargeError } from './errors/frame-too-large-error.js';
/** @category Errors */
export {
  isDeviceAuthError,
  isDeviceConnectionError,
  isDeviceError,
  isDeviceSessionEndedError,
  isDeviceTaskError,
  isDeviceTimeoutError,
  isFrameDecodeError,
  isFrameTooLargeError,
} from './errors/device-guards.js';

/**
 * Protocol codes: the protocol's enums, with `enumName` to print one.
 * @category Protocol codes
 */
export {
  DeviceAccountType,
  DeviceAuthType,
  DeviceContentType,
  DeviceErrorCode,
  DeviceGender,
  DeviceMsgType,
  DeviceOnlineState,
  DeviceSendStatus,
  DeviceTaskType,
  ForceOfflineReason,
  enumName,
} from './enums.js';

/**
 * Wire format: length-prefixed frames, the protobuf codec of their payloads, the schema, and the payload types.
 * @category Wire format
 */
export { decodeFrames, encodeFrames, type DecodeFramesConfig } from './framing.js';
/** @category Wire format */
export { DEFAULT_MAX_FRAME_LENGTH, FrameDecoder, frameBytes } from './frame-decoder.js';
/** @category Wire format */
export {
  decodeFrame,
  decodePayload,
  encodeFrame,
  encodePayload,
  isFrameOf,
  payloadTypeName,
  typeUrlOf,
  type DeviceFrame,
  type FrameHeader,
  type FrameOf,
  type OutgoingFrame,
  type RawOutgoingFrame,
} from './codec.js';
/** @category Wire format */
export { PROTO_PACKAGE, TYPE_URL_PREFIX, schemaProtoText } from './schema-text.js';
/** @category Wire format */
export type {
  AccountForceOfflineNoticeMessage,
  AnyMessage,
  DeviceAuthReqMessage,
  DeviceAuthRspMessage,
  DevicePayload,
  ErrorMessage,
  ExtraMessage,
  FriendAddNoticeMessage,
  FriendAddReqeustNoticeMessage,
  FriendDelNoticeMessage,
  FriendMessage,
  FriendTalkNoticeMessage,
  HeartBeatMessage,
  KnownMsgType,
  PayloadByMsgType,
  PayloadInput,
  RedirectNoticeMessage,
  TalkToFriendTaskMessage,
  TalkToFriendTaskResultNoticeMessage,
  TaskResultNoticeMessage,
  TransportMessage,
  WeChatOfflineNoticeMessage,
  WeChatOnlineNoticeMessage,
  WeChatTalkToFriendNoticeMessage,
} from './wire-types.js';
