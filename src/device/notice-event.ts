import { type DeviceFrame, isFrameOf } from './codec.js';
import type { ConnectionContext } from './context.js';
import { DeviceMsgType } from './enums.js';
import { type DeviceMessage, messageFromFriendRequest, messageFromNotice } from './messages.js';
import type { DeviceEvent } from './types.js';

/** A notice that carries a message, decoded but not yet recorded as delivered (a commit may come in between). */
export interface MessageNotice {
  readonly message: DeviceMessage;
  /** Records the message as delivered, so that a repeat of it is acknowledged and dropped. */
  markDelivered(): void;
}

/**
 * The message a chat (1024, 1026) or friend-request (1027) notice carries; `'repeat'` when it was delivered before
 * (the server may resend a chat message under a new frame id); undefined for any other frame.
 */
export function messageNotice(frame: DeviceFrame, ctx: ConnectionContext): MessageNotice | 'repeat' | undefined {
  if (isFrameOf(frame, DeviceMsgType.FriendTalkNotice) || isFrameOf(frame, DeviceMsgType.WeChatTalkToFriendNotice)) {
    const { msgSvrId, MsgId, WeChatId } = frame.payload;
    const id = msgSvrId !== '0' ? msgSvrId : `${WeChatId}/${MsgId}`;
    if (ctx.deliveredMessages.has(id)) return 'repeat';
    const message = messageFromNotice(frame.MsgType, frame.Id, frame.payload, ctx.self, ctx.now());
    return {
      message,
      markDelivered: () => {
        ctx.deliveredMessages.add(id);
        ctx.chatAccounts.set(message.chat, WeChatId);
      },
    };
  }
  if (isFrameOf(frame, DeviceMsgType.FriendAddReqeustNotice)) {
    if (ctx.deliveredFrames.has(frame.Id)) return 'repeat';
    return { message: messageFromFriendRequest(frame.Id, frame.payload, ctx.now()), markDelivered: () => ctx.deliveredFrames.add(frame.Id) };
  }
  return undefined;
}

/**
 * Account notices name the phone's IMEI, the credential of a `DeviceCode` login, and every frame carries the session's
 * access token: what reaches events and state carries neither (both are blanked).
 */
const withoutImei = <T extends { readonly IMEI: string }>(notice: T): T => ({ ...notice, IMEI: '' });

/**
 * The event a notice becomes (and the bookkeeping it implies), or undefined for a repeat: a chat message whose id
 * was delivered before, or any other frame id seen before.
 */
export function noticeEvent(frame: DeviceFrame, ctx: ConnectionContext): DeviceEvent | undefined {
  const notice = messageNotice(frame, ctx);
  if (notice === 'repeat') return undefined;
  if (notice !== undefined) {
    notice.markDelivered();
    return { type: 'message', message: notice.message };
  }
  if (!ctx.deliveredFrames.add(frame.Id)) return undefined;
  if (isFrameOf(frame, DeviceMsgType.TalkToFriendTaskResultNotice)) return { type: 'send-result', result: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.TaskResultNotice)) return { type: 'task-result', result: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.WeChatOnlineNotice)) {
    const account = withoutImei(frame.payload);
    ctx.accounts.set(account.WeChatId, account);
    return { type: 'account-online', account };
  }
  if (isFrameOf(frame, DeviceMsgType.WeChatOfflineNotice)) {
    ctx.accounts.delete(frame.payload.WeChatId);
    return { type: 'account-offline', notice: withoutImei(frame.payload) };
  }
  if (isFrameOf(frame, DeviceMsgType.FriendAddNotice)) return { type: 'friend-added', notice: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.FriendDelNotice)) return { type: 'friend-removed', notice: frame.payload };
  return { type: 'frame', frame: { ...frame, AccessToken: '' } };
}
