import { from, lastValueFrom, Observable, type ObservableInput, take } from 'rxjs';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { LuaScript, type RedisCommands } from '../commands.js';
import { AckBatcher } from './ack-batcher.js';
import { ChatQueue } from './chat-queue.js';
import { deadLetterKeyOf, type EventStreamEvent, type StreamEvent } from './event-stream-events.js';
import { readGroupLag } from './event-trim.js';
import { DEFAULT_NAMESPACE, shardKeys } from './shard-keys.js';
import { compareIds, parseEntries, parseRead, type StreamCommands, type StreamEntry } from './stream-replies.js';

/** A client that can also open a second connection, so a blocking read never holds up acks. node-redis fits. */
export interface ConsumerRedis extends StreamCommands, RedisCommands {
  duplicate?(): {
    on(event: 'error', listener: (error: unknown) => void): unknown;
    connect(): Promise<StreamCommands & { destroy(): void }>;
  };
}

export interface ConsumeEventsOptions {
  /** The consumer group: one per application, each sees every event. Created (with the stream) when missing. */
  readonly group: string;
  /** This worker's name in the group; a restarted worker with the same name first replays its own pending entries. */
  readonly consumer: string;
  /** The shards whose event streams (`{wx:n}:ev`) to read… */
  readonly shards?: readonly number[];
  readonly namespace?: string;
  /** …or the stream keys themselves. */
  readonly streamKeys?: readonly string[];
  /**
   * Runs once per delivery; the entry is acknowledged after what it returns completed (or resolved), or at once
   * when it returns nothing.
   */
  readonly handler: (event: StreamEvent) => ObservableInput<unknown> | void;
  /** How many chats run their handlers at once; entries of one chat always run one after another. @default 16 */
  readonly concurrency?: number;
  /** Deliveries of one entry before it goes to the dead-letter stream. @default 5 */
  readonly maxAttempts?: number;
  /** Entries pending this long at another (dead) consumer are claimed and handled here. @default 30000 */
  readonly claimIdleMs?: number;
  /**
   * Claim every entry pending at any consumer once at the start, however short its idle time, before reading new
   * ones: right for a consumer that holds a lease on its streams, which proves the previous holder stopped.
   * @default false
   */
  readonly claimOnStart?: boolean;
  /** The dead-letter stream of a stream key. @default `{wx:n}:ev` → `{wx:n}:dlq`, other keys get `:dlq` appended */
  readonly deadLetter?: (streamKey: string) => string;
  /** Where a new group starts: `0` delivers what the stream already holds, `$` only what comes next. @default '0' */
  readonly startId?: string;
  /** A group lag (entries not yet delivered) at or above this emits `lag`, checked with every claim round. */
  readonly lagAlarm?: number;
  /** Entries per read. @default 100 */
  readonly batchSize?: number;
  /** Longest a read blocks: the bound on how late an unsubscription is noticed without a second connection. @default 1000 */
  readonly blockMs?: number;
  /**
   * A planned stop: when this emits, the consumer reads nothing more, lets every entry it already has finish (and
   * be acknowledged), then completes. What it read but never started stays pending for the next consumer.
   */
  readonly drain$?: Observable<unknown>;
}

/**
 * The worker side of the event stream, cold: subscribing creates the group if missing, replays this consumer's own
 * pending entries, then reads new ones, runs `handler` per entry with per-chat order and acknowledges each after
 * its handler completed (the entries of a stream handled in one turn of the event loop share one XACK, which a
 * chat's next entry does not wait for). A failed handler runs again up to `maxAttempts` deliveries in all; then the
 * entry, with the error's name and message, goes to the dead-letter stream and is acknowledged, in one script.
 * Every `claimIdleMs / 2` it claims entries pending longer than `claimIdleMs` (a dead consumer's), which run before
 * the later entries of their chat still waiting. Per-chat order holds within one consumer: give each stream one
 * consumer (e.g. through a lease) where order across a takeover matters. Errors of Redis never end the stream:
 * they are emitted as `redis-error` and the read is tried again.
 */
export function consumeEvents(redis: ConsumerRedis, options: ConsumeEventsOptions): Observable<EventStreamEvent> {
  const keys = streamKeysOf(options);
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new InvalidArgumentError('consumeEvents', 'maxAttempts', 'must be an integer ≥ 1');
  return new Observable<EventStreamEvent>((subscriber) => {
    const worker = new Worker(redis, options, keys, maxAttempts, (event) => subscriber.next(event));
    const draining = options.drain$?.pipe(take(1)).subscribe(() => worker.drain());
    worker.run().then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      draining?.unsubscribe();
      worker.stop();
    };
  });
}

function streamKeysOf(options: ConsumeEventsOptions): readonly string[] {
  const fromShards = (options.shards ?? []).map((shard) => `${shardKeys(shard, options.namespace ?? DEFAULT_NAMESPACE).tag}:ev`);
  const keys = [...fromShards, ...(options.streamKeys ?? [])];
  if (keys.length === 0) throw new InvalidArgumentError('consumeEvents', 'shards', 'or streamKeys must name at least one stream');
  return keys;
}

/** XADDs the entry's fields plus where it came from and why it failed to the dead-letter stream, and XACKs it. */
const DEAD_LETTER = new LuaScript(`
redis.call('XADD', KEYS[2], '*', 'dead:stream', KEYS[1], 'dead:id', ARGV[2], 'dead:group', ARGV[1], 'dead:attempts', ARGV[3], 'dead:error', ARGV[4], unpack(ARGV, 5))
return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler's error as stored and emitted: name and message only, cut short. */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

class Worker {
  private stopped = false;
  private draining = false;
  private reader: (StreamCommands & { destroy(): void }) | undefined;
  /** Ids enqueued and not finished, so a claim round never enqueues one twice. */
  private readonly known = new Set<string>();
  private readonly queue: ChatQueue;
  private readonly acks: AckBatcher;
  private claimTimer: ReturnType<typeof setInterval> | undefined;
  private claiming = false;

  constructor(
    private readonly redis: ConsumerRedis,
    private readonly options: ConsumeEventsOptions,
    private readonly keys: readonly string[],
    private readonly maxAttempts: number,
    private readonly emit: (event: EventStreamEvent) => void,
  ) {
    this.queue = new ChatQueue(options.concurrency ?? 16, compareIds);
    this.acks = new AckBatcher(redis, options.group, { onError: (error) => this.emit({ type: 'redis-error', error: describeError(error) }) });
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.claimTimer);
    this.reader?.destroy();
    // Sent now, ahead of whatever the owner does next with the connection (closing it, typically).
    this.acks.stop();
  }

  /** Stops reading and claiming; the run ends once the entries already taken finished. */
  drain(): void {
    this.draining = true;
    clearInterval(this.claimTimer);
    // Interrupts a blocking read: what it would have returned stays pending for the next consumer.
    this.reader?.destroy();
  }

  /** Reading is over: stopped, or draining. */
  private get halted(): boolean {
    return this.stopped || this.draining;
  }

  async run(): Promise<void> {
    await this.untilDone(() => this.createGroups());
    if (this.halted) return;
    if (this.redis.duplicate !== undefined) this.reader = await this.untilDone(() => this.connectReader());
    if (this.halted) {
      this.reader?.destroy();
      return;
    }
    await this.untilDone(() => this.replayOwnPending());
    if (this.options.claimOnStart === true) await this.claimRound(0);
    const claimIdleMs = this.options.claimIdleMs ?? 30_000;
    if (!this.halted) this.claimTimer = setInterval(() => void this.claimRound(claimIdleMs), Math.max(claimIdleMs / 2, 10));
    const batch = this.options.batchSize ?? 100;
    while (!this.halted) {
      await this.queue.below(batch * 2);
      if (this.halted) break;
      const reply = await this.untilDone(() =>
        (this.reader ?? this.redis).sendCommand([
          'XREADGROUP', 'GROUP', this.options.group, this.options.consumer, 'COUNT', String(batch),
          'BLOCK', String(this.options.blockMs ?? 1000), 'STREAMS', ...this.keys, ...this.keys.map(() => '>'),
        ]),
      );
      if (this.halted) break;
      for (const [stream, entries] of parseRead(reply)) for (const entry of entries) this.enqueue(stream, entry, 1);
    }
    // A hand-off releases the lease with everything handled acknowledged.
    if (this.draining) {
      await this.queue.below(1);
      await this.acks.idle();
    }
  }

  private connectReader(): Promise<StreamCommands & { destroy(): void }> {
    const reader = this.redis.duplicate!();
    // node-redis throws a connection error nobody listens to (Redis restarting) as an uncaught exception, and that
    // reader never reconnects; the read it fails is reported as a `redis-error` already.
    reader.on('error', () => undefined);
    return reader.connect();
  }

  /** Runs `step` until it succeeds or the worker stops, emitting each failure. */
  private async untilDone<T>(step: () => Promise<T>): Promise<T | undefined> {
    while (!this.halted) {
      try {
        return await step();
      } catch (error) {
        if (this.halted) return undefined;
        this.emit({ type: 'redis-error', error: describeError(error) });
        await sleep(100);
      }
    }
    return undefined;
  }

  private async createGroups(): Promise<void> {
    for (const key of this.keys) {
      try {
        await this.redis.sendCommand(['XGROUP', 'CREATE', key, this.options.group, this.options.startId ?? '0', 'MKSTREAM']);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
      }
    }
  }

  /** This consumer's entries delivered before a restart and never acknowledged, oldest first. */
  private async replayOwnPending(): Promise<void> {
    for (const key of this.keys) {
      let after = '0';
      for (;;) {
        const reply = await this.redis.sendCommand(['XREADGROUP', 'GROUP', this.options.group, this.options.consumer, 'COUNT', '100', 'STREAMS', key, after]);
        const entries = parseRead(reply).get(key) ?? [];
        if (entries.length === 0) break;
        // Read after the replay, which counted as a delivery.
        const deliveries = await this.deliveryCounts(key);
        for (const entry of entries) {
          // Trimmed while pending: nothing left to handle.
          if (Object.keys(entry.fields).length === 0) await this.redis.sendCommand(['XACK', key, this.options.group, entry.id]);
          else this.enqueue(key, entry, deliveries.get(entry.id) ?? 2);
        }
        after = entries[entries.length - 1]!.id;
      }
    }
  }

  /** How often each entry pending at this consumer was delivered. */
  private async deliveryCounts(key: string): Promise<Map<string, number>> {
    const reply = await this.redis.sendCommand(['XPENDING', key, this.options.group, '-', '+', '10000', this.options.consumer]);
    return new Map((reply as Array<[string, string, number, number]>).map(([id, , , count]) => [String(id), Number(count)]));
  }

  private async claimRound(claimIdleMs: number): Promise<void> {
    if (this.claiming || this.stopped) return;
    this.claiming = true;
    try {
      for (const key of this.keys) {
        let cursor = '0-0';
        const claimed: StreamEntry[] = [];
        do {
          const reply = (await this.redis.sendCommand(['XAUTOCLAIM', key, this.options.group, this.options.consumer, String(claimIdleMs), cursor, 'COUNT', '100'])) as [unknown, unknown];
          cursor = String(reply[0]);
          claimed.push(...parseEntries(reply[1]).filter((entry) => !this.known.has(`${key}\0${entry.id}`)));
        } while (cursor !== '0-0' && !this.stopped);
        if (claimed.length === 0 || this.stopped) continue;
        const deliveries = await this.deliveryCounts(key);
        for (const entry of claimed) this.enqueue(key, entry, deliveries.get(entry.id) ?? 2);
        this.emit({ type: 'claimed', stream: key, ids: claimed.map((entry) => entry.id) });
      }
      if (this.options.lagAlarm !== undefined) await this.checkLag(this.options.lagAlarm);
    } catch (error) {
      this.emit({ type: 'redis-error', error: describeError(error) });
    } finally {
      this.claiming = false;
    }
  }

  private async checkLag(threshold: number): Promise<void> {
    for (const key of this.keys) {
      const lag = (await readGroupLag(this.redis, key)).find((group) => group.group === this.options.group)?.lag;
      if (lag !== undefined && lag >= threshold) this.emit({ type: 'lag', stream: key, group: this.options.group, lag });
    }
  }

  private enqueue(stream: string, entry: StreamEntry, attempt: number): void {
    const knownId = `${stream}\0${entry.id}`;
    if (this.known.has(knownId)) return;
    this.known.add(knownId);
    const { account, chat } = entry.fields;
    const chatKey = chat === undefined ? `${stream}\0${entry.id}` : `${stream}\0${account ?? ''}\0${chat}`;
    this.queue.add(chatKey, {
      id: entry.id,
      run: () => this.handle(stream, entry, attempt, () => this.known.delete(knownId)),
    });
  }

  /** One entry to its end here: `settled` once nothing more will happen to it, so a claim round may take it again. */
  private async handle(stream: string, entry: StreamEntry, firstAttempt: number, settled: () => void): Promise<void> {
    if (!(await this.attempts(stream, entry, firstAttempt, settled))) settled();
  }

  /**
   * Asks for the acknowledgement of a handled entry. The chat goes on with its next entry at once: order is the
   * handlers', and waiting for each XACK (an fsync with `appendfsync always`) would hold a chat's later entries for as
   * many round trips. A failed XACK is sent again until answered (each failure a `redis-error`), so a Redis restart
   * does not make a handled entry run again; it stays pending only if the worker stops first, for a claim round.
   */
  private acknowledge(stream: string, id: string, attempt: number, settled: () => void): void {
    this.acks.ack(stream, id).then(
      () => {
        this.emit({ type: 'handled', stream, id, attempt });
        settled();
      },
      settled,
    );
  }

  /**
   * Runs the handler until it succeeds (its acknowledgement asked for at once, `settled` told once answered: true),
   * the entry is dead-lettered, or the worker stops (false).
   */
  private async attempts(stream: string, entry: StreamEntry, firstAttempt: number, settled: () => void): Promise<boolean> {
    const { group } = this.options;
    for (let attempt = firstAttempt; !this.stopped; attempt++) {
      const event: StreamEvent = { stream, id: entry.id, account: entry.fields.account, chat: entry.fields.chat, fields: entry.fields, attempt };
      let failure: string | undefined;
      try {
        const outcome = this.options.handler(event);
        // An async handler's promise awaited as it is: through `from` it cost ~160 ns more an entry.
        if (outcome instanceof Promise) await outcome;
        else if (outcome !== undefined) await lastValueFrom(from(outcome), { defaultValue: undefined });
      } catch (error) {
        failure = describeError(error);
      }
      if (failure === undefined) {
        this.acknowledge(stream, entry.id, attempt, settled);
        return true;
      }
      // Left pending when Redis fails here: a claim round delivers it again.
      try {
        if (attempt >= this.maxAttempts) {
          const deadLetterKey = (this.options.deadLetter ?? deadLetterKeyOf)(stream);
          const fields = Object.entries(entry.fields).flat();
          await DEAD_LETTER.run(this.redis, { keys: [stream, deadLetterKey], arguments: [group, entry.id, String(attempt), failure, ...fields] });
          this.emit({ type: 'dead-lettered', stream, id: entry.id, attempt, error: failure, deadLetterKey });
          return false;
        }
      } catch (error) {
        this.emit({ type: 'redis-error', error: describeError(error) });
        return false;
      }
      this.emit({ type: 'retried', stream, id: entry.id, attempt, error: failure });
    }
    return false;
  }
}
