/**
 * The CDN's cipher (docs/ilink-protocol.md §7.3–7.4): AES-128-ECB with PKCS#7 padding, from node:crypto, and the two
 * ways a key is written in a message (base64 of the 16 raw bytes, or base64 of their 32 hex characters).
 */
import { createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';

const ALGORITHM = 'aes-128-ecb';

/** The ciphertext size of `rawSize` plaintext bytes: PKCS#7 always adds 1–16 bytes. */
export const paddedSize = (rawSize: number): number => Math.ceil((rawSize + 1) / 16) * 16;

export function encrypt(key: Buffer, plain: Uint8Array): Buffer {
  const cipher = createCipheriv(ALGORITHM, key, null);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export const decipher = (key: Buffer): Decipher => createDecipheriv(ALGORITHM, key, null);

export type KeyEncoding = 'raw' | 'hex';

export function encodeKey(key: Buffer, encoding: KeyEncoding): string {
  return Buffer.from(encoding === 'raw' ? key : key.toString('hex')).toString('base64');
}

/** A key as written in a message, with the encoding used; `undefined` when it is neither form. */
export function decodeKey(text: string): { readonly key: Buffer; readonly encoding: KeyEncoding } | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 16) return { key: bytes, encoding: 'raw' };
  const hex = bytes.toString('latin1');
  if (bytes.length === 32 && /^[0-9a-fA-F]{32}$/.test(hex)) return { key: Buffer.from(hex, 'hex'), encoding: 'hex' };
  return undefined;
}
