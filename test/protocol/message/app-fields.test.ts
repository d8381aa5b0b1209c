import { describe, expect, it } from 'vitest';
import type { RawMessage } from '../../../src/model/raw/shapes.js';
import { decodeMessage } from '../../../src/model/decode/decode.js';

const SELF = { userName: '@me' };
const xml =
  '&lt;msg&gt;&lt;appmsg appid="" sdkver="0"&gt;&lt;title&gt;Quarterly &amp;amp; annual report&lt;/title&gt;&lt;des&gt;Numbers &amp;lt;inside&amp;gt;&lt;/des&gt;' +
  '&lt;type&gt;6&lt;/type&gt;&lt;appattach&gt;&lt;totallen&gt;52345&lt;/totallen&gt;&lt;attachid&gt;@cdn_abc&lt;/attachid&gt;&lt;fileext&gt;pdf&lt;/fileext&gt;&lt;/appattach&gt;&lt;/appmsg&gt;&lt;/msg&gt;';

const withFields: RawMessage = {
  MsgId: '7000000000000000001',
  FromUserName: '@peer',
  ToUserName: '@me',
  MsgType: 49,
  AppMsgType: 6,
  Content: xml,
  CreateTime: 1_700_000_000,
  FileName: 'Quarterly &amp; annual report.pdf',
  FileSize: '52345',
  MediaId: '@cdn_abc',
  Url: '',
};

describe('app messages built from the fields the server copies out of the XML', () => {
  it('read like plain data: description and xml are there for every consumer', () => {
    const message = decodeMessage(withFields, SELF);
    expect(message).toMatchObject({ kind: 'file', fileName: 'Quarterly & annual report.pdf', size: 52_345, ext: 'pdf', mediaId: '@cdn_abc' });
    const copy = { ...message };
    const json = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
    for (const view of [message, copy, json, structuredClone(message)] as Array<Record<string, unknown>>) {
      expect(view.description).toBe('Numbers <inside>');
      expect(view.xml).toContain('<title>Quarterly &amp; annual report</title>');
    }
  });

  it('agree with the full XML path on everything both can see', () => {
    const fast = decodeMessage(withFields, SELF);
    const full = decodeMessage({ ...withFields, FileName: '', FileSize: '', MediaId: '' }, SELF);
    expect(full.kind).toBe('file');
    for (const key of ['kind', 'appType', 'description', 'xml', 'size', 'ext', 'mediaId'] as const) {
      expect((fast as unknown as Record<string, unknown>)[key]).toEqual((full as unknown as Record<string, unknown>)[key]);
    }
  });
});
