import { WeChatError } from '../../errors/wechat-error.js';

/** The TCP connection to the device server failed or was closed: refused, reset, or ended by the server. */
export class DeviceConnectionError extends WeChatError {
  override name = 'DeviceConnectionError';

  constructor(
    readonly host: string,
    readonly port: number,
    /** `closed` when the server ended the stream, else the socket error code (`ECONNREFUSED`, `ECONNRESET`…). */
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`device connection to ${host}:${port} failed: ${reason}`, { cause });
  }
}
