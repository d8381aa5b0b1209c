import { WeChatError } from '../../errors/wechat-error.js';

/** `EnumErrorCode` meanings, kept here so the error classes stay a leaf of the module graph. */
const ERROR_CODES: Readonly<Record<number, string>> = {
  0: 'Success',
  1001: 'NoRight: no permission',
  1002: 'InvalidParam: invalid data',
  1003: 'InternalError',
  1004: 'TargetNotOnline: the recipient is offline',
};

export function describeDeviceErrorCode(code: number): string {
  return ERROR_CODES[code] ?? 'unknown error code';
}

/**
 * The device server sent an `Error` frame (MsgType 1003): `errorCode` is its `EnumErrorCode`, `refMessageId` the
 * `Id` of the frame it answers (a decimal string, `'0'` when it names none).
 */
export class DeviceError extends WeChatError {
  override name = 'DeviceError';

  constructor(
    readonly errorCode: number,
    readonly errorMsg: string,
    readonly refMessageId: string,
  ) {
    super(`device server answered Error ${errorCode} (${describeDeviceErrorCode(errorCode)}) to frame ${refMessageId}${errorMsg ? `: ${errorMsg}` : ''}`);
  }
}
