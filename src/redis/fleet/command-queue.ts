import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { LuaScript, type RedisCommands } from '../commands.js';
import { FleetCommandError, FleetCommandTimeoutError } from '../fleet-errors.js';
import { fleetKeys, replyChannel, shardOfAccount } from './fleet-keys.js';

/** What runs at the account's owner: a text to send, or taking up an account that was just added. */
export type FleetCommand = { readonly type: 'send'; readonly chat: string; readonly text: string } | { readonly type: 'adopt' };

/** A command's outcome as the owner stores and publishes it. */
export type CommandResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

/** How long a command's id mark and result are kept: a repeated send within it runs no second time. */
export const COMMAND_MEMORY_SECONDS = 86_400;
/** The command stream keeps about this many entries (owners acknowledge; this bounds an ownerless shard). */
const COMMAND_STREAM_CAP = 100_000;

/**
 * KEYS: mark, stream, result. ARGV: the entry's fields. A command that already has a result answers it; one that is
 * queued (its id marked) is not queued again; otherwise it is marked and appended, atomically.
 */
const ENQUEUE = new LuaScript(`
local done = redis.call('GET', KEYS[3])
if done then return {'done', done} end
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ${COMMAND_MEMORY_SECONDS}) then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ${COMMAND_STREAM_CAP}, '*', unpack(ARGV))
  return {'queued'}
end
return {'pending'}`);

/** The Redis a command caller needs: scripts, reading a result, and a second connection to hear results on. */
export interface CommandRedis extends RedisCommands {
  get(key: string): Promise<string | null>;
  duplicate(): { on(event: 'error', listener: (error: unknown) => void): unknown; connect(): Promise<CommandSubscriber> };
}

export interface CommandSubscriber {
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy(): void;
}

export interface CommandQueueOptions {
  readonly namespace: string;
  readonly shardCount: number;
  /** This process's name: results come back on its channel. */
  readonly holder: string;
  /** How long a caller waits for a result. */
  readonly timeoutMs: number;
  /** How often a waiting caller also reads the stored result, in case a published one was missed. @default 1000 */
  readonly pollMs?: number;
}

/**
 * The caller's side of the command stream: `run` queues a command on the account's shard and emits its result when
 * the owner published it. A repeated id runs once: its stored result answers the repeat.
 */
export class CommandQueue {
  private subscriber: Promise<CommandSubscriber> | undefined;
  private readonly waiting = new Map<string, (result: CommandResult) => void>();

  constructor(
    private readonly redis: CommandRedis,
    private readonly options: CommandQueueOptions,
  ) {}

  /** Cold: subscribing queues the command; the result (or a `FleetCommandError`) follows. Unsubscribing stops the wait only. */
  run(account: string, command: FleetCommand, id: string = randomUUID()): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      const keys = fleetKeys(shardOfAccount(account, this.options.shardCount), this.options.namespace);
      let settled = false;
      const settle = (result: CommandResult) => {
        if (settled) return;
        settled = true;
        cleanup();
        if (result.ok) {
          subscriber.next(result.value);
          subscriber.complete();
        } else subscriber.error(new FleetCommandError(account, id, result.error.name, result.error.message));
      };
      const poll = setInterval(() => void this.readResult(keys.commandResult(id)).then((result) => result && settle(result), () => undefined), this.options.pollMs ?? 1000);
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        cleanup();
        subscriber.error(new FleetCommandTimeoutError(account, id, this.options.timeoutMs));
      }, this.options.timeoutMs);
      const cleanup = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiting.delete(id);
      };
      this.waiting.set(id, settle);
      const fields = ['id', id, 'account', account, 'replyTo', replyChannel(this.options.namespace, this.options.holder), ...commandFields(command)];
      this.listening()
        .then(() => ENQUEUE.run(this.redis, { keys: [keys.commandMark(id), keys.commands, keys.commandResult(id)], arguments: fields }))
        .then((answer) => {
          const [state, stored] = answer as [string, string?];
          if (state === 'done' && stored !== undefined) settle(parseResult(stored));
        })
        .catch((error: unknown) => {
          if (settled) return;
          settled = true;
          cleanup();
          subscriber.error(error);
        });
      return cleanup;
    });
  }

  /** Stops hearing results; waiting callers time out. */
  close(): void {
    void this.subscriber?.then((connection) => connection.destroy(), () => undefined);
    this.subscriber = undefined;
  }

  private listening(): Promise<CommandSubscriber> {
    this.subscriber ??= this.connectSubscriber().then(async (connection) => {
        await connection.subscribe(replyChannel(this.options.namespace, this.options.holder), (message) => this.heard(message));
        return connection;
      });
    const pending = this.subscriber;
    // A failed connection is tried again by the next command.
    pending.catch(() => {
      if (this.subscriber === pending) this.subscriber = undefined;
    });
    return pending;
  }

  private connectSubscriber(): Promise<CommandSubscriber> {
    const connection = this.redis.duplicate();
    // node-redis reconnects by itself; its errors meanwhile are no one's to handle, and a missed result is read back.
    connection.on('error', () => undefined);
    return connection.connect();
  }

  private heard(message: string): void {
    const split = message.indexOf('\n');
    if (split < 0) return;
    this.waiting.get(message.slice(0, split))?.(parseResult(message.slice(split + 1)));
  }

  private async readResult(key: string): Promise<CommandResult | undefined> {
    const stored = await this.redis.get(key);
    return stored === null ? undefined : parseResult(stored);
  }
}

function commandFields(command: FleetCommand): string[] {
  return command.type === 'send' ? ['type', 'send', 'chat', command.chat, 'text', command.text] : ['type', command.type];
}

export function parseResult(text: string): CommandResult {
  try {
    const value = JSON.parse(text) as CommandResult;
    if (typeof value === 'object' && value !== null && typeof value.ok === 'boolean') return value;
  } catch {
    // falls through: an unreadable result is reported as such
  }
  return { ok: false, error: { name: 'FleetCommandError', message: 'the stored result is unreadable' } };
}
