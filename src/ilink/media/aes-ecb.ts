/**
 * AES-128-ECB with PKCS#7 padding, the cipher of every iLink CDN object (docs/ilink-protocol.md §7.3, §7.4). ECB
 * has no chaining, so both directions stream in constant memory; the one-shot forms are for small buffers.
 */
import { type Cipher, createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AesKeyError } from '../errors/aes-key-error.js';
import { CdnError } from '../errors/cdn-error.js';

const ALGORITHM = 'aes-128-ecb';
const BLOCK_BYTES = 16;
const KEY_BYTES = 16;

/** The ciphertext length of `plainSize` bytes: PKCS#7 always adds 1–16 bytes (0 → 16, 15 → 16, 16 → 32). */
export function paddedSize(plainSize: number): number {
  return Math.ceil((plainSize + 1) / BLOCK_BYTES) * BLOCK_BYTES;
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== KEY_BYTES) throw new AesKeyError('malformed', `${key.byteLength} bytes, expected ${KEY_BYTES}`);
}

function cipherFor(key: Uint8Array): Cipher {
  checkKey(key);
  return createCipheriv(ALGORITHM, key, null);
}

function decipherFor(key: Uint8Array): Decipher {
  checkKey(key);
  return createDecipheriv(ALGORITHM, key, null);
}

/** A Transform from plaintext to ciphertext (`paddedSize` of the input): node's cipher is a stream itself. */
export function encryptStream(key: Uint8Array): Transform {
  return cipherFor(key);
}

export function encryptBytes(plaintext: Uint8Array, key: Uint8Array): Buffer {
  const cipher = cipherFor(key);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/**
 * Ends a decryption, turning OpenSSL's failures into typed errors: bytes that are not whole blocks cannot be
 * ciphertext (cut short, or never encrypted); whole blocks whose padding comes out wrong mean another key.
 */
function finish(decipher: Decipher, cipherBytes: number): Buffer {
  if (cipherBytes === 0 || cipherBytes % BLOCK_BYTES !== 0) {
    throw new CdnError('download', undefined, `${cipherBytes} bytes are not whole AES blocks: cut short, or not encrypted`);
  }
  try {
    return decipher.final();
  } catch {
    throw new AesKeyError('does-not-decrypt', 'the padding is wrong, so the bytes were encrypted with another key');
  }
}

/**
 * A Transform from ciphertext to plaintext. A wrong key shows at the end as `AesKeyError('does-not-decrypt')` on
 * the stream (the padding check catches it about 255 times in 256; compare the md5 when the message gives one).
 */
export function decryptStream(key: Uint8Array): Transform {
  const decipher = decipherFor(key);
  let cipherBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      cipherBytes += chunk.byteLength;
      callback(null, decipher.update(chunk));
    },
    flush(callback: TransformCallback) {
      try {
        callback(null, finish(decipher, cipherBytes));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

export function decryptBytes(ciphertext: Uint8Array, key: Uint8Array): Buffer {
  const decipher = decipherFor(key);
  return Buffer.concat([decipher.update(ciphertext), finish(decipher, ciphertext.byteLength)]);
}
