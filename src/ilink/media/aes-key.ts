/**
 * Media keys and file keys (docs/ilink-protocol.md §7.3, §7.4). A received `aes_key` comes in two encodings, base64
 * of the 16 key bytes (images) or base64 of the key as 32 hex characters (files, voice, video); both are read, and
 * sending always uses the second, as Tencent's client does. Errors describe a key's shape, never its value.
 */
import { randomBytes } from 'node:crypto';
import { AesKeyError } from '../errors/aes-key-error.js';

/** A source of random bytes (injected so tests can fix it). @default crypto.randomBytes */
export type RandomBytes = (size: number) => Uint8Array;

const KEY_BYTES = 16;
const FILE_KEY_BYTES = 16;
const HEX_KEY = /^[0-9a-fA-F]{32}$/;

/** The key of a received `aes_key`: base64 of 16 raw bytes, or base64 of 32 hex characters. */
export function parseAesKey(encoded: string): Buffer {
  const text = encoded.trim();
  const decoded = Buffer.from(text, 'base64');
  // Node's decoder skips what is not base64; only a text that re-encodes to itself was base64 in the first place.
  if (text === '' || decoded.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) {
    throw new AesKeyError('malformed', `not base64 (${text.length} characters)`);
  }
  if (decoded.length === KEY_BYTES) return decoded;
  const hex = decoded.toString('latin1');
  if (HEX_KEY.test(hex)) return Buffer.from(hex, 'hex');
  throw new AesKeyError('malformed', `base64 of ${decoded.length} bytes, expected ${KEY_BYTES} raw bytes or 32 hex characters`);
}

/** The key of a 32-hex-character key such as an image's `image_item.aeskey`. */
export function aesKeyFromHex(hex: string): Buffer {
  const text = hex.trim();
  if (!HEX_KEY.test(text)) throw new AesKeyError('malformed', `expected 32 hex characters, got ${text.length} characters`);
  return Buffer.from(text, 'hex');
}

/** The `aes_key` of an outgoing media item: base64 of the key as 32 lower-case hex characters. */
export function aesKeyForSend(key: Uint8Array): string {
  if (key.byteLength !== KEY_BYTES) throw new AesKeyError('malformed', `${key.byteLength} bytes, expected ${KEY_BYTES}`);
  return Buffer.from(Buffer.from(key).toString('hex'), 'latin1').toString('base64');
}

/** A fresh media key: 16 random bytes. */
export function newMediaKey(random: RandomBytes = randomBytes): Buffer {
  return Buffer.from(random(KEY_BYTES));
}

/** A fresh `filekey` for `getuploadurl`: 16 random bytes as 32 hex characters. */
export function newFileKey(random: RandomBytes = randomBytes): string {
  return Buffer.from(random(FILE_KEY_BYTES)).toString('hex');
}
