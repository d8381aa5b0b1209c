import { DeviceError } from './device-error.js';

/**
 * The server refused `DeviceAuthReq`: `InvalidParam` (wrong auth type, empty or undecodable credential) or
 * `NoRight` (device not bound). Retrying cannot help, so the session ends. The credential is never quoted.
 */
export class DeviceAuthError extends DeviceError {
  override name = 'DeviceAuthError';

  constructor(errorCode: number, errorMsg: string, refMessageId: string) {
    super(errorCode, errorMsg, refMessageId);
    this.message = `device authentication refused: ${this.message}`;
  }
}
