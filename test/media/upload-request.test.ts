import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../src/web/media/chunker.js';
import type { Hosts } from '../../src/web/protocol/hosts.js';
import type { WxRequest } from '../../src/http/request.js';
import type { SessionContext } from '../../src/web/protocol/endpoints/context.js';
import { type UploadFile, uploadMediaRequests, webwxuploadmedia } from '../../src/web/protocol/endpoints/media.js';

const hosts: Hosts = { login: 'https://login.wx2.qq.com', main: 'https://wx2.qq.com', push: 'https://webpush.wx2.qq.com', file: 'https://file.wx2.qq.com', qr: 'https://login.weixin.qq.com' };
const s: SessionContext = {
  hosts,
  env: { now: () => 1_546_214_741_416, random: () => 0.5 },
  credentials: { uin: 2450346660, sid: 'ab+/cd', skey: '@crypt_x', passTicket: 'a%2Bb', deviceId: 'e123456789012345' },
};

/** One chunk's request, as the streaming upload builds it. */
const chunkRequest = (ctx: SessionContext, file: UploadFile, index: number, data: Uint8Array) => webwxuploadmedia.request(ctx, { file, index, data });

describe('webwxuploadmedia, one chunk at a time', () => {
  for (const size of [1000, CHUNK_SIZE, 2 * CHUNK_SIZE + 7]) {
    it(`builds the same requests as uploadMediaRequests for ${size} bytes, one chunk at a time`, () => {
      const data = new Uint8Array(size).map((_, i) => i % 251);
      const common = { fileName: '季度 report.pdf', mimeType: 'application/pdf', from: '@me', to: 'filehelper', fileMd5: 'abc', dataTicket: 'ticket', clientMediaId: 42, lastModifiedDate: 'Tue Jul 14 2009 13:32:31 GMT+0800 (CST)' };
      const whole = uploadMediaRequests(s, { ...common, data });
      const chunked = whole.map((_, i) => chunkRequest(s, { ...common, size }, i, data.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)));
      // Bytes compared by digest: a deep equal over megabytes of typed arrays takes seconds.
      const digest = (requests: readonly WxRequest[]) =>
        requests.map((r) => ({
          ...r,
          form: r.form?.map(([name, value]) => [name, typeof value === 'string' ? value : { ...value, data: createHash('sha1').update(value.data).digest('hex') }]),
        }));
      expect(digest(chunked)).toEqual(digest(whole));
    });
  }

  it('takes the size-based timeout unless the context configures one', () => {
    const input = { fileName: 'a.png', mimeType: 'image/png', size: 10, from: '@me', to: '@you', fileMd5: '0', dataTicket: 't', clientMediaId: 1, lastModifiedDate: 'x', timeoutMs: 1234 };
    expect(chunkRequest(s, input, 0, new Uint8Array(10)).timeoutMs).toBe(1234);
    expect(chunkRequest({ ...s, timeouts: { webwxuploadmedia: 99 } }, input, 0, new Uint8Array(10)).timeoutMs).toBe(99);
    const form = chunkRequest(s, input, 0, new Uint8Array(10)).form ?? [];
    expect(form.find(([name]) => name === 'mediatype')?.[1]).toBe('pic');
  });

  it('refuses to build without the webwx_data_ticket cookie', () => {
    const input = { fileName: 'a.png', mimeType: 'image/png', size: 10, from: '@me', to: '@you', fileMd5: '0', dataTicket: '', clientMediaId: 1, lastModifiedDate: 'x' };
    expect(() => chunkRequest(s, input, 0, new Uint8Array(10))).toThrow(/webwx_data_ticket/);
  });
});
