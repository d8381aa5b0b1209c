import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/web/protocol/json.js';
import { decodeRawMessage } from '../../src/model/decode/decode.js';
import type { SelfInfo, WxMessage } from '../../src/model/message.js';
import { buildMessage } from '../../src/testing/simulator/messages/build.js';
import { MsgIdGenerator } from '../../src/testing/simulator/messages/ids.js';
import type { MessageContext, MessageSpec } from '../../src/testing/simulator/messages/specs.js';
import { encryptUserNameOf, ticketOf } from '../../src/testing/simulator/messages/tokens.js';
import type { WireMessage } from '../../src/testing/simulator/messages/wire-message.js';
import { UserNames } from '../../src/testing/simulator/usernames.js';
import { toWireJson } from '../../src/testing/simulator/wire.js';
import type { Person } from '../../src/testing/simulator/world.js';
import { generateWorld } from '../../src/testing/simulator/world-generator.js';

const world = generateWorld({ seed: 21, groups: 2, groupSize: 12 });
const userNames = new UserNames('login-7');
const NOW = 1_700_000_000_000;
const newCtx = (extra: Partial<MessageContext> = {}): MessageContext => ({ world, userNames, nowMs: NOW, ids: new MsgIdGenerator(21), ...extra });
const ctx = newCtx();
const build = (spec: MessageSpec, c: MessageContext = ctx): WireMessage => buildMessage(spec, c);

const self = world.self;
const selfName = userNames.userNameOf(self.id);
const person = (name: string): Person => {
  const p = world.require(name);
  if (p.kind !== 'person') throw new Error(name);
  return p;
};
const alice = person('Alice');
const bob = person('Bob');
const tom = person('Tom & "Jerry"');
const carol = person('Carol');
const group = world.groups()[0] ?? (() => { throw new Error('group'); })();
world.addGroupMember(group.id, alice.id, 'Ally 😂');
world.addGroupMember(group.id, bob.id);
const groupName = userNames.userNameOf(group.id);
const stranger = world.addContact({ friend: false, nickName: 'Stranger "S" & co' });

const selfInfo: SelfInfo = { userName: selfName, nickName: self.nickName };
/** What a client gets: the wire text parsed with the big-int-safe parser, then decoded. */
const roundTrip = (msg: WireMessage): WxMessage => {
  const body = parseJson(toWireJson({ AddMsgList: [msg] }), 'webwxsync') as { AddMsgList: unknown[] };
  return decodeRawMessage(body.AddMsgList[0], selfInfo);
};

describe('message ids', () => {
  it('are 19-digit bigints above 2^53, increasing, equal to MsgId, written bare', () => {
    const ids = new MsgIdGenerator(3);
    let prev = 0n;
    for (let i = 0; i < 1000; i++) {
      const id = ids.next();
      expect(id > prev).toBe(true);
      expect(id > 2n ** 53n).toBe(true);
      expect(id.toString()).toHaveLength(19);
      prev = id;
    }
    expect(new MsgIdGenerator(3).next()).toBe(new MsgIdGenerator(3).next());
    const msg = build({ kind: 'text', from: alice.id, text: 'hi' });
    expect(msg.MsgId).toBe(msg.NewMsgId.toString());
    expect(toWireJson({ m: msg })).toContain(`"NewMsgId": ${msg.MsgId},\n"OriContent"`);
  });
});

describe('buildMessage shapes', () => {
  it('has the full §4.1 field set in the server order', () => {
    const msg = build({ kind: 'text', from: alice.id, text: 'hi' });
    expect(Object.keys(msg)).toEqual([
      'MsgId', 'FromUserName', 'ToUserName', 'MsgType', 'Content', 'Status', 'ImgStatus', 'CreateTime', 'VoiceLength',
      'PlayLength', 'FileName', 'FileSize', 'MediaId', 'Url', 'AppMsgType', 'StatusNotifyCode', 'StatusNotifyUserName',
      'RecommendInfo', 'ForwardFlag', 'AppInfo', 'HasProductId', 'Ticket', 'ImgHeight', 'ImgWidth', 'SubMsgType',
      'NewMsgId', 'OriContent', 'EncryFileName',
    ]);
    expect(msg).toMatchObject({ Status: 3, ImgStatus: 1, CreateTime: NOW / 1000, FromUserName: userNames.userNameOf(alice.id), ToUserName: selfName });
    expect(Object.keys(msg.RecommendInfo)).toHaveLength(14);
  });

  it('text: group prefix, escaping, <br/>, remapped emoji span, U+2005 mentions', () => {
    const msg = build({ kind: 'text', from: alice.id, group: group.id, text: 'a < b & "c"\nnext 😂', mentions: [bob.id] });
    expect(msg.FromUserName).toBe(groupName);
    expect(msg.ToUserName).toBe(selfName);
    expect(msg.Content).toBe(
      `${userNames.userNameOf(alice.id)}:<br/>@${bob.nickName}\u2005a &lt; b &amp; &quot;c&quot;<br/>next <span class="emoji emoji1f639"></span>`,
    );
    const toAlly = build({ kind: 'text', from: bob.id, group: group.id, text: 'hey', mentions: [alice.id] });
    expect(toAlly.Content).toContain('@Ally <span class="emoji emoji1f639"></span>\u2005hey');
  });

  it('text sent by self into a group has no prefix and goes self → group', () => {
    const msg = build({ kind: 'text', from: self.id, group: group.id, text: 'mine' });
    expect(msg).toMatchObject({ FromUserName: selfName, ToUserName: groupName, Content: 'mine' });
    const priv = build({ kind: 'text', from: self.id, to: alice.id, text: 'dm' });
    expect(priv).toMatchObject({ FromUserName: selfName, ToUserName: userNames.userNameOf(alice.id) });
  });

  it('image: escaped <?xml?> with <br/> and TAB, ImgStatus 2', () => {
    const msg = build({ kind: 'image', from: alice.id, group: group.id, size: 1234, md5: 'f'.repeat(32) });
    expect(msg.MsgType).toBe(3);
    expect(msg.ImgStatus).toBe(2);
    expect(msg.Content).toMatch(/^@[0-9a-f]{32}:<br\/>&lt;\?xml version="1\.0"\?&gt;<br\/>&lt;msg&gt;<br\/>\t&lt;img aeskey="[0-9a-f]{32}" /);
    expect(msg.Content).toContain('length="1234" md5="ffffffffffffffffffffffffffffffff"');
    expect(msg.Content).toContain('cdnthumburl="');
  });

  it('voice and video carry their lengths', () => {
    const voice = build({ kind: 'voice', from: alice.id, durationMs: 3215 });
    expect(voice).toMatchObject({ MsgType: 34, VoiceLength: 3215 });
    expect(voice.Content).toContain('&lt;voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="3215"');
    const video = build({ kind: 'video', from: alice.id, durationSec: 7 });
    expect(video).toMatchObject({ MsgType: 43, PlayLength: 7 });
    expect(video.Content).toContain('&lt;videomsg aeskey=');
    expect(video.Content).toContain('playlength="7"');
    expect(build({ kind: 'micro-video', from: alice.id }).MsgType).toBe(62);
  });

  it('file: AppMsgType 6, FileName, FileSize string, MediaId, EncryFileName, escaped appattach', () => {
    const msg = build({ kind: 'file', from: alice.id, group: group.id, fileName: 'report 2024.pdf', size: 20480 });
    expect(msg).toMatchObject({ MsgType: 49, AppMsgType: 6, FileName: 'report 2024.pdf', FileSize: '20480', EncryFileName: 'report%202024%2Epdf' });
    expect(msg.MediaId).toMatch(/^@crypt_[0-9a-f]{8}_/);
    expect(msg.Content).toContain('&lt;appattach&gt;&lt;totallen&gt;20480&lt;/totallen&gt;');
    expect(msg.Content).toContain('&lt;fileext&gt;pdf&lt;/fileext&gt;');
    expect(build({ kind: 'file', from: alice.id, fileName: 'a.zip', size: 1, mediaId: '@crypt_x' }).MediaId).toBe('@crypt_x');
  });

  it('link: AppMsgType 5 with Url and title', () => {
    const msg = build({ kind: 'link', from: alice.id, title: 'News & views', url: 'https://example.com/a?b=1&c=2' });
    expect(msg).toMatchObject({ MsgType: 49, AppMsgType: 5, FileName: 'News & views', Url: 'https://example.com/a?b=1&c=2', FileSize: '0' });
    expect(msg.Content).toContain('&lt;title&gt;News &amp;amp; views&lt;/title&gt;');
    expect(msg.Content).toContain('&lt;url&gt;https://example.com/a?b=1&amp;amp;c=2&lt;/url&gt;');
  });

  it('emoticon: <emoji md5 cdnurl len productid>, store stickers flagged', () => {
    const msg = build({ kind: 'emoticon', from: alice.id, md5: 'a'.repeat(32), size: 777 });
    expect(msg).toMatchObject({ MsgType: 47, ImgStatus: 2, HasProductId: 0 });
    expect(msg.Content).toContain(`md5="${'a'.repeat(32)}" len="777" productid=""`);
    expect(msg.Content).toContain('cdnurl="http://emoji.qpic.cn/wx_emoji/');
    expect(build({ kind: 'emoticon', from: alice.id, storeSticker: true }).HasProductId).toBe(1);
  });

  it('card: <msg username nickname …/> plus RecommendInfo with the per-login name', () => {
    const msg = build({ kind: 'card', from: alice.id, card: tom.id });
    expect(msg.MsgType).toBe(42);
    expect(msg.Content).toContain(`username="${tom.id}" nickname="Tom &amp;amp; &amp;quot;Jerry&amp;quot;"`);
    expect(msg.RecommendInfo).toMatchObject({ UserName: userNames.userNameOf(tom.id), NickName: tom.nickName, Scene: 17, Sex: tom.sex });
    expect(build({ kind: 'card', from: alice.id, card: stranger.id }).Content).toContain(`username="${encryptUserNameOf(stranger.id)}"`);
  });

  it('location: MsgType 1, SubMsgType 48, label line, coord Url, unescaped OriContent', () => {
    const msg = build({ kind: 'location', from: alice.id, label: '深圳市 & 南山区', latitude: 22.543096, longitude: 114.057865 });
    expect(msg).toMatchObject({ MsgType: 1, SubMsgType: 48, Url: 'http://apis.map.qq.com/uri/v1/geocoder?coord=22.543096,114.057865' });
    expect(msg.Content).toMatch(/^深圳市 &amp; 南山区:<br\/>\/cgi-bin\/mmwebwx-bin\/webwxgetpubliclinkimg\?url=[0-9a-f]+&msgid=\d{19}&pictype=location$/);
    expect(msg.OriContent).toContain('<location x="22.543096" y="114.057865" scale="16" label="深圳市 &amp; 南山区" maptype="0" poiname="[位置]"');
  });

  it('friend request: from fmessage, RecommendInfo with ticket, doubly escaped greeting', () => {
    const msg = build({ kind: 'friend-request', from: stranger.id, greeting: 'I am "S"', group: group.id });
    expect(msg).toMatchObject({ MsgType: 37, FromUserName: 'fmessage', ToUserName: selfName });
    expect(msg.RecommendInfo).toMatchObject({
      UserName: userNames.userNameOf(stranger.id),
      NickName: stranger.nickName,
      Content: 'I am "S"',
      Ticket: ticketOf(stranger.id),
      Scene: 14,
      OpCode: 2,
    });
    expect(ticketOf(stranger.id)).toMatch(/^v2_[0-9a-f]+@stranger$/);
    expect(msg.Content).toContain('content="I am &amp;quot;S&amp;quot;"');
    expect(msg.Content).toContain(`encryptusername="${encryptUserNameOf(stranger.id)}"`);
    expect(msg.Content).toContain(`chatroomusername="${group.id}"`);
  });

  it('recall: escaped revokemsg with the group prefix, CDATA name with spans, Status 4', () => {
    const msg = build({ kind: 'recall', from: alice.id, group: group.id, recalledId: '7032570294236529159' });
    expect(msg).toMatchObject({ MsgType: 10002, Status: 4, FromUserName: groupName });
    expect(msg.Content).toContain(`${userNames.userNameOf(alice.id)}:<br/>&lt;sysmsg type="revokemsg"&gt;&lt;revokemsg&gt;&lt;session&gt;${group.id}&lt;/session&gt;`);
    expect(msg.Content).toContain('&lt;msgid&gt;7032570294236529159&lt;/msgid&gt;');
    expect(msg.Content).toContain('&lt;![CDATA["Ally <span class="emoji emoji1f639"></span>" 撤回了一条消息]]&gt;');
    const mine = build({ kind: 'recall', from: self.id, to: alice.id, recalledId: '1' });
    expect(mine.Content).toContain('你撤回了一条消息');
    expect(mine.Content).toContain(`&lt;session&gt;${alice.id}&lt;/session&gt;`);
  });

  it('system texts in Chinese and English', () => {
    const zh = (spec: MessageSpec): string => build(spec).Content;
    const sys = (event: Extract<MessageSpec, { kind: 'system' }>['event'], lang: 'zh' | 'en' = 'zh'): string =>
      zh({ kind: 'system', group: group.id, event, lang });
    expect(sys({ type: 'group-invite', inviter: bob.id, invitees: [tom.id, stranger.id] })).toBe(`"Bob"邀请"Tom &amp; "Jerry"、Stranger "S" &amp; co"加入了群聊`);
    expect(sys({ type: 'group-invite', inviter: bob.id, invitees: [tom.id] }, 'en')).toBe('Bob invited Tom &amp; "Jerry" to the group chat');
    expect(sys({ type: 'group-join-qr', joiner: bob.id, sharer: tom.id })).toBe('"Bob"通过扫描"Tom &amp; "Jerry""分享的二维码加入群聊');
    expect(sys({ type: 'group-kick', removed: [bob.id] })).toBe('你将"Bob"移出了群聊');
    expect(sys({ type: 'group-kick', removed: [bob.id] }, 'en')).toBe('You removed "Bob" from the group chat');
    expect(sys({ type: 'group-removed-self', by: bob.id })).toBe('你被"Bob"移出群聊');
    expect(sys({ type: 'group-topic', by: bob.id, topic: 'Weekend' })).toBe('"Bob"修改群名为“Weekend”');
    expect(sys({ type: 'group-topic', by: bob.id, topic: 'Weekend' }, 'en')).toBe('"Bob" changed the group name to "Weekend"');
    const added = build({ kind: 'system', event: { type: 'friend-added', friend: alice.id, byMe: true } });
    expect(added).toMatchObject({ MsgType: 10000, Status: 4, FromUserName: userNames.userNameOf(alice.id), Content: '你已添加了Alice，现在可以开始聊天了。' });
    expect(build({ kind: 'system', event: { type: 'friend-added', friend: alice.id, byMe: true } }, newCtx({ lang: 'en' })).Content).toBe(
      'You have added Alice as your WeChat contact. Start chatting!',
    );
  });

  it('status notify: code 4 lists chats; codes 1/2/5 name one chat', () => {
    const msg = build({ kind: 'status-notify', chats: ['filehelper', group.id, alice.id] });
    expect(msg).toMatchObject({ MsgType: 51, StatusNotifyCode: 4, FromUserName: selfName, ToUserName: selfName });
    expect(msg.StatusNotifyUserName).toBe(`filehelper,${groupName},${userNames.userNameOf(alice.id)}`);
    expect(msg.Content).toContain(`&lt;op id='4'&gt;<br/>&lt;username&gt;filehelper,${group.id},${alice.id}&lt;/username&gt;`);
    const read = build({ kind: 'status-notify', code: 1, chats: [alice.id] });
    expect(read).toMatchObject({ StatusNotifyCode: 1, ToUserName: userNames.userNameOf(alice.id), StatusNotifyUserName: userNames.userNameOf(alice.id), Content: '' });
    expect(build({ kind: 'status-notify' }).StatusNotifyUserName.split(',').length).toBeGreaterThan(2);
  });
});

describe('round trip through parseJson + decodeMessage', () => {
  const aliceName = userNames.userNameOf(alice.id);
  const cases: readonly [string, MessageSpec, (m: WxMessage) => void][] = [
    ['group text', { kind: 'text', from: alice.id, group: group.id, text: 'a < b & "c"\nnext 😂', mentions: [bob.id] }, (m) => {
      expect(m).toMatchObject({ kind: 'text', chat: groupName, from: aliceName, isGroup: true, isSelf: false, text: `@Bob\u2005a < b & "c"\nnext 😂` });
      if (m.kind === 'text') expect(m.mentions).toEqual(['Bob']);
    }],
    ['self text in group', { kind: 'text', from: self.id, group: group.id, text: 'mine' }, (m) => {
      expect(m).toMatchObject({ kind: 'text', chat: groupName, from: selfName, isSelf: true, text: 'mine' });
    }],
    ['private text', { kind: 'text', from: alice.id, text: 'hello' }, (m) => {
      expect(m).toMatchObject({ kind: 'text', chat: aliceName, from: aliceName, isGroup: false, text: 'hello' });
    }],
    ['image', { kind: 'image', from: alice.id, group: group.id, size: 1234, md5: 'f'.repeat(32) }, (m) => {
      expect(m).toMatchObject({ kind: 'image', from: aliceName, chat: groupName, size: 1234, md5: 'f'.repeat(32) });
    }],
    ['voice', { kind: 'voice', from: alice.id, durationMs: 3215 }, (m) => expect(m).toMatchObject({ kind: 'voice', durationMs: 3215 })],
    ['video', { kind: 'video', from: alice.id, durationSec: 7, size: 999 }, (m) => expect(m).toMatchObject({ kind: 'video', durationSec: 7, micro: false, size: 999 })],
    ['micro video', { kind: 'micro-video', from: alice.id }, (m) => expect(m).toMatchObject({ kind: 'video', micro: true })],
    ['file', { kind: 'file', from: alice.id, group: group.id, fileName: 'report 2024.pdf', size: 20480 }, (m) => {
      expect(m).toMatchObject({ kind: 'file', from: aliceName, fileName: 'report 2024.pdf', size: 20480, ext: 'pdf' });
      if (m.kind === 'file') expect(m.mediaId).toMatch(/^@crypt_/);
    }],
    ['link', { kind: 'link', from: alice.id, title: 'News & views', url: 'https://example.com/a?b=1&c=2', description: 'd' }, (m) => {
      expect(m).toMatchObject({ kind: 'link', title: 'News & views', url: 'https://example.com/a?b=1&c=2', description: 'd' });
    }],
    ['emoticon', { kind: 'emoticon', from: alice.id, group: group.id, md5: 'a'.repeat(32) }, (m) => {
      expect(m).toMatchObject({ kind: 'emoticon', md5: 'a'.repeat(32), isStoreSticker: false });
    }],
    ['store sticker', { kind: 'emoticon', from: alice.id, storeSticker: true }, (m) => expect(m).toMatchObject({ kind: 'emoticon', isStoreSticker: true })],
    ['card', { kind: 'card', from: alice.id, card: tom.id }, (m) => {
      expect(m).toMatchObject({ kind: 'card', card: { userName: userNames.userNameOf(tom.id), nickName: 'Tom & "Jerry"' } });
    }],
    ['location', { kind: 'location', from: alice.id, group: group.id, label: '深圳市 & 南山区', latitude: 22.543096, longitude: 114.057865 }, (m) => {
      expect(m).toMatchObject({ kind: 'location', from: aliceName, label: '深圳市 & 南山区', latitude: 22.543096, longitude: 114.057865, poiName: '[位置]' });
    }],
    ['friend request', { kind: 'friend-request', from: stranger.id, greeting: 'I am "S"' }, (m) => {
      expect(m).toMatchObject({
        kind: 'friend-request',
        chat: 'fmessage',
        requester: { userName: userNames.userNameOf(stranger.id), nickName: stranger.nickName },
        ticket: ticketOf(stranger.id),
        scene: 14,
        greeting: 'I am "S"',
      });
    }],
    ['recall', { kind: 'recall', from: alice.id, group: group.id, recalledId: '7032570294236529159' }, (m) => {
      expect(m).toMatchObject({ kind: 'recall', from: aliceName, recalledId: '7032570294236529159', replaceText: '"Ally 😂" 撤回了一条消息', session: group.id });
    }],
    ['system invite', { kind: 'system', group: group.id, event: { type: 'group-invite', inviter: bob.id, invitees: [carol.id, alice.id] } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', chat: groupName, event: { type: 'group-invite', inviter: 'Bob', invitees: ['Carol', 'Ally 😂'] } });
    }],
    ['system invite en', { kind: 'system', group: group.id, lang: 'en', event: { type: 'group-invite', inviter: stranger.id, invitees: [carol.id] } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', event: { type: 'group-invite', inviter: 'Stranger "S" & co', invitees: ['Carol'] } });
    }],
    ['system qr', { kind: 'system', group: group.id, event: { type: 'group-join-qr', joiner: bob.id, sharer: alice.id } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', event: { type: 'group-join-qr', joiner: 'Bob', sharer: 'Ally 😂' } });
    }],
    ['system kick', { kind: 'system', group: group.id, event: { type: 'group-kick', removed: [bob.id] } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', event: { type: 'group-kick', removed: ['Bob'] } });
    }],
    ['system removed self', { kind: 'system', group: group.id, lang: 'en', event: { type: 'group-removed-self', by: bob.id } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', event: { type: 'group-removed-self', by: 'Bob' } });
    }],
    ['system topic', { kind: 'system', group: group.id, event: { type: 'group-topic', by: bob.id, topic: 'Weekend' } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', event: { type: 'group-topic', by: 'Bob', topic: 'Weekend' } });
    }],
    ['system friend added', { kind: 'system', event: { type: 'friend-added', friend: alice.id, byMe: false } }, (m) => {
      expect(m).toMatchObject({ kind: 'system', chat: aliceName, event: { type: 'friend-added', name: 'Alice', byMe: false } });
    }],
    ['status notify', { kind: 'status-notify', chats: ['filehelper', group.id] }, (m) => {
      expect(m).toMatchObject({ kind: 'status-notify', code: 4, chats: ['filehelper', groupName] });
    }],
  ];

  it.each(cases)('%s', (_name, spec, check) => {
    const msg = build(spec);
    const decoded = roundTrip(msg);
    expect(decoded.id).toBe(msg.MsgId);
    expect(decoded.time).toBe(msg.CreateTime * 1000);
    check(decoded);
  });
});
