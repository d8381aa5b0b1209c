/** The JuLiao work-phone device protocol: framing, codec, message mapping and the client. */
export { connectDevice, type DeviceClient } from './client.js';
export type { DeviceClientOptions } from './options.js';
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
export type { DeviceMessage, DeviceMessageSource } from './messages.js';
export { decodeFrames, encodeFrames, type DecodeFramesConfig } from './framing.js';
export { FrameDecoder, frameBytes, DEFAULT_MAX_FRAME_LENGTH } from './frame-decoder.js';
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
export { schemaProtoText, PROTO_PACKAGE, TYPE_URL_PREFIX } from './schema-text.js';
export { tcpConnector, type DeviceAddress, type DeviceConnector, type DeviceSocket, type TcpConnectorConfig } from './socket.js';
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
export type * from './wire-types.js';
export { DeviceError, describeDeviceErrorCode } from './errors/device-error.js';
export { DeviceAuthError } from './errors/device-auth-error.js';
export { DeviceConnectionError } from './errors/device-connection-error.js';
export { DeviceSessionEndedError } from './errors/device-session-ended-error.js';
export { DeviceTaskError } from './errors/device-task-error.js';
export { DeviceTimeoutError } from './errors/device-timeout-error.js';
export { FrameDecodeError } from './errors/frame-decode-error.js';
export { FrameTooLargeError } from './errors/frame-too-large-error.js';
export * from './errors/device-guards.js';
