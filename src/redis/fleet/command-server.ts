import type { Observable } from 'rxjs';
import { isFencedOutError } from '../fenced-out-error.js';
import { COMMAND_MEMORY_SECONDS, type CommandResult, type FleetCommand, parseResult } from './command-queue.js';
import { type ConsumerRedis, consumeEvents } from './event-consumer.js';
import type { EventStreamEvent, StreamEvent } from './event-stream-events.js';
import { fencedScript, runFenced } from './fenced-write.js';
import { fleetKeys } from './fleet-keys.js';
import type { Lease } from './lease.js';

/** The consumer group of the owners on a command stream. */
const OWNER_GROUP = 'owner';

/** KEYS: lease, result. ARGV: holding, result, channel, id. Stores the result and publishes it, while the lease holds. */
const RECORD = fencedScript(`
redis.call('SET', KEYS[2], ARGV[2], 'EX', ${COMMAND_MEMORY_SECONDS})
redis.call('PUBLISH', ARGV[3], ARGV[4] .. '\\n' .. ARGV[2])
return 1`);

/** A command as the owner reads it from the stream. */
export interface ReceivedCommand {
  readonly id: string;
  readonly account: string;
  readonly command: FleetCommand;
}

export interface ServeCommandsOptions {
  readonly lease: () => Lease;
  readonly holder: string;
  /** Runs the command; a failure to report belongs in the result, a rejection counts as a failed delivery. */
  readonly execute: (command: ReceivedCommand) => Promise<CommandResult>;
  /** Told of each command run or answered from its stored result. */
  readonly onRan: (command: ReceivedCommand, outcome: 'ok' | 'failed' | 'duplicate') => void;
  /** Commands of different chats run at once, up to this many; one chat's run in order. @default 16 */
  readonly concurrency?: number;
}

/**
 * The owner's side of a shard's command stream, cold, for as long as it holds the shard: takes over what the
 * previous owner left pending, runs each command once (a stored result is sent again instead), and records and
 * publishes the result in one fenced script. A command that lost the lease while running is left pending for the
 * next owner, which runs it again unless its result was recorded: a send in flight during a takeover may go twice.
 */
export function serveCommands(redis: ConsumerRedis & { get(key: string): Promise<string | null> }, options: ServeCommandsOptions): Observable<EventStreamEvent> {
  const lease = options.lease();
  const keys = fleetKeys(lease.shard, lease.namespace);
  const handle = async (event: StreamEvent): Promise<void> => {
    const command = commandOf(event);
    if (command === undefined) return; // not a command: acknowledged and dropped
    const resultKey = keys.commandResult(command.id);
    const stored = await redis.get(resultKey);
    const result = stored === null ? await options.execute(command) : parseResult(stored);
    try {
      await runFenced(redis, RECORD, options.lease(), [resultKey], [JSON.stringify(result), event.fields.replyTo ?? '', command.id]);
    } catch (error) {
      // Fenced out: leave the entry pending (never acknowledge it) for the next owner.
      if (isFencedOutError(error)) return new Promise<void>(() => undefined);
      throw error;
    }
    options.onRan(command, stored !== null ? 'duplicate' : result.ok ? 'ok' : 'failed');
  };
  return consumeEvents(redis, {
    streamKeys: [keys.commands],
    group: OWNER_GROUP,
    consumer: options.holder,
    claimOnStart: true,
    maxAttempts: 3,
    concurrency: options.concurrency ?? 16,
    handler: handle,
  });
}

function commandOf(event: StreamEvent): ReceivedCommand | undefined {
  const { id, account, type, chat, text } = event.fields;
  if (id === undefined || account === undefined) return undefined;
  if (type === 'send' && chat !== undefined && text !== undefined) return { id, account, command: { type, chat, text } };
  if (type === 'adopt') return { id, account, command: { type } };
  return undefined;
}
