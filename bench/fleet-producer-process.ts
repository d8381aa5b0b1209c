/**
 * The synthetic producer of the fleet benchmark's bus phase: commits batches through `redisCommitSink` (from
 * `dist/`) as pollers do, without any protocol client, so the figures are those of the bus alone. It holds the
 * lease of every shard of its namespace (acquired once, with a TTL longer than the phase) and commits `events`
 * messages (ids from `firstId` on) in batches of `batch` for `accounts` accounts in turn, `concurrency` batches at a time, each message a
 * copy of `template` (a message a poller committed in the fleet phase) with its own id, chat and text; the state
 * saved with each batch is a short string (a cursor). With `rate` > 0 it paces itself to that many events a second.
 * Answers `done` with the count appended, the epoch ms of the first commit's start and of the last's end, and CPU.
 */
import { built } from './built.js';
import { childConfig, cpuMicros, emit, serveCommands } from './fleet-child.js';
import { epochMs } from './procs.js';

interface ProducerConfig {
  readonly redisUrl: string;
  readonly namespace: string;
  readonly shardCount: number;
  readonly accounts: number;
  readonly chatsPerAccount: number;
  readonly batch: number;
  readonly concurrency: number;
  readonly events: number;
  /** The first message id: a second run on the same accounts starts past the first, or dedupe drops it all. */
  readonly firstId: number;
  readonly rate: number;
  readonly template: Readonly<Record<string, unknown>>;
}

const { acquireLease, connectRedis, redisCommitSink, releaseLease, shardOfAccount } = await built<typeof import('../src/fleet/index.js')>('fleet/index.js');
const config = childConfig<ProducerConfig>();
const redis = await connectRedis(config.redisUrl);

const leases = await Promise.all(
  Array.from({ length: config.shardCount }, async (_, shard) => {
    const result = await acquireLease(redis, { shard, namespace: config.namespace, holder: 'bench-producer', ttlMs: 600_000 });
    if (!result.acquired) throw new Error(`shard ${shard} of ${config.namespace} is held by ${result.holder}`);
    return result.lease;
  }),
);
type Message = { readonly id: string; readonly chat: string };
const sinks = leases.map((lease) => redisCommitSink<Message, string>(redis, { lease, encodeState: (state) => state }));
const accounts = Array.from({ length: config.accounts }, (_, i) => {
  const account = `tp-${i}`;
  return { account, sink: sinks[shardOfAccount(account, config.shardCount)]! };
});

let issued = 0;
let appended = 0;
const startEpoch = epochMs();
const started = performance.now();
const cpuBefore = cpuMicros();

async function commitLoop(): Promise<void> {
  while (issued < config.events) {
    const first = issued;
    const size = Math.min(config.batch, config.events - first);
    issued += size;
    if (config.rate > 0) {
      const dueMs = (first / config.rate) * 1000 - (performance.now() - started);
      if (dueMs > 0) await new Promise((resolve) => setTimeout(resolve, dueMs));
    }
    const { account, sink } = accounts[Math.floor(first / config.batch) % accounts.length]!;
    const messages = Array.from({ length: size }, (_, k) => {
      const seq = config.firstId + first + k;
      const chat = `chat-${seq % config.chatsPerAccount}`;
      return { ...config.template, id: String(seq), chat, from: chat, text: `tp ${seq}` };
    });
    const added = await sink.commitCounted({ account, messages, state: `cursor-${first}` });
    appended += added;
  }
}

await Promise.all(Array.from({ length: config.concurrency }, () => commitLoop()));
emit({ type: 'done', appended, startEpoch, endEpoch: epochMs(), cpuUs: cpuMicros() - cpuBefore });

serveCommands(
  () => undefined,
  async () => {
    await Promise.all(leases.map((lease) => releaseLease(redis, lease)));
    await redis.close();
  },
);
