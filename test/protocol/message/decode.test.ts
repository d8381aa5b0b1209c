import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DecodeError } from '../../../src/errors/decode-error.js';
import { MsgType } from '../../../src/model/codes.js';
import { parseJson } from '../../../src/web/protocol/json.js';
import { decodeMessage, decodeRawMessage } from '../../../src/model/decode/decode.js';
import { MESSAGE_KINDS, isAppMessage, isFile, isKind, isRecall, isText, kindsOf } from '../../../src/model/kinds.js';
import type { FileMessage, MessageKind, TextMessage, WxMessage } from '../../../src/model/message.js';
import {
  ALICE,
  BOB,
  CARD_CONTENT,
  CUSTOM_EMOJI_CONTENT,
  FRIEND_REQUEST_CONTENT,
  GROUP,
  GROUP_RECALL_CONTENT,
  IMAGE_CONTENT,
  LOCATION_ORI_CONTENT,
  PRETTY_RECALL_CONTENT,
  SELF,
  SELF_NAME,
  STICKER_CONTENT,
  VIDEO_CONTENT,
  VOICE_CONTENT,
  addMsg,
  fromMember,
} from './fixtures.js';

const decode = (fields: Record<string, unknown>): WxMessage => decodeRawMessage(addMsg(fields), SELF);

describe('decodeMessage: the common fields', () => {
  it('keeps the id as the exact string and the time in milliseconds', () => {
    const body = `{"MsgId":"6929942228714508460","FromUserName":"${ALICE}","ToUserName":"${SELF_NAME}","MsgType":1,"Content":"hi","CreateTime":1546215540,"NewMsgId":6929942228714508460}`;
    const message = decodeRawMessage(parseJson(body, 'message'), SELF);
    expect(message).toMatchObject({ id: '6929942228714508460', time: 1_546_215_540_000, to: SELF_NAME, isGroup: false });
    expect(message.raw.NewMsgId).toBe('6929942228714508460');
  });

  it('throws a DecodeError naming "message" for something that is no message', () => {
    expect(() => decodeRawMessage({ MsgId: 1.5, MsgType: 'x' }, SELF)).toThrow(DecodeError);
    try {
      decodeRawMessage(null, SELF);
    } catch (error) {
      expect(error instanceof DecodeError && error.endpoint).toBe('message');
    }
  });
});

describe('decodeRawMessage: a message read with a plain JSON.parse', () => {
  /** A webwxsync element as the server writes it: `MsgId` a string, `NewMsgId` a bare 19-digit number. */
  const wire = (msgId: string, newMsgId: string) =>
    `{"MsgId":${msgId},"FromUserName":"${GROUP}","ToUserName":"${SELF_NAME}","MsgType":1,"Content":"${ALICE}:<br/>hi all","Status":3,"ImgStatus":1,"CreateTime":1546215540,"NewMsgId":${newMsgId}}`;

  it('takes its id from MsgId although NewMsgId was rounded to a double', () => {
    const parsed: unknown = JSON.parse(wire('"8194991329533970381"', '8194991329533970381'));
    expect((parsed as { NewMsgId: number }).NewMsgId).toBe(8194991329533970000);
    const message = decodeRawMessage(parsed, SELF);
    expect(message).toMatchObject({ kind: 'text', id: '8194991329533970381', chat: GROUP, from: ALICE, text: 'hi all' });
    expect(message.raw.MsgId).toBe('8194991329533970381');
    expect(message.raw.NewMsgId).toBe('8194991329533970000');
  });

  it('decodes a MsgId that is a number too: exact when safe, as written when it was rounded', () => {
    expect(decodeRawMessage(JSON.parse(wire('790000000000000', '790000000000000')), SELF).id).toBe('790000000000000');
    expect(decodeRawMessage(JSON.parse(wire('8194991329533970381', '8194991329533970381')), SELF).id).toBe('8194991329533970000');
  });

  it('keeps every digit when read with parseWireJson instead', () => {
    const message = decodeRawMessage(parseJson(wire('"8194991329533970381"', '8194991329533970381')), SELF);
    expect(message.raw.NewMsgId).toBe('8194991329533970381');
  });

  it('still refuses an id that is no integer', () => {
    expect(() => decodeRawMessage(JSON.parse(wire('1.5', '1')), SELF)).toThrow(DecodeError);
    expect(() => decodeRawMessage(JSON.parse(wire('"1"', '1e30')), SELF)).toThrow(DecodeError);
  });
});

describe('decodeMessage: one kind per MsgType', () => {
  it('text: <br/>, entities and emoji in a group message', () => {
    const message = decode({ FromUserName: GROUP, Content: fromMember(ALICE, 'line one<br/>&lt;two&gt; &amp;amp; <span class="emoji emoji1f63c"></span>') });
    expect(message).toMatchObject({ kind: 'text', from: ALICE, text: 'line one\n<two> &amp; 😁', mentions: [], mentionsSelf: false });
  });

  it('image: size, md5 and thumbnail size', () => {
    expect(decode({ MsgType: 3, Content: IMAGE_CONTENT, ImgStatus: 2, ImgWidth: 90, ImgHeight: 120 })).toMatchObject({
      kind: 'image',
      size: 81234,
      md5: '9a8b7c6d5e4f30211203f4e5d6c7b8a9',
      thumbWidth: 90,
      thumbHeight: 120,
    });
  });

  it('image in a group with an opaque @blob instead of XML: still an image, no XML fields', () => {
    const message = decode({ MsgType: 3, FromUserName: GROUP, Content: fromMember(BOB, '@70a713006499022939c7cd2c664d806e') });
    expect(message).toMatchObject({ kind: 'image', from: BOB });
    expect(message).not.toHaveProperty('size');
    expect(message).not.toHaveProperty('md5');
  });

  it('voice: duration from VoiceLength, else from the voicelength attribute', () => {
    expect(decode({ MsgType: 34, Content: VOICE_CONTENT, VoiceLength: 4200 })).toMatchObject({ kind: 'voice', durationMs: 4200 });
    expect(decode({ MsgType: 34, Content: VOICE_CONTENT, VoiceLength: 0 })).toMatchObject({ kind: 'voice', durationMs: 4210 });
  });

  it('video and micro video: duration from PlayLength or playlength, size from length', () => {
    expect(decode({ MsgType: 43, Content: VIDEO_CONTENT, PlayLength: 0 })).toMatchObject({ kind: 'video', durationSec: 7, micro: false, size: 523001 });
    expect(decode({ MsgType: 62, Content: VIDEO_CONTENT, PlayLength: 6 })).toMatchObject({ kind: 'video', durationSec: 6, micro: true });
  });

  it('emoticon: a store sticker by productid, a custom one in a group with its CDN URL', () => {
    expect(decode({ MsgType: 47, Content: STICKER_CONTENT, HasProductId: 1 })).toMatchObject({
      kind: 'emoticon',
      md5: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      cdnUrl: 'http://emoji.qpic.cn/wx_emoji/AbCdEfGh/',
      isStoreSticker: true,
    });
    expect(decode({ MsgType: 47, FromUserName: GROUP, Content: fromMember(BOB, CUSTOM_EMOJI_CONTENT) })).toMatchObject({
      kind: 'emoticon',
      from: BOB,
      cdnUrl: 'http://emoji.qpic.cn/wx_emoji/QwErTy/',
      isStoreSticker: false,
    });
  });

  it('location: MsgType 1 with SubMsgType 48, from OriContent', () => {
    const message = decode({
      SubMsgType: 48,
      Content: '上海市黄浦区人民大道200号:<br/>/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?url=xxx&amp;msgid=7301234567890123456&amp;pictype=location',
      Url: 'http://apis.map.qq.com/uri/v1/geocoder?coord=31.230416,121.473701',
      OriContent: LOCATION_ORI_CONTENT,
    });
    expect(message).toMatchObject({
      kind: 'location',
      label: '上海市黄浦区人民大道200号',
      latitude: 31.230416,
      longitude: 121.473701,
      poiName: '人民广场',
      url: 'http://apis.map.qq.com/uri/v1/geocoder?coord=31.230416,121.473701',
    });
  });

  it('location: without OriContent, the label line and the coord in Url', () => {
    const message = decode({
      SubMsgType: 48,
      FromUserName: GROUP,
      Content: fromMember(ALICE, 'Pier 39:<br/>/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?url=xxx&amp;pictype=location'),
      Url: 'http://apis.map.qq.com/uri/v1/geocoder?coord=37.808,-122.409',
    });
    expect(message).toMatchObject({ kind: 'location', from: ALICE, label: 'Pier 39', latitude: 37.808, longitude: -122.409 });
    expect(message).not.toHaveProperty('poiName');
  });

  it('card: RecommendInfo first, XML attributes (decoded once more) for the rest', () => {
    const message = decode({
      MsgType: 42,
      Content: CARD_CONTENT,
      RecommendInfo: { UserName: '@c4e0000000000000000000000000c4e0', NickName: 'Chen &amp; Co', Sex: 0, Scene: 17, VerifyFlag: 0 },
    });
    expect(message).toMatchObject({
      kind: 'card',
      card: { userName: '@c4e0000000000000000000000000c4e0', alias: 'chenco', province: 'Sichuan', city: 'Chengdu', sex: 2, signature: 'hello <world>' },
    });
    const xmlOnly = decode({ MsgType: 42, Content: CARD_CONTENT });
    expect(xmlOnly).toMatchObject({ kind: 'card', card: { userName: 'v1_0a1b2c3d4e5f@stranger', nickName: 'Chen & Co' } });
  });

  it('friend request: RecommendInfo wins; the XML greeting decodes &amp;quot; to a quote', () => {
    const withInfo = decode({
      MsgType: 37,
      FromUserName: 'fmessage',
      Content: FRIEND_REQUEST_CONTENT,
      RecommendInfo: { UserName: '@d0ra000000000000000000000000d0ra', NickName: 'Dora', Content: 'I am "Dora"', Scene: 14, Ticket: 'v2_fromfield@stranger', Sex: 2 },
    });
    expect(withInfo).toMatchObject({
      kind: 'friend-request',
      chat: 'fmessage',
      requester: { userName: '@d0ra000000000000000000000000d0ra', nickName: 'Dora', sex: 2 },
      ticket: 'v2_fromfield@stranger',
      scene: 14,
      greeting: 'I am "Dora"',
    });
    const xmlOnly = decode({ MsgType: 37, FromUserName: 'fmessage', Content: FRIEND_REQUEST_CONTENT });
    expect(xmlOnly).toMatchObject({
      kind: 'friend-request',
      requester: { userName: 'v1_d0ra0000d0ra@stranger', nickName: 'Dora', province: 'Hubei' },
      ticket: 'v2_d0ra1111d0ra@stranger',
      scene: 14,
      greeting: 'I am "Dora" from the & club',
    });
  });

  it('status notify: the code and the chats named in StatusNotifyUserName', () => {
    const message = decode({ MsgType: 51, FromUserName: SELF_NAME, ToUserName: SELF_NAME, StatusNotifyCode: 4, StatusNotifyUserName: `${ALICE},filehelper,${GROUP},` });
    expect(message).toMatchObject({ kind: 'status-notify', code: 4, chats: [ALICE, 'filehelper', GROUP], isSelf: true });
  });

  it('system: Chinese and English texts with their event', () => {
    expect(decode({ MsgType: 10000, Content: '你已添加了Alice，现在可以开始聊天了。' })).toMatchObject({
      kind: 'system',
      event: { type: 'friend-added', name: 'Alice', byMe: true },
    });
    expect(decode({ MsgType: 10000, FromUserName: GROUP, Content: '"<span class="emoji emoji1f338"></span>Lily" changed the group name to "Hikers"  ' })).toMatchObject({
      kind: 'system',
      text: '"🌸Lily" changed the group name to "Hikers"',
      event: { type: 'group-topic', by: '🌸Lily', topic: 'Hikers', byMe: false },
    });
  });

  it('recall in a group: id, old id, session, and the emoji span in the CDATA decoded', () => {
    const message = decode({ MsgType: 10002, FromUserName: GROUP, Content: GROUP_RECALL_CONTENT, Status: 4 });
    expect(message).toEqual(
      expect.objectContaining({
        kind: 'recall',
        from: BOB,
        recalledId: '6123456789012345678',
        oldMsgId: '1712345678',
        replaceText: '"Bob👻" 撤回了一条消息',
        session: '20001234567@chatroom',
      }),
    );
  });

  it('recall: the pretty-printed <br/> + TAB form and the raw form', () => {
    expect(decode({ MsgType: 10002, Content: PRETTY_RECALL_CONTENT })).toMatchObject({ kind: 'recall', recalledId: '9007199254740993123', session: 'wxid_alice00000001' });
    const raw = '<sysmsg type="revokemsg"><revokemsg><session>wxid_alice00000001</session><oldmsgid>1</oldmsgid><msgid>42</msgid><replacemsg><![CDATA[你撤回了一条消息]]></replacemsg></revokemsg></sysmsg>';
    expect(decode({ MsgType: 10002, Content: raw })).toMatchObject({ kind: 'recall', recalledId: '42', replaceText: '你撤回了一条消息' });
  });

  it('a 10002 that is not a recall notice is unknown, keeping its content', () => {
    const content = '&lt;sysmsg type="paymsg"&gt;&lt;paymsg/&gt;&lt;/sysmsg&gt;';
    expect(decode({ MsgType: 10002, Content: content })).toMatchObject({ kind: 'unknown', msgType: 10002, content });
  });

  it('voip, possible friend and system notice', () => {
    expect(decode({ MsgType: 50 })).toMatchObject({ kind: 'voip', msgType: 50 });
    expect(decode({ MsgType: 53 })).toMatchObject({ kind: 'voip', msgType: 53 });
    expect(decode({ MsgType: 40, RecommendInfo: { UserName: '@e0000000000000000000000000000000', NickName: 'Eve' } })).toMatchObject({
      kind: 'possible-friend',
      person: { userName: '@e0000000000000000000000000000000', nickName: 'Eve' },
    });
    expect(decode({ MsgType: 40 })).not.toHaveProperty('person');
    expect(decode({ MsgType: 9999, Content: 'notice &amp; more' })).toMatchObject({ kind: 'sys-notice', text: 'notice & more' });
  });

  it('an unknown MsgType keeps its number and content', () => {
    expect(decode({ MsgType: 12345, FromUserName: GROUP, Content: fromMember(ALICE, 'mystery') })).toMatchObject({
      kind: 'unknown',
      msgType: 12345,
      content: 'mystery',
      from: ALICE,
    });
  });
});

describe('guards', () => {
  it('narrow by kind for RxJS filter', () => {
    const messages = [decode({ Content: 'a' }), decode({ MsgType: 10002, Content: PRETTY_RECALL_CONTENT }), decode({ MsgType: 49, AppMsgType: 6, FileName: 'f.txt' })];
    const texts = messages.filter(isText);
    expectTypeOf(texts).toEqualTypeOf<TextMessage[]>();
    expect(texts.map((m) => m.text)).toEqual(['a']);
    expect(messages.filter(isRecall)).toHaveLength(1);
    expect(messages.filter(isFile).map((m: FileMessage) => m.fileName)).toEqual(['f.txt']);
    expect(messages.filter(isAppMessage).map((m) => m.appType)).toEqual([6]);
    expect(messages.filter(isKind('image'))).toEqual([]);
  });

  it('list a MsgType for every kind but unknown', () => {
    for (const [kind, types] of Object.entries(MESSAGE_KINDS)) expect(kind === 'unknown' || types.length > 0).toBe(true);
    expect(kindsOf(MsgType.TEXT)).toEqual(['text', 'location']);
    expect(kindsOf(777)).toEqual(['unknown']);
  });
});

describe('decodeMessage on arbitrary content', () => {
  const msgTypes = [...new Set(Object.values(MESSAGE_KINDS).flat()), 0, 777];
  const content = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(IMAGE_CONTENT, CARD_CONTENT, GROUP_RECALL_CONTENT, '<msg>', '&lt;msg&gt;&lt;appmsg&gt;', '<!DOCTYPE x [<!ENTITY a "b">]><msg>&a;</msg>'),
    fc.tuple(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1 }), fc.string()).map(([hex, rest]) => `@${hex}:<br/>${rest}`),
    fc.string().map((s) => `&lt;msg&gt;${s}&lt;/msg&gt;`),
  );

  it('never throws, and yields a kind that MsgType can produce', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...msgTypes),
        content,
        fc.constantFrom(ALICE, GROUP, SELF_NAME),
        fc.constantFrom(0, 48),
        fc.integer({ min: 0, max: 2001 }),
        (msgType, text, from, sub, appType) => {
          const message = decodeMessage(
            { MsgId: '1', FromUserName: from, ToUserName: from === SELF_NAME ? GROUP : SELF_NAME, MsgType: msgType, Content: text, SubMsgType: sub, AppMsgType: appType, OriContent: text },
            SELF,
          );
          const allowed: readonly MessageKind[] = kindsOf(msgType);
          expect(allowed).toContain(message.kind);
          expect(message.id).toBe('1');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
