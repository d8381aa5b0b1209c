import { randomUUID } from 'node:crypto';
import { catchError, concat, defer, from, lastValueFrom, map, mergeMap, type Observable, of, tap, timeout } from 'rxjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MemorySessionStore } from '../session/memory-session-store.js';
import { LuaScript, type RedisCommands } from '../redis/commands.js';
import { AccountExistsError } from '../redis/fleet-errors.js';
import type { CommandQueue } from '../redis/fleet/command-queue.js';
import { commitKeys } from '../redis/fleet/commit-sink.js';
import { ACCOUNT_ID, fleetKeys, shardOfAccount } from '../redis/fleet/fleet-keys.js';
import { SealedState } from '../redis/fleet/sealed-state.js';
import type { SessionKeyring } from '../redis/session-keyring.js';
import { DRIVERS, type FleetClientOptions, type FleetLoginStep, type FleetProtocol } from './fleet-protocols.js';

/** Options of `fleet.addAccount`. */
export interface AddAccountOptions {
  /** @default 'web' */
  readonly protocol?: FleetProtocol;
  /**
   * The account's name in the fleet (letters, digits and `._@:-`): what `send` and `fleet status` call it.
   * @default the bot id for iLink; `web-` and 8 random hex digits for the Web (its user name changes per login)
   */
  readonly account?: string;
}

/** A step of adding an account: its login steps, then `added` once it is in Redis for a poller to run. */
export type AddAccountStep =
  | FleetLoginStep
  | {
      readonly type: 'added';
      readonly account: string;
      readonly protocol: FleetProtocol;
      readonly shard: number;
      /** Whether a poller took it up at once; otherwise the next poller to hold its shard does. */
      readonly adopted: boolean;
    };

export interface AddAccountContext {
  readonly redis: RedisCommands;
  readonly namespace: string;
  readonly shardCount: number;
  readonly server: string | undefined;
  readonly keyring: SessionKeyring;
  readonly clientOptions: FleetClientOptions;
  readonly commands: CommandQueue;
  /** How long to wait for a poller to take up the new account before reporting `adopted: false`. */
  readonly adoptWaitMs: number;
}

/** KEYS: accounts hash, state. ARGV: account, protocol, sealed state. Registers a new account with its state, or answers 0. */
const REGISTER = new LuaScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
return 1`);

/**
 * Cold: logs an account in here (its QR steps are emitted), seals the session into the account's state key, adds
 * the account to its shard and asks the shard's owner to start polling it. The login client never polls a batch:
 * its commits wait until it is closed, so the first messages after the login reach the fleet's event stream through
 * the owner, none is lost here.
 */
export function addAccount(context: AddAccountContext, options: AddAccountOptions = {}): Observable<AddAccountStep> {
  checkAddAccount(options);
  const protocol = options.protocol ?? 'web';
  const driver = DRIVERS[protocol];
  return defer(() => {
    if (options.account !== undefined) return from(ensureNew(context, options.account)).pipe(mergeMap(() => login()));
    return login();
  });

  function login(): Observable<AddAccountStep> {
    const store = new MemorySessionStore<unknown>();
    // Holds the first batch until the client is closed, then refuses it: the owner polls it again from this state.
    const held: Array<() => void> = [];
    const holdBatches = { commit: () => new Promise<void>((_, refuse) => held.push(() => refuse(new InvalidArgumentError('addAccount', 'login', 'closed')))) };
    const client = driver.connect({ server: context.server, store, sink: holdBatches, options: context.clientOptions });
    let account: string | undefined;
    return concat(
      client.login$.pipe(
        tap((step) => {
          if (step.type === 'logged-in') account = options.account ?? idFrom(protocol, step.suggestedId);
        }),
      ),
      defer(async () => {
        const session = await store.load();
        for (const refuse of held.splice(0)) refuse();
        await lastValueFrom(client.close(), { defaultValue: undefined });
        if (session === undefined || account === undefined) throw new InvalidArgumentError('addAccount', 'login', 'ended without a session to keep');
        return { account, shard: await register(context, protocol, account, session) };
      }).pipe(
        mergeMap(({ account: added, shard }) =>
          adopted(context, added).pipe(map((taken): AddAccountStep => ({ type: 'added', account: added, protocol, shard, adopted: taken }))),
        ),
      ),
    );
  }
}

/** Throws `InvalidArgumentError` for options `addAccount` cannot take. */
export function checkAddAccount(options: AddAccountOptions): void {
  if (options.protocol !== undefined && !Object.hasOwn(DRIVERS, options.protocol)) {
    throw new InvalidArgumentError('addAccount', 'protocol', `must be one of ${Object.keys(DRIVERS).join(', ')}`);
  }
  if (options.account !== undefined && !ACCOUNT_ID.test(options.account)) throw new InvalidArgumentError('addAccount', 'account', 'must be 1 to 128 letters, digits or ._@:-');
}

async function ensureNew(context: AddAccountContext, account: string): Promise<void> {
  const keys = fleetKeys(shardOfAccount(account, context.shardCount), context.namespace);
  const existing = (await context.redis.hGetAll(keys.accounts))[account];
  if (existing !== undefined) throw new AccountExistsError(account);
}

function idFrom(protocol: FleetProtocol, suggested: string | undefined): string {
  if (suggested !== undefined && ACCOUNT_ID.test(suggested)) return suggested;
  return `${protocol}-${randomUUID().slice(0, 8)}`;
}

async function register(context: AddAccountContext, protocol: FleetProtocol, account: string, session: unknown): Promise<number> {
  const shard = shardOfAccount(account, context.shardCount);
  const stateKey = commitKeys({ shard, namespace: context.namespace }, account).state;
  const sealed = new SealedState(context.keyring, DRIVERS[protocol].codec).seal(stateKey, session);
  const added = await REGISTER.run(context.redis, { keys: [fleetKeys(shard, context.namespace).accounts, stateKey], arguments: [account, protocol, sealed] });
  if (Number(added) !== 1) throw new AccountExistsError(account);
  return shard;
}

/** Asks the shard's owner to start the account; `false` when none answered in time (the next holder starts it). */
function adopted(context: AddAccountContext, account: string): Observable<boolean> {
  return context.commands.run(account, { type: 'adopt' }).pipe(
    map(() => true),
    timeout(context.adoptWaitMs),
    catchError(() => of(false)),
  );
}
