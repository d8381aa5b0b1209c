/**
 * `wechat-rx fleet add-account`: logs an account in here (the QR code in the terminal, as `wechat-rx login` shows it)
 * and hands it to the fleet: its session, sealed, goes to Redis and the poller holding its shard takes it up.
 */
import { concatMap } from 'rxjs';
import type { AddAccountStep } from '../fleet/add-account.js';
import { createFleet, type Fleet } from '../fleet/create-fleet.js';
import type { RedisClient } from '../redis/connect.js';
import { sessionKeyring } from './fleet-keyring.js';
import type { FleetWhereArgs } from './fleet-options.js';
import { connectFleetRedis } from './fleet-redis.js';
import { showTerminalQr } from './qr.js';
import { cancelledExitCode, stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

export interface FleetAddAccountArgs extends FleetWhereArgs {
  readonly server?: string;
  readonly ilink?: boolean;
  readonly account?: string;
}

type Added = Extract<AddAccountStep, { readonly type: 'added' }>;

export async function runFleetAddAccount(args: FleetAddAccountArgs, io: Io = process): Promise<number> {
  const print = new Printer(io, false);
  const keyring = sessionKeyring();
  const protocol = args.ilink === true ? 'ilink' : 'web';
  // Its point is the side effect: a reader that goes away (`| head`) does not cancel it.
  const signal = stopOnSignals(io, { whenOutputCloses: false });
  let redis: RedisClient | undefined;
  let fleet: Fleet | undefined;
  try {
    redis = await connectFleetRedis(args.redis, print);
    // Adding needs Redis and the login only: a worker-role process runs no poller and no bot meanwhile.
    fleet = createFleet({ redis, role: 'worker', ...(args.server === undefined ? {} : { server: args.server }), namespace: args.namespace, shardCount: args.shards, keyring });
    print.line('info', `adding a${protocol === 'ilink' ? 'n iLink bot' : ' Web WeChat account'} to the fleet (namespace ${args.namespace}, ${args.shards} shards)`);
    let added: Added | undefined;
    const steps$ = fleet.addAccount({ protocol, ...(args.account === undefined ? {} : { account: args.account }) }).pipe(
      concatMap(async (step) => {
        if (step.type === 'qr') await showTerminalQr(step.qrUrl, io, print, protocol === 'ilink' ? 'scan the QR code with WeChat to bind the bot' : 'scan the QR code with WeChat on your phone');
        else if (step.type === 'scanned') print.line('info', `scanned: confirm the ${protocol === 'ilink' ? 'binding' : 'login'} on your phone`);
        else if (step.type === 'logged-in') print.line('info', 'logged in: saving the session to the fleet');
        else added = step;
      }),
    );
    const outcome = await untilStopped(steps$, signal);
    if (outcome.type === 'signal') {
      print.hint(`cancelled (${outcome.signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}): no account was added`);
      return cancelledExitCode(outcome.signal);
    }
    if (added !== undefined) print.line('info', addedLine(added), { account: added.account, protocol: added.protocol, shard: added.shard, adopted: added.adopted });
    return 0;
  } finally {
    signal.release();
    await fleet?.close();
    await redis?.close().catch(() => undefined);
  }
}

function addedLine(added: Added): string {
  const taken = added.adopted ? 'the poller holding it took it up' : 'no poller took it up yet: the next one to hold the shard will';
  return `added ${added.account} (${added.protocol}) to shard ${added.shard}; ${taken}`;
}
