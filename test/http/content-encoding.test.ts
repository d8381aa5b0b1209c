import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeContent } from '../../src/http/content-encoding.js';

const text = Buffer.from(`{"AddMsgList":[${Array.from({ length: 200 }, (_, i) => `{"Content":"你好 ${i} 😂"}`).join(',')}]}`);

describe('decodeContent', () => {
  it('returns the bytes as they are without a coding, or with identity', () => {
    expect(decodeContent(text, undefined)).toBe(text);
    expect(decodeContent(text, '')).toBe(text);
    expect(decodeContent(text, 'identity')).toBe(text);
  });

  it('undoes gzip (also named x-gzip) and brotli, whatever the case of the name', () => {
    expect(decodeContent(gzipSync(text), 'gzip')).toEqual(text);
    expect(decodeContent(gzipSync(text), 'X-Gzip')).toEqual(text);
    expect(decodeContent(brotliCompressSync(text), 'br')).toEqual(text);
  });

  it('undoes several codings, the last listed first', () => {
    expect(decodeContent(gzipSync(deflateSync(text)), 'deflate, gzip')).toEqual(text);
  });

  it('reads a gzip body cut short at the end (no trailer) as fetch does, for what it holds', () => {
    const whole = gzipSync(text);
    expect(decodeContent(whole.subarray(0, whole.length - 8), 'gzip')).toEqual(text);
  });

  it('refuses a coding it does not know, and corrupt data', () => {
    expect(() => decodeContent(text, 'compress')).toThrow(/unsupported content-encoding "compress"/);
    expect(() => decodeContent(text, 'gzip')).toThrow();
  });
});
