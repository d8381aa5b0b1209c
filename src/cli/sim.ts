/**
 * `wechat-rx sim`: runs the Web simulator (or with `--ilink` the iLink one, see sim-ilink.ts) until SIGINT/SIGTERM.
 * Prints exactly one JSON line `{"origin":"…"}` to stdout once it listens, then a description of the control API on
 * stderr.
 */
import { Command, Option } from 'commander';
import { CONTROL_ROUTES } from '../testing/simulator/control-http.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../testing/index.js';
import { cliCommand, parseOptions, USAGE_EXIT_CODE } from './command.js';
import { integerBetween, integerFrom } from './option-values.js';
import { ILINK_ONLY_OPTIONS, ilinkSimulatorOptions, startIlinkSim, withIlinkOptions, type IlinkSimOptionValues } from './sim-ilink.js';
import { closeOnSignal, startListening, type SimLifetime } from './sim-process.js';
import type { Io } from './terminal.js';

export interface SimCommand extends SimLifetime {
  readonly simulator: Simulator;
}

/** What commander reads from the `sim` options (counts and milliseconds as numbers). */
interface SimOptionValues {
  readonly port: number;
  readonly host?: string;
  readonly seed?: number;
  readonly friends?: number;
  readonly groups?: number;
  readonly groupSize?: number;
  readonly officialAccounts?: number;
  readonly autoConfirm?: boolean;
  readonly loginHoldMs?: number;
  readonly syncHoldMs?: number;
  readonly qrLifetimeMs?: number;
  readonly batchSize?: number;
  readonly desktopOnly?: boolean;
  readonly compress: boolean;
  readonly replayAcknowledged?: boolean;
  readonly strictCookies: boolean;
  readonly ui?: boolean;
}

/** An option of the Web simulator alone: refused with `--ilink`. */
function webOnly(flags: string, description: string, parse?: (text: string) => number): Option {
  const option = new Option(flags, description).conflicts('ilink');
  return parse === undefined ? option : option.argParser(parse);
}

function withSimOptions(command: Command): Command {
  const count = integerFrom(0);
  return command
    .usage('[--ilink] [--ui] [--port N] [--host H] [--seed N] [--auto-confirm] [--login-hold-ms N] [--sync-hold-ms N] [options]')
    .option('--port <n>', 'the port to listen on; 0 picks a free one', integerBetween(0, 65_535), 0)
    .option('--host <host>', 'the address to listen on (default: 127.0.0.1)')
    .option('--seed <n>', 'seeds the world and the credentials', count)
    .addOption(webOnly('--friends <n>', 'friends in the address book', count))
    .addOption(webOnly('--groups <n>', 'groups', count))
    .addOption(webOnly('--group-size <n>', 'members per group, self included', count))
    .addOption(webOnly('--official-accounts <n>', 'official accounts', count))
    .option('--auto-confirm', 'the phone scans and confirms every login by itself')
    .addOption(webOnly('--login-hold-ms <n>', 'how long the login poll is held', count))
    .addOption(webOnly('--sync-hold-ms <n>', 'how long synccheck is held', count))
    .option('--qr-lifetime-ms <n>', 'how long a QR code lives', count)
    .option('--batch-size <n>', 'events per webwxsync (or getupdates) answer', count)
    .addOption(webOnly('--desktop-only', 'answer every login page as the desktop-only accounts get it'))
    .addOption(webOnly('--no-compress', 'answer uncompressed even when the client accepts gzip'))
    .addOption(webOnly('--replay-acknowledged', 'deliver acknowledged messages again to a client that comes back with an older key'))
    .addOption(webOnly('--no-strict-cookies', 'accept calls without the session cookies'))
    .option('--ui', 'serve the playground, a chat page to talk to your bot, at <origin>/__ui/');
}

function simulatorOptions(values: SimOptionValues): SimulatorOptions {
  const world = {
    ...(values.friends === undefined ? {} : { friends: values.friends }),
    ...(values.groups === undefined ? {} : { groups: values.groups }),
    ...(values.groupSize === undefined ? {} : { groupSize: values.groupSize }),
    ...(values.officialAccounts === undefined ? {} : { officialAccounts: values.officialAccounts }),
  };
  const options: Record<string, unknown> = {
    port: values.port,
    seed: values.seed,
    loginHoldMs: values.loginHoldMs,
    syncHoldMs: values.syncHoldMs,
    qrLifetimeMs: values.qrLifetimeMs,
    batchSize: values.batchSize,
    host: values.host,
    autoConfirm: values.autoConfirm,
    desktopOnly: values.desktopOnly,
    compress: values.compress ? undefined : false,
    replayAcknowledged: values.replayAcknowledged,
    ui: values.ui,
    strictCookies: values.strictCookies ? undefined : false,
    world,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as SimulatorOptions;
}

export function simCommand(io: Io, done: (code: number) => void): Command {
  return withIlinkOptions(withSimOptions(cliCommand('sim', io)))
    .description('the simulator standalone, printing {"origin": …} (every WeChat host maps onto it); --ilink: the iLink one')
    .action(async (values: SimOptionValues & IlinkSimOptionValues & { readonly ilink?: boolean }, command: Command) => {
      if (values.ilink === true) {
        await (await startIlinkSim(ilinkSimulatorOptions(values), io)).closed;
      } else {
        const given = ILINK_ONLY_OPTIONS.find((name) => values[name] !== undefined);
        const stray = command.options.find((o) => o.attributeName() === given);
        if (stray !== undefined) command.error(`error: option '${stray.flags}' needs --ilink`, { exitCode: USAGE_EXIT_CODE });
        await (await startSim(simulatorOptions(values), io)).closed;
      }
      done(0);
    });
}

/** Turns `sim` arguments into simulator options, for running it in-process; throws `UsageError` on bad input. */
export function parseSimArgs(argv: readonly string[]): SimulatorOptions | 'help' {
  const values = parseOptions<SimOptionValues>(withSimOptions(new Command('sim')), argv);
  return values === 'help' ? 'help' : simulatorOptions(values);
}

/** Starts the simulator from `sim` arguments in this process (scripts, tests); `undefined` for `--help`. */
export async function runSimCommand(argv: readonly string[], io: Io = process): Promise<SimCommand | undefined> {
  const options = parseSimArgs(argv);
  return options === 'help' ? undefined : startSim(options, io);
}

async function startSim(options: SimulatorOptions, io: Io): Promise<SimCommand> {
  const simulator = await startListening(() => startSimulator(options), options.host ?? '127.0.0.1', options.port ?? 0);
  const playground = simulator.playgroundUrl;
  io.stdout.write(`${JSON.stringify({ origin: simulator.origin, ...(playground === undefined ? {} : { playground }) })}\n`);
  io.stderr.write(
    `Web WeChat simulator on ${simulator.origin} (every WeChat host maps onto it; give clients this origin as their server).\n` +
      (playground === undefined ? '' : `Playground: ${playground} (open it in a browser to talk to your bot)\n`) +
      `Control API (JSON):\n${CONTROL_ROUTES.map((r) => `  ${r}`).join('\n')}\nStop with Ctrl-C.\n`,
  );
  return { simulator, ...closeOnSignal(() => simulator.close()) };
}
