import { WeChatError } from '../../errors/wechat-error.js';

const REASONS: Readonly<Record<number, string>> = {
  0: 'NoReason: forced logout',
  1: 'FuckedByOtherAuthorizer: displaced by a login elsewhere',
  2: 'ByReAlloc: reassigned',
  3: 'ByDeviceOffline: the device went offline',
  4: 'ByWeChatOffline: WeChat logged out',
};

/** The server forced the account offline (`AccountForceOfflineNotice`). The session is over; it is never retried. */
export class DeviceSessionEndedError extends WeChatError {
  override name = 'DeviceSessionEndedError';

  constructor(
    /** `EnumForceOfflineReason`. */
    readonly reason: number,
    readonly serverMessage: string,
    readonly wechatId: string,
  ) {
    super(`device session ended: ${REASONS[reason] ?? `reason ${reason}`}${serverMessage ? ` (${serverMessage})` : ''}`);
  }
}
