import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** The environment variable `SessionKeyring.fromEnv` takes the current key from: 32 bytes in base64. */
export const SESSION_KEY_ENV = 'WECHAT_RX_SESSION_KEY';
/** The environment variable with the previous keys, read only, base64, separated by commas or spaces. */
export const PREVIOUS_SESSION_KEYS_ENV = 'WECHAT_RX_SESSION_PREVIOUS_KEYS';

/** A key as bytes or as base64 text: 32 bytes either way (AES-256). */
export type SessionKeyInput = string | Uint8Array;

/** Options of a `SessionKeyring`. */
export interface SessionKeyringOptions {
  /** The key every save encrypts with. Make one with `openssl rand -base64 32`. */
  readonly current: SessionKeyInput;
  /** Keys that older records may still be encrypted with: read with, never written with. */
  readonly previous?: readonly SessionKeyInput[];
}

/** A record as the keyring seals it: the id of the key and `iv ‖ tag ‖ ciphertext` in base64. */
export interface SealedText {
  readonly keyId: string;
  readonly data: string;
}

/** Why a sealed record could not be opened. */
export type OpenFailure = 'unknown-key' | 'tampered';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The AES-256-GCM keys that encrypt saved sessions at rest. Each key has an id (16 hex digits derived from the key,
 * so a record names the key that opens it without revealing it); saves always use the current key, loads use
 * whichever key the record names, so rotating is: make the new key current, list the old one as previous, and
 * re-encrypt (`RedisSessionStore.rotate`, or just let the next saves do it) before dropping it. The keys are held in
 * private fields: printing or serialising a keyring shows only the ids.
 */
export class SessionKeyring {
  readonly #keys = new Map<string, Buffer>();
  /** The id of the key saves encrypt with. */
  readonly currentKeyId: string;

  constructor(options: SessionKeyringOptions) {
    const current = toKey(options.current, 'current');
    this.currentKeyId = keyIdOf(current);
    this.#keys.set(this.currentKeyId, current);
    (options.previous ?? []).forEach((input, i) => {
      const key = toKey(input, `previous[${i}]`);
      this.#keys.set(keyIdOf(key), key);
    });
  }

  /**
   * The keyring of `WECHAT_RX_SESSION_KEY` (required) and `WECHAT_RX_SESSION_PREVIOUS_KEYS` (optional). Throws
   * `InvalidArgumentError` naming the variable, never its value, when one is missing or not 32 bytes of base64.
   */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SessionKeyring {
    const current = env[SESSION_KEY_ENV]?.trim();
    if (current === undefined || current === '') {
      throw new InvalidArgumentError(
        'SessionKeyring.fromEnv',
        SESSION_KEY_ENV,
        'is not set: give it 32 random bytes in base64 (openssl rand -base64 32), or pass a keyring',
      );
    }
    const previous = (env[PREVIOUS_SESSION_KEYS_ENV] ?? '').split(/[\s,]+/).filter((key) => key !== '');
    try {
      return new SessionKeyring({ current, previous });
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      const variable = error.argument === 'current' ? SESSION_KEY_ENV : `${PREVIOUS_SESSION_KEYS_ENV} (${error.argument.replace('previous', 'entry ')})`;
      throw new InvalidArgumentError('SessionKeyring.fromEnv', variable, error.reason);
    }
  }

  /** The ids of every key this keyring can open records with, the current one first. */
  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts `plaintext` with the current key, binding `context` (which must be given again to open it). */
  seal(plaintext: string, context: string): SealedText {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#currentKey(), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, data: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64') };
  }

  /** The plaintext of `sealed`, or why it cannot be had: a key this keyring lacks, or data or context changed. */
  open(sealed: SealedText, context: string): { readonly plaintext: string } | { readonly failure: OpenFailure } {
    const key = this.#keys.get(sealed.keyId);
    if (key === undefined) return { failure: 'unknown-key' };
    const bytes = Buffer.from(sealed.data, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return { failure: 'tampered' };
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return { plaintext: Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8') };
    } catch {
      return { failure: 'tampered' };
    }
  }

  #currentKey(): Buffer {
    return this.#keys.get(this.currentKeyId) as Buffer;
  }
}

function toKey(input: SessionKeyInput, argument: string): Buffer {
  const why = 'must be 32 bytes, as bytes or in base64 (openssl rand -base64 32)';
  if (typeof input !== 'string') {
    if (input.byteLength !== KEY_BYTES) throw new InvalidArgumentError('SessionKeyring', argument, why);
    return Buffer.from(input);
  }
  const text = input.trim();
  const key = Buffer.from(text, 'base64');
  if (!BASE64.test(text) || key.length !== KEY_BYTES) throw new InvalidArgumentError('SessionKeyring', argument, why);
  return key;
}

/** 16 hex digits of a labelled SHA-256 of the key: names it without giving anything of it away. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('wechat-rx session key id\0').update(key).digest('hex').slice(0, 16);
}
