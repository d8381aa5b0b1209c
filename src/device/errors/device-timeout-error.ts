import { WeChatError } from '../../errors/wechat-error.js';

/**
 * A device operation got no answer in time: `DeviceAuthReq` (connect and authenticate), `HeartBeatReq` (the
 * server did not acknowledge a heartbeat) or `TalkToFriendTask` (no result notice).
 */
export class DeviceTimeoutError extends WeChatError {
  override name = 'DeviceTimeoutError';

  constructor(
    readonly operation: string,
    readonly ms: number,
  ) {
    super(`device ${operation} got no answer within ${ms} ms`);
  }
}
