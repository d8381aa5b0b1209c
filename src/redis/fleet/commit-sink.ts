import type { CommitBatch, CommitSink } from '../../session/commit-sink.js';
import type { RedisCommands } from '../commands.js';
import { fencedScript, runFenced } from './fenced-write.js';
import type { Lease } from './lease.js';
import { shardKeys } from './shard-keys.js';

/** The keys one account's commits touch, all in its shard's slot. */
export interface CommitKeys {
  /** The shard's event stream: entries `account`, `chat`, `id`, `message` (JSON). */
  readonly events: string;
  /** The ids committed last for the account (a sorted set by commit order, at most `dedupeWindow` of them). */
  readonly ids: string;
  /** The account's client state, as `encodeState` made it. */
  readonly state: string;
}

export function commitKeys(lease: Pick<Lease, 'shard' | 'namespace'>, account: string): CommitKeys {
  const { tag } = shardKeys(lease.shard, lease.namespace);
  return { events: `${tag}:ev`, ids: `${tag}:ids:${account}`, state: `${tag}:state:${account}` };
}

/** What a committed message needs: the model's `id` and `chat`; credential-free (as `WxMessage`s are). */
export interface CommittableMessage {
  readonly id: string;
  readonly chat: string;
}

export interface RedisCommitSinkOptions<TState> {
  /** The holding of the account's shard, read at every commit (a takeover gives a new one). */
  readonly lease: Lease | (() => Lease);
  /**
   * The state as stored: seal its credentials here (e.g. `SessionKeyring.seal`), since the key is kept as given.
   */
  readonly encodeState: (state: TState, account: string) => string;
  /** How many committed ids per account are remembered to drop a re-delivered message. @default 5000 */
  readonly dedupeWindow?: number;
}

/**
 * KEYS: lease, events, ids, state. ARGV: holding, account, state, window, then (id, chat, json) per message.
 * Each id is added to the id set first (NX, scored by commit order); only a new one is appended. Answers the count
 * appended.
 */
const COMMIT = fencedScript(`
local top = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
local seq = tonumber(top[2] or '0')
local appended = 0
for i = 5, #ARGV, 3 do
  if redis.call('ZADD', KEYS[3], 'NX', seq + 1, ARGV[i]) == 1 then
    seq = seq + 1
    redis.call('XADD', KEYS[2], '*', 'account', ARGV[2], 'chat', ARGV[i + 1], 'id', ARGV[i], 'message', ARGV[i + 2])
    appended = appended + 1
  end
end
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[4]) - 1)
redis.call('SET', KEYS[4], ARGV[3])
return appended`);

/** A {@link CommitSink} whose commit also answers how many messages were new (the rest were committed before). */
export interface RedisCommitSink<TMessage, TState> extends CommitSink<TMessage, TState> {
  commitCounted(batch: CommitBatch<TMessage, TState>): Promise<number>;
}

/**
 * The fleet's commit sink: one fenced script per batch drops the messages whose id the account committed recently,
 * appends the rest to the shard's event stream and saves the client state, atomically and only while the lease
 * holds (otherwise `FencedOutError`, nothing written).
 */
export function redisCommitSink<TMessage extends CommittableMessage, TState>(
  redis: RedisCommands,
  options: RedisCommitSinkOptions<TState>,
): RedisCommitSink<TMessage, TState> {
  const window = String(options.dedupeWindow ?? 5000);
  const leaseOf = typeof options.lease === 'function' ? options.lease : () => options.lease as Lease;
  const commitCounted = async ({ account, messages, state }: CommitBatch<TMessage, TState>): Promise<number> => {
    const lease = leaseOf();
    const keys = commitKeys(lease, account);
    const args = [account, options.encodeState(state, account), window];
    for (const message of messages) args.push(message.id, message.chat, JSON.stringify(message));
    return Number(await runFenced(redis, COMMIT, lease, [keys.events, keys.ids, keys.state], args));
  };
  return {
    commitCounted,
    commit: async (batch) => {
      await commitCounted(batch);
    },
  };
}
