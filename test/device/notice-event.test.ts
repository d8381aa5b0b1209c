import { describe, expect, it } from 'vitest';
import type { DeviceFrame } from '../../src/device/codec.js';
import { createContext } from '../../src/device/context.js';
import { DeviceMsgType } from '../../src/device/enums.js';
import { noticeEvent } from '../../src/device/notice-event.js';

const ctx = () => createContext({ host: '127.0.0.1', port: 1, credential: 'IMEI0001' });
const frame = (Id: string, MsgType: number, payload: unknown): DeviceFrame =>
  ({ Id, AccessToken: 'token-of-the-session', MsgType, Content: null, RefMessageId: '0', payload }) as DeviceFrame;

describe('noticeEvent', () => {
  it('blanks the IMEI of account notices, in the event and in what the client keeps', () => {
    const context = ctx();
    const online = noticeEvent(frame('1', DeviceMsgType.WeChatOnlineNotice, { WeChatId: 'wxid_a', WeChatNick: 'A', IMEI: 'IMEI0001' }), context);
    expect(online).toMatchObject({ type: 'account-online', account: { WeChatId: 'wxid_a', WeChatNick: 'A', IMEI: '' } });
    expect(context.accounts.get('wxid_a')?.IMEI).toBe('');
    const offline = noticeEvent(frame('2', DeviceMsgType.WeChatOfflineNotice, { WeChatId: 'wxid_a', IMEI: 'IMEI0001' }), context);
    expect(offline).toMatchObject({ type: 'account-offline', notice: { WeChatId: 'wxid_a', IMEI: '' } });
  });

  it('passes any other frame on without the session’s access token', () => {
    const event = noticeEvent(frame('3', DeviceMsgType.CircleLikeNotice, {}), ctx());
    expect(event).toMatchObject({ type: 'frame', frame: { Id: '3', MsgType: DeviceMsgType.CircleLikeNotice, AccessToken: '' } });
  });
});
