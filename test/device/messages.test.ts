import { describe, expect, it } from 'vitest';
import { DeviceContentType, DeviceMsgType } from '../../src/device/enums.js';
import { messageFromFriendRequest, messageFromNotice } from '../../src/device/messages.js';
import type { FriendTalkNoticeMessage } from '../../src/device/wire-types.js';
import { isText } from '../../src/model/kinds.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const self = { nickNameOf: (id: string) => (id === 'wxid_me' ? 'Me' : undefined) };

function notice(contentType: number, content: string, overrides: Partial<FriendTalkNoticeMessage> = {}): FriendTalkNoticeMessage {
  return {
    WeChatId: 'wxid_me', FriendId: 'wxid_f', ContentType: contentType, Content: utf8(content), MsgId: '12',
    msgSvrId: '9223372036854775807', Ext: '', CreateTime: '1700000000', ...overrides,
  };
}
const received = (contentType: number, content: string, overrides: Partial<FriendTalkNoticeMessage> = {}) =>
  messageFromNotice(DeviceMsgType.FriendTalkNotice, '77', notice(contentType, content, overrides), self, 5_000);

describe('device notices → message model', () => {
  it('maps a text into the base fields with exact ids and a web-shaped raw', () => {
    const m = received(DeviceContentType.Text, 'hello 😀');
    expect(m).toMatchObject({
      kind: 'text', text: 'hello 😀', mentions: [], mentionsSelf: false, id: '9223372036854775807', chat: 'wxid_f',
      from: 'wxid_f', to: 'wxid_me', isGroup: false, isSelf: false, time: 1_700_000_000_000,
    });
    expect(m.raw).toEqual({
      MsgId: '9223372036854775807', FromUserName: 'wxid_f', ToUserName: 'wxid_me', MsgType: 1, Content: 'hello 😀', CreateTime: 1_700_000_000,
    });
    expect(m.device).toMatchObject({ msgType: 1024, frameId: '77', wechatId: 'wxid_me', contentType: 1 });
    expect(isText(m)).toBe(true);
  });

  it('splits the member prefix of a group message and sees a mention of the account', () => {
    const m = received(DeviceContentType.Text, 'wxid_member:\n@Me\u2005look', { FriendId: '123@chatroom' });
    expect(m).toMatchObject({ kind: 'text', chat: '123@chatroom', from: 'wxid_member', isGroup: true, text: '@Me\u2005look', mentions: ['Me'], mentionsSelf: true });
  });

  it('marks what the user sent on the phone as self-sent, from the account to the chat', () => {
    const m = messageFromNotice(DeviceMsgType.WeChatTalkToFriendNotice, '78', {
      WeChatId: 'wxid_me', FriendId: '9@chatroom', ContentType: 1, Content: utf8('wxid_x:\nnot a prefix'), MsgId: '3', msgSvrId: '0', CreateTime: '0',
    }, self, 5_000);
    expect(m).toMatchObject({ isSelf: true, from: 'wxid_me', to: '9@chatroom', chat: '9@chatroom', id: '3', time: 5_000 });
    expect(m.kind === 'text' && m.text).toBe('wxid_x:\nnot a prefix');
  });

  it.each([
    [DeviceContentType.Picture, 'http://cdn/p.jpg', 'image'],
    [DeviceContentType.Voice, 'http://cdn/v.amr', 'voice'],
    [DeviceContentType.Video, 'http://cdn/v.mp4', 'video'],
    [DeviceContentType.Emoji, 'http://cdn/e.gif', 'emoticon'],
    [DeviceContentType.NameCard, 'wxid_card', 'card'],
    [DeviceContentType.Location, 'Somewhere', 'location'],
    [DeviceContentType.Link, '{"Title":"T","Url":"http://l","Des":"D"}', 'link'],
    [DeviceContentType.BizLink, '{"Title":"Biz"}', 'link'],
    [DeviceContentType.File, 'http://cdn/report%201.pdf?x=1', 'file'],
    [DeviceContentType.WeApp, 'mini', 'mini-program'],
    [DeviceContentType.QuoteMsg, 'quoted', 'quote'],
    [DeviceContentType.LuckyMoney, '{"Key":"k1","Title":"恭喜发财"}', 'red-packet'],
    [DeviceContentType.MoneyTrans, 'prefix{"Key":"k2"}', 'transfer'],
    [DeviceContentType.LinkExt, 'x', 'app'],
    [DeviceContentType.System, '"A"邀请"B"加入了群聊', 'system'],
    [DeviceContentType.RoomSystem, 'something', 'system'],
    [DeviceContentType.PaiYiPai, '"A" 拍了拍我', 'system'],
    [DeviceContentType.AudioCall, '', 'voip'],
    [DeviceContentType.VideoCall, '', 'voip'],
    [DeviceContentType.NotifyMsg, 'notice', 'sys-notice'],
    [DeviceContentType.JieLongMsg, 'x', 'unknown'],
    [DeviceContentType.UnSupport, 'x', 'unknown'],
  ])('maps content type %i to %s', (contentType, content, kind) => {
    expect(received(contentType, content).kind).toBe(kind);
  });

  it('reads the fields a bot needs from references and JSON', () => {
    expect(received(DeviceContentType.Picture, 'http://cdn/p.jpg').raw.Url).toBe('http://cdn/p.jpg');
    expect(received(DeviceContentType.Link, '{"Title":"T","Url":"http://l","Des":"D"}')).toMatchObject({ title: 'T', url: 'http://l', description: 'D', appType: 5 });
    expect(received(DeviceContentType.File, 'http://cdn/report%201.pdf?x=1')).toMatchObject({ fileName: 'report 1.pdf', ext: 'pdf', appType: 6 });
    expect(received(DeviceContentType.MoneyTrans, 'prefix{"Key":"k2"}')).toMatchObject({ kind: 'transfer', transferId: 'k2' });
    expect(received(DeviceContentType.PaiYiPai, '"A" 拍了拍我')).toMatchObject({ event: { type: 'pat' } });
    expect(received(DeviceContentType.UnSupport, 'x')).toMatchObject({ msgType: 99, content: 'x' });
  });

  it('reads XML content the way the web decoder does', () => {
    const image = received(DeviceContentType.Picture, '<msg><img length="1234" md5="abc" cdnthumbwidth="10" cdnthumbheight="20"/></msg>');
    expect(image).toMatchObject({ kind: 'image', size: 1234, md5: 'abc', chat: 'wxid_f', id: '9223372036854775807' });
    const location = received(DeviceContentType.Location, '<msg><location x="22.5" y="113.9" label="Here" poiname="Cafe"/></msg>');
    expect(location).toMatchObject({ kind: 'location', latitude: 22.5, longitude: 113.9, label: 'Here', poiName: 'Cafe' });
    const file = received(DeviceContentType.File, '<msg><appmsg><title>a.txt</title><type>6</type><appattach><totallen>42</totallen><fileext>txt</fileext></appattach></appmsg></msg>');
    expect(file).toMatchObject({ kind: 'file', fileName: 'a.txt', size: 42, ext: 'txt' });
    expect(file.device.contentType).toBe(DeviceContentType.File);
  });

  it('maps a friend request notice to a friend-request message', () => {
    const m = messageFromFriendRequest('90', {
      WeChatId: 'wxid_me', FriendId: 'wxid_r', FriendNo: 'r_no', FriendNick: 'R', Reason: 'hi', Avatar: '', Source: 6,
      SourceUser: '', Gender: 1, Province: '', City: 'SZ',
    }, 9_000);
    expect(m).toMatchObject({
      kind: 'friend-request', chat: 'wxid_r', greeting: 'hi', scene: 6, ticket: '', time: 9_000,
      requester: { userName: 'wxid_r', nickName: 'R', alias: 'r_no', city: 'SZ', sex: 1 },
    });
  });
});
