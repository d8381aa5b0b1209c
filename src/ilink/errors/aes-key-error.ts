import { guardFor } from '../../errors/guard-for.js';
import { WeChatError } from '../../errors/wechat-error.js';

/**
 * What is wrong with a media key: `malformed` (neither base64 of 16 bytes nor base64 of 32 hex characters, or hex
 * of another length) or `does-not-decrypt` (the padding came out wrong: not the key the bytes were encrypted with).
 */
export type AesKeyProblem = 'malformed' | 'does-not-decrypt';

/**
 * A media AES key that cannot be used (docs/ilink-protocol.md §7.4). `does-not-decrypt` is what the "same file sent
 * twice" case looks like (§13): the CDN kept the first upload while the message carries a new key; nothing recovers
 * it. The message describes the key's shape only, never its value.
 */
export class AesKeyError extends WeChatError {
  override name = 'AesKeyError';

  constructor(
    readonly problem: AesKeyProblem,
    readonly reason: string,
  ) {
    super(`media AES key ${problem === 'malformed' ? 'refused' : 'does not decrypt the media'}: ${reason}`);
  }
}

/** Whether `value` is a `AesKeyError`, also from another copy of the library. */
export const isAesKeyError = guardFor(AesKeyError, 'AesKeyError');
