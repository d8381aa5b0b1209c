import type { DeviceFrame, OutgoingFrame } from '../../src/device/codec.js';
import { DeviceContentType, DeviceMsgType } from '../../src/device/enums.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A frame as the server sends it (decoded). */
export function frame(MsgType: number, Id: string, RefMessageId: string, payload?: object): DeviceFrame {
  return { Id, AccessToken: '', MsgType, RefMessageId, Content: null, payload } as DeviceFrame;
}

/** The first frame id the client uses in these tests: the DeviceAuthReq of the first connection. */
export const FIRST = '100';
export const authRsp = (ref = FIRST) => frame(DeviceMsgType.DeviceAuthRsp, '1', ref, { AccessToken: 'T', Extra: null });
export const ack = (ref: string) => frame(DeviceMsgType.MsgReceivedAck, '2', ref);
export const text = (id: string, body: string) =>
  frame(DeviceMsgType.FriendTalkNotice, id, '0', {
    WeChatId: 'wxid_me', FriendId: 'wxid_f', ContentType: DeviceContentType.Text, Content: utf8(body),
    MsgId: '5', msgSvrId: `7${id}`, Ext: '', CreateTime: '1700000000',
  });

/** A frame the client sent, as `MsgType#Id>RefMessageId@token`. */
export const sentAs = (f: OutgoingFrame) => `${f.MsgType}#${f.Id}>${f.RefMessageId}@${f.AccessToken}`;
