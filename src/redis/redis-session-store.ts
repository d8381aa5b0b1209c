import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { SessionLockedError } from '../errors/session-locked-error.js';
import { SessionStoreError } from '../errors/session-store-error.js';
import { describeSession, SESSION_FORMAT, sessionProtocolOf, type SessionCodec } from '../session/session-codec.js';
import { readSessionText } from '../session/session-file.js';
import type { SessionStore } from '../session/session-store.js';
import { LuaScript, type RedisCommands } from './commands.js';
import { redisFailure } from './redis-failure.js';
import { SessionKeyring } from './session-keyring.js';
import { heldBy, leaseLost, SessionLease, type RedisSessionLock } from './session-lease.js';
import { recordArguments, recordContext, RECORD_VERSION, sealRecord, writeRecordLua } from './session-record.js';

/** Options of a `RedisSessionStore`. */
export interface RedisSessionStoreOptions<S> {
  /**
   * The Redis key of the session (one per account, e.g. `wx:session:alice`); its lease is `<key>:lease`. On a Redis
   * Cluster give it a hash tag (`{wx:alice}:session`) so both keys live in one slot.
   */
  readonly key: string;
  /** Which protocol's sessions the key holds: `webSessionCodec` from `wechat-rx`, `ilinkSessionCodec` from `wechat-rx/ilink`. */
  readonly codec: SessionCodec<S>;
  /** The encryption keys; default `SessionKeyring.fromEnv()` (`WECHAT_RX_SESSION_KEY`). Share one among stores. */
  readonly keyring?: SessionKeyring;
  /**
   * How long a lease lasts without renewal, in ms (default 10 000). The holder renews it every fifth of this and
   * stops writing when it could not confirm it for 0.7 of it; another process can take it over once it expired.
   */
  readonly leaseMs?: number;
}

const DEFAULT_LEASE_MS = 10_000;
const ROTATE_ATTEMPTS = 5;

type Operation = 'load' | 'save' | 'clear';

/**
 * The checks every write makes first, atomically with it. KEYS: record, lease; ARGV[1]: the writer's lease value
 * ('' for none), ARGV[2]: its protocol. A lease held by someone else, or a lease this writer held and lost, refuses
 * the write; so does a key that is not a wechat-rx session of this protocol (never destroyed).
 */
const GUARD = `
local holder = redis.call('GET', KEYS[2])
if holder then
  if holder ~= ARGV[1] then return {'held', holder} end
elseif ARGV[1] ~= '' then return {'lost'} end
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'none' then
  if kind ~= 'hash' then return {'foreign', kind} end
  local marks = redis.call('HMGET', KEYS[1], 'format', 'protocol')
  if marks[1] ~= '${SESSION_FORMAT}' then return {'foreign', 'hash'} end
  if marks[2] ~= ARGV[2] then return {'other-protocol', marks[2]} end
end
`;
const SAVE = new LuaScript(`${GUARD} ${writeRecordLua(2)} return {'ok'}`);
const CLEAR = new LuaScript(`${GUARD} redis.call('DEL', KEYS[1]) return {'ok'}`);
/** Re-encrypts only if the record still holds the data that was read (a save meanwhile wins). */
const REPLACE_DATA = new LuaScript(`
if redis.call('HGET', KEYS[1], 'data') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'kid', ARGV[2], 'data', ARGV[3])
return 1`);

/**
 * Keeps one account's session, of any protocol (the codec's), in Redis, so every process of a fleet can resume it:
 *
 * - **Encrypted at rest.** The session is one hash: `format`, `v`, `protocol` and `kid` (the key id) in the clear,
 *   `data` the whole session as JSON sealed with AES-256-GCM, bound to the key name and protocol. A record that was
 *   changed, moved to another key, or sealed with a key the keyring lacks fails to load with a `SessionStoreError`
 *   that says which, never quoting anything of it. Saves use the keyring's current key; `rotate()` re-seals an
 *   older record.
 * - **Atomic writes.** A save or clear is one Lua script: checks, then the write.
 * - **Single owner, as a lease.** `lock()` sets `<key>:lease` (`SET NX PX`) to the holder's pid, host, start time
 *   and a random token, renews it in the background, and releases it by compare-and-delete, so only its holder
 *   frees it. While another process holds the lease, or after this store's lease was lost, every save and clear is
 *   refused inside Redis (`SessionLockedError` naming the holder, or `SessionStoreError`): a process paused past
 *   its lease cannot overwrite the new holder's session. A lost lease also aborts the lock's `signal`.
 * - **Never destroys a key it did not write**: a key holding anything but a wechat-rx session of this protocol is
 *   refused, like the file store refuses a foreign file.
 *
 * Operations of one store run one after another in call order. Errors name the key, never the Redis URL or data.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createClient as createWeChat, webSessionCodec } from 'wechat-rx';
 * import { RedisSessionStore } from 'wechat-rx/redis';
 *
 * const redis = await createClient({ url: 'redis://localhost:6379' }).connect();
 * const store = new RedisSessionStore(redis, { key: 'wx:session:alice', codec: webSessionCodec }); // WECHAT_RX_SESSION_KEY
 * const client = createWeChat({ store });
 * ```
 */
export class RedisSessionStore<S> implements SessionStore<S> {
  /** The Redis key of the session record. */
  readonly key: string;
  /** The Redis key of its lease. */
  readonly leaseKey: string;
  private readonly codec: SessionCodec<S>;
  private readonly keyring: SessionKeyring;
  private readonly leaseMs: number;
  private lease: SessionLease | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: RedisCommands,
    options: RedisSessionStoreOptions<S>,
  ) {
    if (typeof options.key !== 'string' || options.key === '') throw new InvalidArgumentError('RedisSessionStore', 'key', 'must be a non-empty string');
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(this.leaseMs > 0 && Number.isFinite(this.leaseMs))) throw new InvalidArgumentError('RedisSessionStore', 'leaseMs', 'must be a positive number of ms');
    this.key = options.key;
    this.leaseKey = `${options.key}:lease`;
    this.codec = options.codec;
    this.keyring = options.keyring ?? SessionKeyring.fromEnv();
  }

  load(): Promise<S | undefined> {
    return this.enqueue('load', async () => {
      const json = await this.readJson('load');
      if (json === undefined) return undefined;
      const content = readSessionText(json, this.codec);
      if (content.kind === 'session') return content.session;
      const why = content.kind === 'other' ? content.why : `it holds ${describeSession(content.protocol)}`;
      throw new SessionStoreError('load', `the session in the key is not ${this.kept()}: ${why}`, { path: this.key });
    });
  }

  save(session: S): Promise<void> {
    let json: string;
    try {
      json = JSON.stringify(session);
    } catch (error) {
      // The error may describe the values it failed on, so only its kind is kept.
      return Promise.reject(new SessionStoreError('save', `the session cannot be written as JSON (${(error as Error).name})`, { path: this.key }));
    }
    const record = sealRecord(this.keyring, this.key, this.codec.protocol, json);
    return this.enqueue('save', () => this.write('save', SAVE, recordArguments(record)));
  }

  clear(): Promise<void> {
    return this.enqueue('clear', () => this.write('clear', CLEAR, [this.codec.protocol]));
  }

  /**
   * Takes the session's lease (see the class description); rejects with `SessionLockedError` naming the holder
   * while another holding has it, this store's own included. The writes of this store are fenced by the lease from
   * then on, until it is released.
   */
  async lock(): Promise<RedisSessionLock> {
    const lease = await SessionLease.acquire(this.redis, this.leaseKey, this.key, this.leaseMs);
    this.lease = lease;
    return {
      signal: lease.signal,
      release: async () => {
        await lease.release();
        if (this.lease === lease) this.lease = undefined;
      },
    };
  }

  /**
   * Re-seals the record with the keyring's current key if an older key sealed it; resolves whether it did. Run it
   * for idle accounts after a key change (active ones re-seal on their next save), then retire the old key. Changes
   * nothing but the encryption, so it needs no lease: a save that lands meanwhile wins.
   */
  rotate(): Promise<boolean> {
    return this.enqueue('save', async () => {
      for (let attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
        const fields = await this.readRecord('save');
        if (fields === undefined || fields.kid === this.keyring.currentKeyId) return false;
        const json = this.openRecord('save', fields);
        const record = sealRecord(this.keyring, this.key, this.codec.protocol, json);
        const replaced = await REPLACE_DATA.run(this.redis, { keys: [this.key], arguments: [fields.data, record.kid, record.data] });
        if (replaced === 1) return true;
      }
      throw new SessionStoreError('save', 'the record kept changing while it was re-encrypted', { path: this.key });
    });
  }

  /** Runs a guarded write script with this store's fence, then `args` (the protocol first); maps refusals to errors. */
  private async write(operation: Exclude<Operation, 'load'>, script: LuaScript, args: string[]): Promise<void> {
    const lease = this.lease;
    if (lease?.signal.aborted === true) throw lease.signal.reason instanceof SessionLockedError ? lease.signal.reason : leaseLost(operation, this.key);
    const fence = lease?.valid === true ? lease.value : '';
    const answer = (await script.run(this.redis, { keys: [this.key, this.leaseKey], arguments: [fence, ...args] })) as unknown[];
    const [status, detail] = answer;
    if (status === 'ok') return;
    if (status === 'held') {
      const error = heldBy(detail, this.key);
      lease?.lose(error);
      throw error;
    }
    if (status === 'lost') {
      const error = leaseLost(operation, this.key);
      lease?.lose(error);
      throw error;
    }
    const verb = operation === 'save' ? 'replace' : 'delete';
    const what = status === 'other-protocol' && typeof detail === 'string' && detail !== '' ? this.otherProtocol(detail) : `a key that is not a wechat-rx session (a Redis ${typeof detail === 'string' ? detail : 'value'})`;
    throw new SessionStoreError(operation, `will not ${verb} ${what}; use another key`, { path: this.key });
  }

  /** The decrypted JSON of the record, or `undefined` when there is none. */
  private async readJson(operation: 'load' | 'save'): Promise<string | undefined> {
    const fields = await this.readRecord(operation);
    return fields === undefined ? undefined : this.openRecord(operation, fields);
  }

  /** The record's fields, checked to be a wechat-rx session record of this protocol. */
  private async readRecord(operation: 'load' | 'save'): Promise<{ readonly kid: string; readonly data: string } | undefined> {
    const fields = await this.redis.hGetAll(this.key);
    if (Object.keys(fields).length === 0) return undefined;
    const { format, v, protocol, kid, data } = fields;
    if (format !== SESSION_FORMAT || kid === undefined || data === undefined) {
      throw new SessionStoreError(operation, 'the key does not hold a wechat-rx session record', { path: this.key });
    }
    if (v !== RECORD_VERSION) throw new SessionStoreError(operation, 'the record has a layout this version of wechat-rx cannot read', { path: this.key });
    if (protocol !== this.codec.protocol) throw new SessionStoreError(operation, `the key holds ${this.otherProtocol(protocol ?? '')}: give each protocol a key of its own`, { path: this.key });
    return { kid, data };
  }

  private openRecord(operation: 'load' | 'save', fields: { readonly kid: string; readonly data: string }): string {
    const opened = this.keyring.open({ keyId: fields.kid, data: fields.data }, recordContext(this.key, this.codec.protocol));
    if ('plaintext' in opened) return opened.plaintext;
    const reason =
      opened.failure === 'unknown-key'
        ? `the record is encrypted with key ${fields.kid}, which the keyring does not have (add it to the previous keys)`
        : 'the record fails authentication: it was changed after it was written, or copied from another key';
    throw new SessionStoreError(operation, reason, { path: this.key });
  }

  private otherProtocol(protocol: string): string {
    const known = sessionProtocolOf(protocol);
    return `${known === undefined ? 'a session of another protocol' : describeSession(known)} (this store is for ${this.kept()})`;
  }

  /** `a Web WeChat session`, for this store's protocol. */
  private kept(): string {
    return describeSession(this.codec.protocol);
  }

  private enqueue<T>(operation: Operation, work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work).catch((error: unknown) => {
      throw redisFailure(operation, this.key, error);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
