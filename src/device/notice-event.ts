import { type DeviceFrame, isFrameOf } from './codec.js';
import type { ConnectionContext } from './context.js';
import { DeviceMsgType } from './enums.js';
import { messageFromFriendRequest, messageFromNotice } from './messages.js';
import type { DeviceEvent } from './types.js';

/**
 * The event a notice becomes (and the bookkeeping it implies), or undefined for a repeat: a chat message whose id
 * was delivered before (the server may resend it under a new frame id), or any other frame id seen before.
 */
export function noticeEvent(frame: DeviceFrame, ctx: ConnectionContext): DeviceEvent | undefined {
  if (isFrameOf(frame, DeviceMsgType.FriendTalkNotice) || isFrameOf(frame, DeviceMsgType.WeChatTalkToFriendNotice)) {
    const { msgSvrId, MsgId, WeChatId } = frame.payload;
    if (!ctx.deliveredMessages.add(msgSvrId !== '0' ? msgSvrId : `${WeChatId}/${MsgId}`)) return undefined;
    const message = messageFromNotice(frame.MsgType, frame.Id, frame.payload, ctx.self, ctx.now());
    ctx.chatAccounts.set(message.chat, WeChatId);
    return { type: 'message', message };
  }
  if (!ctx.deliveredFrames.add(frame.Id)) return undefined;
  if (isFrameOf(frame, DeviceMsgType.FriendAddReqeustNotice)) {
    return { type: 'message', message: messageFromFriendRequest(frame.Id, frame.payload, ctx.now()) };
  }
  if (isFrameOf(frame, DeviceMsgType.TalkToFriendTaskResultNotice)) return { type: 'send-result', result: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.TaskResultNotice)) return { type: 'task-result', result: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.WeChatOnlineNotice)) {
    ctx.accounts.set(frame.payload.WeChatId, frame.payload);
    return { type: 'account-online', account: frame.payload };
  }
  if (isFrameOf(frame, DeviceMsgType.WeChatOfflineNotice)) {
    ctx.accounts.delete(frame.payload.WeChatId);
    return { type: 'account-offline', notice: frame.payload };
  }
  if (isFrameOf(frame, DeviceMsgType.FriendAddNotice)) return { type: 'friend-added', notice: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.FriendDelNotice)) return { type: 'friend-removed', notice: frame.payload };
  return { type: 'frame', frame };
}
