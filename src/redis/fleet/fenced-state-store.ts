import type { SessionStore } from '../../session/session-store.js';
import { redisFailure } from '../redis-failure.js';
import type { RedisCommands } from '../commands.js';
import { commitKeys } from './commit-sink.js';
import { fencedWrite } from './fenced-write.js';
import type { Lease } from './lease.js';
import type { SealedState } from './sealed-state.js';

/** What the store needs of Redis beyond scripts: reading the state. */
export interface StateReader extends RedisCommands {
  get(key: string): Promise<string | null>;
}

/**
 * A fleet account's session store: the account's state key (the one its commit sink saves with each batch), sealed,
 * written only while the shard's lease holds (`FencedOutError` otherwise). The shard lease is the lock, so the store
 * has no `lock()` of its own.
 */
export class FencedStateStore<S> implements SessionStore<S> {
  private readonly key: string;

  constructor(
    private readonly redis: StateReader,
    private readonly lease: () => Lease,
    account: string,
    private readonly sealed: SealedState<S>,
  ) {
    this.key = commitKeys(lease(), account).state;
  }

  async load(): Promise<S | undefined> {
    const text = await this.redis.get(this.key).catch((error: unknown) => {
      throw redisFailure('load', this.key, error);
    });
    return text === null ? undefined : this.sealed.open(this.key, text);
  }

  async save(session: S): Promise<void> {
    await fencedWrite(this.redis, this.lease(), [['SET', this.key, this.sealed.seal(this.key, session)]]);
  }

  async clear(): Promise<void> {
    await fencedWrite(this.redis, this.lease(), [['DEL', this.key]]);
  }
}
