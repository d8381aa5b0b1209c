import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesKeyError, isAesKeyError } from '../../src/ilink/errors/aes-key-error.js';
import { isCdnError } from '../../src/ilink/errors/cdn-error.js';
import { decryptBytes, decryptStream, encryptBytes, encryptStream, paddedSize } from '../../src/ilink/media/aes-ecb.js';

/** `bytes` fed through `transform` in pieces of the given sizes (the rest in one piece). */
async function throughInPieces(transform: NodeJS.ReadWriteStream, bytes: Uint8Array, pieces: readonly number[]): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const size of pieces) {
    if (at >= bytes.length) break;
    parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < bytes.length) parts.push(bytes.subarray(at));
  return buffer(Readable.from(parts, { objectMode: false }).pipe(transform));
}

/** The same cipher computed another way: PKCS#7 padding by hand, then raw ECB blocks with node's padding off. */
function referenceEncrypt(plain: Uint8Array, key: Uint8Array): Buffer {
  const pad = 16 - (plain.length % 16);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

const key16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const lengths = fc.oneof(fc.constantFrom(0, 1, 15, 16, 17, 31, 32, 33, 4095, 4096, 4097), fc.nat({ max: 70_000 }));
const plaintext = lengths.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
const pieces = fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 8 });

describe('paddedSize', () => {
  it('is the PKCS#7 ciphertext length: 0 → 16, 15 → 16, 16 → 32, 17 → 32', () => {
    expect([0, 1, 15, 16, 17, 31, 32, 3008].map(paddedSize)).toEqual([16, 16, 16, 32, 32, 32, 48, 3024]);
  });
});

describe('AES-128-ECB with PKCS#7', () => {
  it('matches the FIPS SP 800-38A ECB-AES128 vector in its first block', () => {
    const key = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
    const block = Buffer.from('6bc1bee22e409f96e93d7e117393172a', 'hex');
    const sealed = encryptBytes(block, key);
    expect(sealed.length).toBe(32);
    expect(sealed.subarray(0, 16).toString('hex')).toBe('3ad77bb40d7a3660a89ecaf32466ef97');
    // The second block is a whole block of padding (sixteen 0x10 bytes), encrypted with the same key.
    expect(sealed.subarray(16).toString('hex')).toBe(referenceEncrypt(Buffer.alloc(0), key).toString('hex'));
  });

  it('decrypts what it encrypts, at every length, with ciphertext of paddedSize, equal to manual padding', () => {
    fc.assert(
      fc.property(plaintext, key16, (plain, key) => {
        const sealed = encryptBytes(plain, key);
        expect(sealed.length).toBe(paddedSize(plain.length));
        expect(sealed.equals(referenceEncrypt(plain, key))).toBe(true);
        expect(decryptBytes(sealed, key).equals(plain)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('streams the same bytes as the one-shot form, however the input is cut', async () => {
    await fc.assert(
      fc.asyncProperty(plaintext, key16, pieces, pieces, async (plain, key, cutPlain, cutSealed) => {
        const sealed = await throughInPieces(encryptStream(key), plain, cutPlain);
        expect(sealed.equals(encryptBytes(plain, key))).toBe(true);
        const opened = await throughInPieces(decryptStream(key), sealed, cutSealed);
        expect(opened.equals(plain)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('reports a wrong key as AesKeyError does-not-decrypt, as a stream error and from the one-shot form', async () => {
    const key = Buffer.alloc(16, 1);
    const other = Buffer.alloc(16, 2);
    const sealed = encryptBytes(Buffer.from('the same file sent twice'), key);
    // With these keys the last block's padding comes out wrong (checked by the assertion, not assumed).
    const plainNode = createDecipheriv('aes-128-ecb', other, null);
    plainNode.update(sealed);
    expect(() => plainNode.final()).toThrow();
    expect(() => decryptBytes(sealed, other)).toThrow(AesKeyError);
    const error = await throughInPieces(decryptStream(other), sealed, [7]).catch((caught: unknown) => caught);
    expect(isAesKeyError(error) && error.problem).toBe('does-not-decrypt');
  });

  it('reports bytes that are not whole blocks (cut short, or never encrypted) as CdnError', async () => {
    const key = Buffer.alloc(16, 3);
    const sealed = encryptBytes(Buffer.alloc(40, 9), key);
    for (const bytes of [sealed.subarray(0, 40), Buffer.alloc(0)]) {
      const error = await throughInPieces(decryptStream(key), bytes, []).catch((caught: unknown) => caught);
      expect(isCdnError(error) && error.reason).toMatch(/not whole AES blocks/);
      expect(() => decryptBytes(bytes, key)).toThrow(/not whole AES blocks/);
    }
  });

  it('refuses a key that is not 16 bytes with AesKeyError, in every form', () => {
    const short = Buffer.alloc(15);
    for (const use of [() => encryptStream(short), () => decryptStream(short), () => encryptBytes(Buffer.alloc(1), short), () => decryptBytes(Buffer.alloc(16), short)]) {
      expect(use).toThrow(AesKeyError);
    }
  });
});
