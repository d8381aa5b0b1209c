import { describeDeviceErrorCode } from './device-error.js';
import { WeChatError } from '../../errors/wechat-error.js';

/** The phone reported a task as failed (`Success` false in its result notice). Fails that operation only. */
export class DeviceTaskError extends WeChatError {
  override name = 'DeviceTaskError';

  constructor(
    /** `MsgType` name of the task (`TalkToFriendTask`…). */
    readonly task: string,
    readonly code: number,
    readonly errMsg: string,
    /** The task's id (`MsgId` or `TaskId`), a decimal string. */
    readonly taskId: string,
  ) {
    super(`device ${task} ${taskId} failed: ${code} (${describeDeviceErrorCode(code)})${errMsg ? `: ${errMsg}` : ''}`);
  }
}
