import { SessionStoreError } from '../../errors/session-store-error.js';
import { describeSession, type SessionCodec } from '../../session/session-codec.js';
import { readSessionText } from '../../session/session-file.js';
import type { SessionKeyring } from '../session-keyring.js';
import { recordContext, RECORD_VERSION, sealRecord, type SessionRecord } from '../session-record.js';

/**
 * An account's client state as a fleet stores it in its state key: the session record of `RedisSessionStore` (the
 * whole session as JSON, AES-256-GCM, bound to the key and protocol) written as one JSON string, so the commit
 * script can save it with a plain `SET` next to the events of the batch.
 */
export class SealedState<S> {
  constructor(
    private readonly keyring: SessionKeyring,
    private readonly codec: SessionCodec<S>,
  ) {}

  seal(key: string, session: S): string {
    let json: string;
    try {
      json = JSON.stringify(session);
    } catch (error) {
      // The error may describe the values it failed on, so only its kind is kept.
      throw new SessionStoreError('save', `the session cannot be written as JSON (${(error as Error).name})`, { path: key });
    }
    return JSON.stringify(sealRecord(this.keyring, key, this.codec.protocol, json));
  }

  /** The session sealed in `text` (the value of `key`); a `SessionStoreError` that never quotes it otherwise. */
  open(key: string, text: string): S {
    const record = parseRecord(text);
    if (record === undefined) throw new SessionStoreError('load', 'the key does not hold a sealed wechat-rx session', { path: key });
    if (record.v !== RECORD_VERSION) throw new SessionStoreError('load', 'the record has a layout this version of wechat-rx cannot read', { path: key });
    if (record.protocol !== this.codec.protocol) {
      throw new SessionStoreError('load', `the key holds a session of another protocol (this fleet account is ${describeSession(this.codec.protocol)})`, { path: key });
    }
    const opened = this.keyring.open({ keyId: record.kid, data: record.data }, recordContext(key, this.codec.protocol));
    if ('failure' in opened) {
      const reason =
        opened.failure === 'unknown-key'
          ? `the state is encrypted with key ${record.kid}, which the keyring does not have (add it to the previous keys)`
          : 'the state fails authentication: it was changed after it was written, or copied from another key';
      throw new SessionStoreError('load', reason, { path: key });
    }
    const content = readSessionText(opened.plaintext, this.codec);
    if (content.kind !== 'session') throw new SessionStoreError('load', `the state is not ${describeSession(this.codec.protocol)}`, { path: key });
    return content.session;
  }
}

function parseRecord(text: string): SessionRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<Record<keyof SessionRecord, unknown>>;
    const { format, v, protocol, kid, data } = value;
    return typeof format === 'string' && typeof v === 'string' && typeof protocol === 'string' && typeof kid === 'string' && typeof data === 'string'
      ? (value as SessionRecord)
      : undefined;
  } catch {
    return undefined;
  }
}
