/**
 * `wechat-rx fleet`: runs one process of a fleet of accounts on Redis (fleet-run.ts); `fleet add-account` logs an
 * account in and hands it to the fleet (fleet-add-account.ts); `fleet status` shows the fleet (fleet-status.ts).
 * What they run is loaded only when one of them runs: the fleet brings prom-client, 30 ms of start-up (measured)
 * that the other commands do not pay.
 */
import { type Command, Option } from 'commander';
import type { FleetRole } from '../fleet/create-fleet.js';
import { cliCommand, USAGE_EXIT_CODE } from './command.js';
import { UsageError } from './errors.js';
import type { FleetAddAccountArgs } from './fleet-add-account.js';
import { accountName, checkRedisUrl, groupOption, withFleetOptions } from './fleet-options.js';
import type { FleetRunArgs } from './fleet-run.js';
import type { FleetStatusArgs } from './fleet-status.js';
import { integerBetween, serverUrl } from './option-values.js';
import type { Io } from './terminal.js';

const ROLES: readonly FleetRole[] = ['poller', 'worker', 'both'];

/** Options as commander hands them over: the required ones are checked in the action. */
type Parsed<T> = Omit<T, 'redis' | 'role'> & { readonly redis?: string; readonly role?: FleetRole };

const FLEET_SERVER_HELP = "the origin the accounts' clients talk to instead of the WeChat servers (a `wechat-rx sim`); without it they use the real ones";

export function fleetCommand(io: Io, done: (code: number) => void): Command {
  const command = withFleetOptions(cliCommand('fleet', io))
    .description('run a process of a fleet of accounts on Redis: pollers keep the accounts online, workers run the demo bot on their messages')
    .usage('--redis URL --role poller|worker|both [--server URL | --sim [N]] [--namespace NS] [--shards N] [--group NAME] [--ttl MS] [--metrics-port PORT] [--json]')
    .enablePositionalOptions()
    .addOption(new Option('--role <role>', 'required: poller (keeps the accounts of the shards it holds online), worker (runs the demo bot on their messages) or both').choices(ROLES))
    .option('--server <url>', FLEET_SERVER_HELP, serverUrl)
    .addOption(
      new Option(
        '--sim [accounts]',
        'a local fleet on the embedded Web simulator (its origin is the server): adds ACCOUNTS accounts (default 3) under the first free names sim-1, sim-2…, and their friends write every few seconds. Without WECHAT_RX_SESSION_KEY their sessions get a throwaway key',
      )
        .argParser(integerBetween(1, 100))
        .conflicts('server'),
    )
    .addOption(groupOption("the workers' consumer group: each group sees every message once"))
    .option('--ttl <ms>', "the lease TTL: a stopped process's shards move to the others after about this (1000-600000)", integerBetween(1_000, 600_000), 10_000)
    .option('--metrics-port <port>', 'serve Prometheus metrics on http://127.0.0.1:PORT/metrics (0 picks a free port; the URL is printed)', integerBetween(0, 65_535))
    .option('--json', 'one JSON object per line instead of the readable log (a fleet event in its `event` field)')
    // A word after `fleet` that names no subcommand reaches this action: commander would call it "too many arguments".
    .allowExcessArguments(true)
    .action(async (args: Parsed<FleetRunArgs>, self: Command) => {
      const [word] = self.args;
      if (word === 'help') return self.help();
      if (word !== undefined) {
        return self.error(`error: unknown command 'fleet ${word}': fleet takes add-account, status, or no command to run a process of the fleet`, { exitCode: USAGE_EXIT_CODE });
      }
      const { redis, role } = args;
      checkRedisUrl(self, redis);
      if (role === undefined) return self.error("error: required option '--role <role>' not specified", { exitCode: USAGE_EXIT_CODE });
      if (args.sim !== undefined && role === 'worker') self.error("error: option '--sim' needs --role both or poller: a worker has no accounts to add", { exitCode: USAGE_EXIT_CODE });
      const { runFleet } = await import('./fleet-run.js');
      done(await usageErrorsOf(self, () => runFleet({ ...args, redis, role }, io)));
    });
  return command.addCommand(addAccountCommand(io, done)).addCommand(statusCommand(io, done));
}

function addAccountCommand(io: Io, done: (code: number) => void): Command {
  return withFleetOptions(cliCommand('add-account', io))
    .description('log an account in here (QR code in the terminal) and hand it to the fleet: its sealed session goes to Redis, the poller of its shard takes it up')
    .usage('--redis URL [--server URL] [--ilink] [--account NAME] [--namespace NS] [--shards N]')
    .option('--server <url>', FLEET_SERVER_HELP, serverUrl)
    .option('--ilink', "bind a bot on Tencent's iLink bot protocol instead of a Web WeChat login")
    .option('--account <name>', "the account's name in the fleet (default: the bot id for iLink, web- and 8 hex digits for the Web)", accountName)
    .action(async (args: Parsed<FleetAddAccountArgs>, self: Command) => {
      const { redis } = args;
      checkRedisUrl(self, redis);
      const { runFleetAddAccount } = await import('./fleet-add-account.js');
      done(await runFleetAddAccount({ ...args, redis }, io));
    });
}

function statusCommand(io: Io, done: (code: number) => void): Command {
  return withFleetOptions(cliCommand('status', io))
    .description(
      'the fleet as Redis sees it: live pollers (and the shards each holds) and workers, accounts per state, the shards that have accounts or events, and the shards nobody holds; --json: everything, every shard',
    )
    .usage('--redis URL [--namespace NS] [--shards N] [--group NAME] [--json]')
    .addOption(groupOption('the consumer group whose workers and lag to show'))
    .option('--json', 'the whole status, every shard included, as one JSON object')
    .action(async (args: Parsed<FleetStatusArgs>, self: Command) => {
      const { redis } = args;
      checkRedisUrl(self, redis);
      const { runFleetStatus } = await import('./fleet-status.js');
      done(await runFleetStatus({ ...args, redis }, io));
    });
}

/** A `UsageError` found while starting (a busy --metrics-port) ends the command like a wrong option: exit code 2. */
async function usageErrorsOf(command: Command, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) command.error(`error: ${error.message}`, { exitCode: USAGE_EXIT_CODE });
    throw error;
  }
}
