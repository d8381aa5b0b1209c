import { describe, expect, it } from 'vitest';
import { decodeRawMessage } from '../../../src/model/decode/decode.js';
import type { WxMessage } from '../../../src/model/message.js';
import { BOB, FILE_CONTENT, GROUP, LINK_CONTENT, SELF, TRANSFER_CONTENT, addMsg, fromMember } from './fixtures.js';

const app = (fields: Record<string, unknown>): WxMessage => decodeRawMessage(addMsg({ MsgType: 49, ...fields }), SELF);

/** A minimal escaped app message of one type with extra `<appmsg>` children. */
const appXml = (type: number, inner = ''): string =>
  `&lt;msg&gt;&lt;appmsg appid="" sdkver="0"&gt;&lt;title&gt;T${type}&lt;/title&gt;&lt;des&gt;D&lt;/des&gt;&lt;type&gt;${type}&lt;/type&gt;&lt;url&gt;&lt;/url&gt;${inner}&lt;/appmsg&gt;&lt;appinfo&gt;&lt;appname&gt;Tool&lt;/appname&gt;&lt;/appinfo&gt;&lt;/msg&gt;`;

describe('app messages (MsgType 49)', () => {
  it('decodes a link with its title, description and an unescaped URL', () => {
    const message = app({ AppMsgType: 5, Content: LINK_CONTENT, FileName: 'Tea &amp; cakes: a guide', Url: 'https://example.com/article?id=42&amp;from=wx' });
    expect(message).toMatchObject({
      kind: 'link',
      appType: 5,
      title: 'Tea & cakes: a guide',
      description: 'Ten shops worth a visit',
      url: 'https://example.com/article?id=42&from=wx',
    });
    expect(message.kind === 'link' && message.xml.startsWith('<msg><appmsg')).toBe(true);
  });

  it('decodes a file in a group from the fields, with the XML for the extension', () => {
    const message = app({
      FromUserName: GROUP,
      AppMsgType: 6,
      Content: fromMember(BOB, FILE_CONTENT),
      FileName: 'report-Q3.pdf',
      FileSize: '482113',
      MediaId: '@crypt_0a1b2c3d_4e5f',
      EncryFileName: 'report%2DQ3%2Epdf',
    });
    expect(message).toMatchObject({
      kind: 'file',
      from: BOB,
      isGroup: true,
      fileName: 'report-Q3.pdf',
      size: 482113,
      ext: 'pdf',
      mediaId: '@crypt_0a1b2c3d_4e5f',
    });
    expect(message.kind === 'file' && message.xml.startsWith('<msg><appmsg appid="wx6618f1cfc6c132f8"')).toBe(true);
  });

  it('falls back to the XML for a file whose fields are missing, taking the type from <type>', () => {
    const message = decodeRawMessage({ MsgId: '1', FromUserName: BOB, ToUserName: SELF.userName, MsgType: 49, Content: FILE_CONTENT }, SELF);
    expect(message).toMatchObject({ kind: 'file', appType: 6, fileName: 'report-Q3.pdf', size: 482113, ext: 'pdf', mediaId: '@cdn_3057abcdef_1' });
  });

  it('decodes a transfer with the amount and transfer id from <wcpayinfo>', () => {
    expect(app({ AppMsgType: 2000, Content: TRANSFER_CONTENT })).toMatchObject({
      kind: 'transfer',
      title: '微信转账',
      fee: '￥12.50',
      transferId: '1000050101202311150100000000001',
      url: 'https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/common_page__upgrade&text=text001',
    });
  });

  it.each([
    [2001, 'red-packet'],
    [19, 'chat-history'],
    [17, 'realtime-location'],
    [4, 'link'],
    [1, 'app'],
    [8, 'app'],
    [100001, 'app'],
  ] as const)('maps AppMsgType %i to %s', (type, kind) => {
    expect(app({ AppMsgType: type, Content: appXml(type) })).toMatchObject({ kind, appType: type, title: `T${type}` });
  });

  it('decodes music with its data URL and a mini program with its name', () => {
    const music = app({ AppMsgType: 3, Content: appXml(3, '&lt;dataurl&gt;<br/>  http://music.example/a.m4a?k=1&amp;amp;g=2<br/>&lt;/dataurl&gt;') });
    expect(music).toMatchObject({ kind: 'music', dataUrl: 'http://music.example/a.m4a?k=1&g=2' });
    const mini = app({ AppMsgType: 33, Content: appXml(33, '&lt;sourcedisplayname&gt;Bike Share&lt;/sourcedisplayname&gt;') });
    expect(mini).toMatchObject({ kind: 'mini-program', appName: 'Bike Share' });
    expect(app({ AppMsgType: 36, Content: appXml(36) })).toMatchObject({ kind: 'mini-program', appName: 'Tool' });
  });

  it('decodes a quote with the quoted message id and text', () => {
    const quote = app({
      AppMsgType: 57,
      Content: appXml(57, '&lt;refermsg&gt;&lt;type&gt;1&lt;/type&gt;&lt;svrid&gt;8123456789012345678&lt;/svrid&gt;&lt;content&gt;are we still on?&lt;/content&gt;&lt;/refermsg&gt;'),
    });
    expect(quote).toMatchObject({ kind: 'quote', title: 'T57', quotedId: '8123456789012345678', quotedText: 'are we still on?' });
  });

  it('keeps an app message with broken XML, its fields taken from the message', () => {
    const message = app({ AppMsgType: 5, Content: 'not xml at all', FileName: 'Fallback title', Url: 'https://example.com/x' });
    expect(message).toMatchObject({ kind: 'link', title: 'Fallback title', url: 'https://example.com/x', description: '', xml: '' });
  });
});
