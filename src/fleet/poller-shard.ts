import { filter, firstValueFrom, lastValueFrom, type Subscription, timeout } from 'rxjs';
import { RunningAccount, type AccountRunContext } from './account-runner.js';
import type { CommandResult } from '../redis/fleet/command-queue.js';
import { type ReceivedCommand, serveCommands } from '../redis/fleet/command-server.js';
import type { ConsumerRedis } from '../redis/fleet/event-consumer.js';
import { type AccountState, describeFailure, type FleetEvent } from './fleet-events.js';
import { LuaScript } from '../redis/commands.js';
import { accountStatesKey, fleetKeys } from '../redis/fleet/fleet-keys.js';
import { FLEET_PROTOCOLS, type FleetClient } from './fleet-protocols.js';
import type { Lease } from '../redis/fleet/lease.js';
import type { StateReader } from '../redis/fleet/fenced-state-store.js';
import { commitKeys } from '../redis/fleet/commit-sink.js';
import { trimEvents } from '../redis/fleet/event-trim.js';

/** The Redis a poller uses: scripts, streams, reads and hashes. node-redis fits. */
export interface PollerRedis extends ConsumerRedis, StateReader {
  hGetAll(key: string): Promise<Record<string, string>>;
  hGet(key: string, field: string): Promise<string | null | undefined>;
}

export interface PollerShardContext extends Omit<AccountRunContext, 'lease' | 'report' | 'closing'> {
  readonly redis: PollerRedis;
  readonly holder: string;
  readonly namespace: string;
  readonly emit: (event: FleetEvent) => void;
  /** How long a send waits for its account to come online (it may be starting after a takeover). @default 30000 */
  readonly onlineWaitMs?: number;
  /**
   * Entries the shard's event stream keeps beyond what consumer groups still need, trimmed every `trimEveryMs`;
   * kept for groups that start later. @default 100000
   */
  readonly retainEvents?: number;
  /** @default 60000 */
  readonly trimEveryMs?: number;
}

/**
 * A shard while this process holds its lease: runs a client for each of its accounts and serves its command
 * stream. `stop()` closes everything and resolves once every client closed (a planned hand-off waits for it).
 */
export class PollerShard {
  private readonly accounts = new Map<string, RunningAccount>();
  private readonly closing = new Set<Promise<void>>();
  private readonly subscriptions: Subscription[] = [];
  private trimTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly context: PollerShardContext,
    readonly lease: Lease,
  ) {}

  /** The accounts whose client is online now. */
  get onlineCount(): number {
    let online = 0;
    for (const running of this.accounts.values()) if (running.online$.value !== undefined) online++;
    return online;
  }

  start(): void {
    const keys = fleetKeys(this.lease.shard, this.lease.namespace);
    this.context.redis.hGetAll(keys.accounts).then(
      (accounts) => {
        for (const [account, protocol] of Object.entries(accounts)) this.adopt(account, protocol);
      },
      (error: unknown) => this.context.emit({ type: 'stream', event: { type: 'redis-error', error: describeFailure(error).message } }),
    );
    this.subscriptions.push(
      serveCommands(this.context.redis, {
        lease: () => this.lease,
        holder: this.context.holder,
        execute: (command) => this.execute(command),
        onRan: (command, outcome) => {
          this.context.metrics?.commandRan(outcome);
          this.context.emit({ type: 'command', id: command.id, account: command.account, command: command.command.type, outcome });
        },
      }).subscribe((event) => {
        if (event.type !== 'handled') this.context.emit({ type: 'stream', event });
      }),
    );
    const stream = commitKeys(this.lease, '').events;
    this.trimTimer = setInterval(() => {
      // Never past an entry a group still needs; a failed trim is tried again next time.
      trimEvents(this.context.redis, stream, { maxLen: this.context.retainEvents ?? 100_000 }).catch(() => 0);
    }, this.context.trimEveryMs ?? 60_000);
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      clearInterval(this.trimTimer);
      for (const subscription of this.subscriptions) subscription.unsubscribe();
      for (const running of this.accounts.values()) {
        running.stop();
        this.report(running.account, running.protocol, 'stopped');
      }
      this.accounts.clear();
    }
    await Promise.all([...this.closing]);
  }

  private adopt(account: string, protocol: string): void {
    if (this.stopped || this.accounts.has(account)) return;
    const known = FLEET_PROTOCOLS.find((name) => name === protocol);
    if (known === undefined) {
      this.report(account, protocol, 'failed', new Error(`the account's protocol is not one the fleet runs`));
      return;
    }
    this.accounts.set(
      account,
      new RunningAccount(account, known, {
        ...this.context,
        lease: () => this.lease,
        report: (state, error) => this.report(account, known, state, error),
        closing: (done) => {
          this.closing.add(done);
          void done.finally(() => this.closing.delete(done));
        },
      }),
    );
  }

  private report(account: string, protocol: string, state: AccountState, error?: unknown): void {
    const described = error === undefined ? undefined : describeFailure(error);
    const event: FleetEvent = { type: 'account', account, protocol, state, ...(described === undefined ? {} : { error: `${described.name}: ${described.message}` }) };
    this.context.emit(event);
    const { shard, token, namespace } = this.lease;
    const record = JSON.stringify({ state, protocol, shard, token, holder: this.context.holder, at: Date.now(), ...(event.error === undefined ? {} : { error: event.error }) });
    // For `fleet status` only: a lost write is corrected by the next change.
    RECORD_STATE.run(this.context.redis, { keys: [accountStatesKey(namespace)], arguments: [account, String(token), record] }).catch(() => undefined);
  }

  private async execute({ account, command }: ReceivedCommand): Promise<CommandResult> {
    if (command.type === 'adopt') {
      const protocol = await this.context.redis.hGet(fleetKeys(this.lease.shard, this.lease.namespace).accounts, account);
      if (protocol === null || protocol === undefined) return failed('UnknownAccountError', `${account} is not an account of shard ${this.lease.shard}`);
      this.adopt(account, protocol);
      return { ok: true, value: null };
    }
    const running = this.accounts.get(account);
    if (running === undefined) return failed('UnknownAccountError', `${account} is not an account of shard ${this.lease.shard}`);
    let client: FleetClient;
    try {
      const waitMs = this.context.onlineWaitMs ?? 30_000;
      client = await firstValueFrom(running.online$.pipe(filter((online): online is FleetClient => online !== undefined), timeout(waitMs)));
    } catch {
      return failed('NotOnlineError', `${account} did not come online in time`);
    }
    try {
      return { ok: true, value: await lastValueFrom(client.send(command.chat, command.text)) };
    } catch (error) {
      const { name, message } = describeFailure(error);
      return failed(name, message);
    }
  }
}

/**
 * KEYS: the states hash. ARGV: account, the writer's fencing token, the record. A record written under a newer
 * holding of the shard is kept: a stopping owner's late `stopped` never hides the new owner's `online`.
 */
const RECORD_STATE = new LuaScript(`
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ok, record = pcall(cjson.decode, current)
  if ok and type(record) == 'table' and tonumber(record.token or 0) > tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`);

function failed(name: string, message: string): CommandResult {
  return { ok: false, error: { name, message } };
}
