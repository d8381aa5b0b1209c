/**
 * `wechat-rx sim`: runs the simulator until SIGINT/SIGTERM. Prints exactly one JSON line `{"origin":"…"}` to stdout
 * once it listens, then a description of the control API on stderr.
 */
import { parseArgs } from 'node:util';
import { CONTROL_ROUTES } from '../testing/simulator/control-http.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../testing/index.js';

export interface SimCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface SimCommand {
  readonly simulator: Simulator;
  /** Resolves once the simulator has been closed (by a signal or `stop`). */
  readonly closed: Promise<void>;
  stop(): Promise<void>;
}

const USAGE = `usage: wechat-rx sim [--port N] [--host H] [--seed N] [--friends N] [--groups N] [--group-size N]
                    [--official-accounts N] [--auto-confirm] [--login-hold-ms N] [--sync-hold-ms N]
                    [--qr-lifetime-ms N] [--batch-size N] [--desktop-only] [--compress] [--no-strict-cookies]
`;

const NUMBER_OPTIONS = ['port', 'seed', 'friends', 'groups', 'group-size', 'official-accounts', 'login-hold-ms', 'sync-hold-ms', 'qr-lifetime-ms', 'batch-size'] as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

function toNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** Turns `sim` arguments into simulator options; throws `UsageError` on bad input. */
export function parseSimArgs(argv: readonly string[]): SimulatorOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      host: { type: 'string' },
      'auto-confirm': { type: 'boolean' },
      'desktop-only': { type: 'boolean' },
      compress: { type: 'boolean' },
      'no-strict-cookies': { type: 'boolean' },
      ...Object.fromEntries(NUMBER_OPTIONS.map((name) => [name, { type: 'string' as const }])),
    },
  });
  if (values.help === true) return 'help';
  const numbers = values as Readonly<Record<string, unknown>>;
  const n = (name: (typeof NUMBER_OPTIONS)[number]): number | undefined => toNumber(name, numbers[name] as string | undefined);
  const world = {
    ...(n('friends') === undefined ? {} : { friends: n('friends') }),
    ...(n('groups') === undefined ? {} : { groups: n('groups') }),
    ...(n('group-size') === undefined ? {} : { groupSize: n('group-size') }),
    ...(n('official-accounts') === undefined ? {} : { officialAccounts: n('official-accounts') }),
  };
  const options: Record<string, unknown> = {
    port: n('port') ?? 0,
    seed: n('seed'),
    loginHoldMs: n('login-hold-ms'),
    syncHoldMs: n('sync-hold-ms'),
    qrLifetimeMs: n('qr-lifetime-ms'),
    batchSize: n('batch-size'),
    host: values.host,
    autoConfirm: values['auto-confirm'],
    desktopOnly: values['desktop-only'],
    compress: values.compress,
    strictCookies: values['no-strict-cookies'] === true ? false : undefined,
    world,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as SimulatorOptions;
}

export async function runSimCommand(argv: readonly string[], io: SimCommandIo = process): Promise<SimCommand | undefined> {
  let options: SimulatorOptions | 'help';
  try {
    options = parseSimArgs(argv);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  if (options === 'help') {
    io.stdout.write(USAGE);
    return undefined;
  }
  const simulator = await startSimulator(options);
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
