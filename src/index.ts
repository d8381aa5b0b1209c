/**
 * wechat-rx: the Web WeChat protocol as composable, typed RxJS streams.
 *
 * The root exports the client, the message model and its guards, the error taxonomy, session stores, the transport
 * port and the operators (also available from `wechat-rx/operators`).
 */
export * from './web/client/index.js';
export * from './errors/index.js';
export * from './web/session/index.js';
export type * from './model/message.js';
export * from './model/kinds.js';
export { decodeMessage, decodeRawMessage } from './model/decode/decode.js';
export { parseJson as parseWireJson } from './web/protocol/json.js';
export { Selector } from './web/protocol/codes.js';
export { AppMsgType, ContactFlag, MsgType, StatusNotifyCode, VerifyFlag, isOfficialAccount } from './model/codes.js';
export { Ret, classifyRetcode, describeRetcode, type RetcodeClass } from './errors/retcodes.js';
export type { SyncKey } from './web/protocol/codecs/common.js';
export type { RawContact, RawMember, RawMessage, RawProfile } from './model/raw/shapes.js';
export { deriveHosts, qrContent, type Hosts } from './web/protocol/hosts.js';
export type { WxRequest, WxResponse, FormField, FormFile } from './web/protocol/request.js';
export type { Env, UploadMediaType } from './web/protocol/requests.js';
export type { Transport } from './web/http/transport.js';
export { createKyTransport, type KyTransport, type KyTransportOptions } from './web/http/ky-transport.js';
export { WxCookieJar, type CookieJarJSON } from './web/http/cookie-jar.js';
export * from '../operators/index.js';
export { redactingLogger, silentLogger, type Logger, type LogLevel } from './logging/logger.js';
export { createUndiciTransport, type UndiciTransport, type UndiciTransportOptions } from './web/http/undici-transport.js';
export type { ClosableTransport, HttpTransportOptions } from './web/http/transport-core.js';
