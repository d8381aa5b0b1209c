import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeContent, decodeContentText, inflatingStream, STREAM_INFLATE_BYTES } from '../../src/http/content-encoding.js';

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

describe('decodeContentText', () => {
  /** Bytes that compress badly, so the compressed body is longer than STREAM_INFLATE_BYTES. */
  const noisy = Buffer.from(
    Array.from({ length: 30_000 }, (_, i) => `{"NickName":"群友 ${i} 😂 ${((i * 2_654_435_761) >>> 0).toString(36)}${((i * 40_503) >>> 0).toString(16)}"}`).join(','),
  );

  it('inflates a big compressed body as a stream, to the same text, for gzip and both deflates', async () => {
    for (const [coding, bytes] of [
      ['gzip', gzipSync(noisy)],
      ['deflate', deflateSync(noisy)],
      ['deflate', deflateRawSync(noisy)],
    ] as const) {
      expect(bytes.length, coding).toBeGreaterThan(STREAM_INFLATE_BYTES);
      expect(inflatingStream(bytes, coding), coding).toBeDefined();
      expect(await decodeContentText(bytes, coding)).toBe(noisy.toString('utf8'));
    }
  });

  it('decodes small bodies, other codings and stacked codings in one call', async () => {
    expect(inflatingStream(gzipSync(text), 'gzip')).toBeUndefined();
    expect(inflatingStream(gzipSync(deflateSync(noisy)), 'deflate, gzip')).toBeUndefined();
    expect(await decodeContentText(gzipSync(text), 'gzip')).toBe(text.toString('utf8'));
    expect(await decodeContentText(brotliCompressSync(noisy), 'br')).toBe(noisy.toString('utf8'));
    expect(await decodeContentText(noisy, undefined)).toBe(noisy.toString('utf8'));
  });

  it('reads a big gzip body cut short at the end for what it holds, and rejects a corrupt one', async () => {
    const whole = gzipSync(noisy);
    expect(await decodeContentText(whole.subarray(0, whole.length - 8), 'gzip')).toBe(noisy.toString('utf8'));
    const corrupt = Buffer.from(whole);
    corrupt.fill(0x55, corrupt.length >> 1, (corrupt.length >> 1) + 4096);
    await expect(decodeContentText(corrupt, 'gzip')).rejects.toThrow();
  });
});
