import { SESSION_FORMAT, type SessionProtocol } from '../session/session-codec.js';
import type { SealedText, SessionKeyring } from './session-keyring.js';

/** The version of the record layout below. */
export const RECORD_VERSION = '1';

/**
 * A session as a Redis hash: `format` (`wechat-rx/session`), `v`, `protocol` and `kid` in the clear, so tools can
 * tell what a key holds and which key opens it without decrypting; `data`, the whole session as JSON, encrypted.
 */
export interface SessionRecord {
  readonly format: typeof SESSION_FORMAT;
  readonly v: typeof RECORD_VERSION;
  readonly protocol: SessionProtocol;
  readonly kid: string;
  readonly data: string;
}

/**
 * What the ciphertext is bound to besides the key: the record's Redis key and protocol. A record copied to another
 * account's key, or relabelled as another protocol, fails to open.
 */
export function recordContext(recordKey: string, protocol: SessionProtocol): string {
  return `${SESSION_FORMAT}\0${RECORD_VERSION}\0${protocol}\0${recordKey}`;
}

/** `json` encrypted with the keyring's current key into the fields of a record. */
export function sealRecord(keyring: SessionKeyring, recordKey: string, protocol: SessionProtocol, json: string): SessionRecord {
  const sealed: SealedText = keyring.seal(json, recordContext(recordKey, protocol));
  return { format: SESSION_FORMAT, v: RECORD_VERSION, protocol, kid: sealed.keyId, data: sealed.data };
}

/** The record's variable fields as script arguments, in the order `writeRecordLua` reads them. */
export function recordArguments(record: SessionRecord): string[] {
  return [record.protocol, record.kid, record.data];
}

/** The Lua lines that write a record from `ARGV[first]` (protocol), `ARGV[first+1]` (kid), `ARGV[first+2]` (data). */
export function writeRecordLua(first: number): string {
  return (
    `redis.call('DEL', KEYS[1]) ` +
    `redis.call('HSET', KEYS[1], 'format', '${SESSION_FORMAT}', 'v', '${RECORD_VERSION}', ` +
    `'protocol', ARGV[${first}], 'kid', ARGV[${first + 1}], 'data', ARGV[${first + 2}])`
  );
}
