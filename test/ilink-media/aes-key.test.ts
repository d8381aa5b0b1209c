import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesKeyError, isAesKeyError } from '../../src/ilink/errors/aes-key-error.js';
import { aesKeyForSend, aesKeyFromHex, newFileKey, newMediaKey, parseAesKey } from '../../src/ilink/media/aes-key.js';
import { cdnDownloadUrl, cdnUploadUrl } from '../../src/ilink/media/cdn-urls.js';

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** The error `use` throws. */
function thrown(use: () => unknown): unknown {
  try {
    use();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('media keys', () => {
  it('reads both encodings of aes_key: base64 of the 16 bytes and base64 of the 32 hex characters', () => {
    expect(parseAesKey(KEY.toString('base64'))).toEqual(KEY);
    expect(parseAesKey(Buffer.from('00112233445566778899aabbccddeeff').toString('base64'))).toEqual(KEY);
    expect(parseAesKey(Buffer.from('00112233445566778899AABBCCDDEEFF').toString('base64'))).toEqual(KEY);
    expect(parseAesKey(` ${KEY.toString('base64').replace(/=+$/, '')}\n`)).toEqual(KEY);
  });

  it('writes base64 of the hex text, which reads back as the same key, for any key', () => {
    expect(aesKeyForSend(KEY)).toBe('MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmY=');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (key) => {
        expect(parseAesKey(aesKeyForSend(key))).toEqual(Buffer.from(key));
        expect(parseAesKey(Buffer.from(key).toString('base64'))).toEqual(Buffer.from(key));
      }),
    );
  });

  it('reads the 32 hex characters of an image key', () => {
    expect(aesKeyFromHex('00112233445566778899AABBCCDDEEFF')).toEqual(KEY);
    expect(() => aesKeyFromHex('0011')).toThrow(AesKeyError);
    expect(() => aesKeyFromHex('zz112233445566778899aabbccddeeff')).toThrow(AesKeyError);
  });

  it('refuses what is neither encoding, describing its shape without quoting it', () => {
    const secretLooking = 'c2VjcmV0LWtleS1vZi0yNC1ieXRlcyEh'; // base64 of 24 bytes
    const hexOf15 = Buffer.from('00112233445566778899aabbccddee').toString('base64');
    const notHex = Buffer.from('g0112233445566778899aabbccddeeff').toString('base64');
    for (const bad of [secretLooking, hexOf15, notHex, 'not base64 at all!', '', KEY.toString('hex')]) {
      const error = thrown(() => parseAesKey(bad));
      expect(isAesKeyError(error) && error.problem).toBe('malformed');
      if (bad !== '') expect(inspect(error, { depth: 4 })).not.toContain(bad);
    }
    expect((thrown(() => parseAesKey(secretLooking)) as Error).message).toMatch(/base64 of 24 bytes, expected 16 raw bytes or 32 hex characters/);
    expect(() => aesKeyForSend(Buffer.alloc(15))).toThrow(AesKeyError);
  });

  it('makes fresh media keys and file keys from the injected random source', () => {
    const asked: number[] = [];
    const random = (size: number) => {
      asked.push(size);
      return Uint8Array.from({ length: size }, (_, i) => 0xf0 + i);
    };
    expect(newMediaKey(random)).toEqual(Buffer.from(Array.from({ length: 16 }, (_, i) => 0xf0 + i)));
    expect(newFileKey(random)).toBe('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    expect(asked).toEqual([16, 16]);
    expect(newMediaKey()).not.toEqual(newMediaKey());
    expect(newFileKey()).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('CDN URLs', () => {
  it('URL-encodes the upload parameter and the file key below the CDN base path', () => {
    expect(cdnUploadUrl('https://novac2c.cdn.weixin.qq.com/c2c', 'a+b/c=', 'f0f1')).toBe(
      'https://novac2c.cdn.weixin.qq.com/c2c/upload?encrypted_query_param=a%2Bb%2Fc%3D&filekey=f0f1',
    );
    expect(cdnDownloadUrl('http://127.0.0.1:9/c2c/', 'x+y/z==')).toBe('http://127.0.0.1:9/c2c/download?encrypted_query_param=x%2By%2Fz%3D%3D');
  });
});
