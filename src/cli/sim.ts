/**
 * `wechat-rx sim`: runs the simulator until SIGINT/SIGTERM. Prints exactly one JSON line `{"origin":"…"}` to stdout
 * once it listens, then a description of the control API on stderr.
 */
import { Command } from 'commander';
import { PortInUseError } from './errors.js';
import { CONTROL_ROUTES } from '../testing/simulator/control-http.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../testing/index.js';
import { cliCommand, parseOptions } from './command.js';
import { integerFrom } from './option-values.js';
import type { Io } from './terminal.js';

export interface SimCommand {
  readonly simulator: Simulator;
  /** Resolves once the simulator has been closed (by a signal or `stop`). */
  readonly closed: Promise<void>;
  stop(): Promise<void>;
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
  readonly compress?: boolean;
  readonly replayAcknowledged?: boolean;
  readonly strictCookies: boolean;
}

function withSimOptions(command: Command): Command {
  const count = integerFrom(0);
  return command
    .usage('[--port N] [--host H] [--seed N] [--auto-confirm] [--login-hold-ms N] [--sync-hold-ms N] [options]')
    .option('--port <n>', 'the port to listen on; 0 picks a free one', count, 0)
    .option('--host <host>', 'the address to listen on (default: 127.0.0.1)')
    .option('--seed <n>', 'seeds the world and the credentials', count)
    .option('--friends <n>', 'friends in the address book', count)
    .option('--groups <n>', 'groups', count)
    .option('--group-size <n>', 'members per group, self included', count)
    .option('--official-accounts <n>', 'official accounts', count)
    .option('--auto-confirm', 'the phone scans and confirms every login by itself')
    .option('--login-hold-ms <n>', 'how long the login poll is held', count)
    .option('--sync-hold-ms <n>', 'how long synccheck is held', count)
    .option('--qr-lifetime-ms <n>', 'how long a QR code lives', count)
    .option('--batch-size <n>', 'events per webwxsync answer', count)
    .option('--desktop-only', 'answer every login page as the desktop-only accounts get it')
    .option('--compress', 'gzip answers for clients that accept it')
    .option('--replay-acknowledged', 'deliver acknowledged messages again to a client that comes back with an older key')
    .option('--no-strict-cookies', 'accept calls without the session cookies');
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
    compress: values.compress,
    replayAcknowledged: values.replayAcknowledged,
    strictCookies: values.strictCookies ? undefined : false,
    world,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as SimulatorOptions;
}

export function simCommand(io: Io, done: (code: number) => void): Command {
  return withSimOptions(cliCommand('sim', io))
    .description('the simulator standalone, printing {"origin": …} (every WeChat host maps onto it)')
    .action(async (values: SimOptionValues) => {
      const sim = await startSim(simulatorOptions(values), io);
      await sim.closed;
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
  let simulator: Simulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(options.host ?? '127.0.0.1', options.port ?? 0);
    throw error;
  }
  io.stdout.write(`${JSON.stringify({ origin: simulator.origin })}\n`);
  io.stderr.write(
    `Web WeChat simulator on ${simulator.origin} (every WeChat host maps onto it; give clients this origin as their server).\n` +
      `Control API (JSON):\n${CONTROL_ROUTES.map((r) => `  ${r}`).join('\n')}\nStop with Ctrl-C.\n`,
  );
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const stop = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await simulator.close();
    resolveClosed();
  };
  const onSignal = (): void => void stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { simulator, closed, stop };
}
