/**
 * wechat-rx: the Web WeChat protocol as composable, typed RxJS streams.
 *
 * The root exports the client, the message model and its guards, the error taxonomy, session stores, the transport
 * port and the operators (also available from `wechat-rx/operators`).
 */
export * from './client/index.js';
export * from './errors/index.js';
export * from './session/index.js';
export type * from './protocol/message/types.js';
export * from './protocol/message/kinds.js';
export { decodeMessage, decodeRawMessage } from './protocol/message/decode.js';
export { parseJson as parseWireJson } from './protocol/json.js';
export { Selector } from './protocol/codes.js';
export { AppMsgType, ContactFlag, MsgType, StatusNotifyCode, VerifyFlag, isOfficialAccount } from './protocol/message-codes.js';
export { Ret, classifyRetcode, describeRetcode, type RetcodeClass } from './protocol/retcodes.js';
export type { SyncKey } from './protocol/codecs/common.js';
export type { RawContact, RawMember, RawMessage, RawProfile } from './protocol/codecs/raw.js';
export { deriveHosts, qrContent, type Hosts } from './protocol/hosts.js';
export type { WxRequest, WxResponse, FormField, FormFile } from './protocol/request.js';
export type { Env, UploadMediaType } from './protocol/requests.js';
export type { Transport } from './http/transport.js';
export { createKyTransport, type KyTransport, type KyTransportOptions } from './http/ky-transport.js';
export { WxCookieJar, type CookieJarJSON } from './http/cookie-jar.js';
export * from '../operators/index.js';
export * from './device/index.js';
export { redactingLogger, silentLogger, type Logger, type LogLevel } from './logging/logger.js';
export { createUndiciTransport, type UndiciTransport, type UndiciTransportOptions } from './http/undici-transport.js';
export type { ClosableTransport, HttpTransportOptions } from './http/transport-core.js';
