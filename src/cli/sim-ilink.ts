/**
 * `wechat-rx sim --ilink`: the iLink simulator standalone until SIGINT/SIGTERM. Prints exactly one JSON line
 * `{"origin":"…","cdn":"…"}` (with `--ui` also `"playground":"…"`) to stdout once it listens, then its control API
 * (`/__sim/…`) on stderr.
 */
import { Option, type Command } from 'commander';
import { ILINK_CONTROL_ROUTES } from '../testing/ilink-simulator/control-routes.js';
import { startIlinkSimulator, type ContextTokenCheck, type IlinkSimulator, type IlinkSimulatorOptions } from '../testing/index.js';
import { integerFrom } from './option-values.js';
import { closeOnSignal, startListening, type SimLifetime } from './sim-process.js';
import type { Io } from './terminal.js';

export interface IlinkSimCommand extends SimLifetime {
  readonly simulator: IlinkSimulator;
}

/** The `sim` options the iLink simulator reads (the shared ones included). */
export interface IlinkSimOptionValues {
  readonly port: number;
  readonly host?: string;
  readonly seed?: number;
  readonly autoConfirm?: boolean;
  readonly qrLifetimeMs?: number;
  readonly batchSize?: number;
  readonly qrHoldMs?: number;
  readonly updatesHoldMs?: number;
  readonly contextTokenCheck?: ContextTokenCheck;
  readonly ui?: boolean;
}

/** Options only the iLink simulator has: each needs `--ilink`. */
export const ILINK_ONLY_OPTIONS = ['qrHoldMs', 'updatesHoldMs', 'contextTokenCheck'] as const;

export function withIlinkOptions(command: Command): Command {
  const count = integerFrom(0);
  return command
    .option('--ilink', 'run the iLink (WeChat ClawBot) simulator instead: prints {"origin": …, "cdn": …}')
    .option('--qr-hold-ms <n>', 'how long get_qrcode_status is held (--ilink)', count)
    .option('--updates-hold-ms <n>', 'how long getupdates is held (--ilink)', count)
    .addOption(
      new Option('--context-token-check <mode>', "which context_token a send must carry: any the peer's messages brought, only the latest, or none (--ilink)").choices([
        'issued',
        'latest',
        'off',
      ] satisfies ContextTokenCheck[]),
    );
}

export function ilinkSimulatorOptions(values: IlinkSimOptionValues): IlinkSimulatorOptions {
  const options: Record<string, unknown> = {
    port: values.port,
    host: values.host,
    seed: values.seed,
    autoConfirm: values.autoConfirm,
    qrLifetimeMs: values.qrLifetimeMs,
    batchSize: values.batchSize,
    qrHoldMs: values.qrHoldMs,
    updatesHoldMs: values.updatesHoldMs,
    contextTokenCheck: values.contextTokenCheck,
    ui: values.ui,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as IlinkSimulatorOptions;
}

export async function startIlinkSim(options: IlinkSimulatorOptions, io: Io): Promise<IlinkSimCommand> {
  const simulator = await startListening(() => startIlinkSimulator(options), options.host ?? '127.0.0.1', options.port ?? 0);
  const playground = simulator.playgroundUrl;
  io.stdout.write(`${JSON.stringify({ origin: simulator.origin, cdn: simulator.cdnBaseUrl, ...(playground === undefined ? {} : { playground }) })}\n`);
  io.stderr.write(
    `iLink simulator on ${simulator.origin} (API /ilink/bot/…, CDN ${simulator.cdnBaseUrl}, redirect_host ${simulator.redirectHost}; ` +
      `give clients this origin as their server).\n` +
      (playground === undefined ? '' : `Playground: ${playground} (open it in a browser to talk to your bot)\n`) +
      `Control API (JSON):\n${ILINK_CONTROL_ROUTES.map((r) => `  ${r}`).join('\n')}\nStop with Ctrl-C.\n`,
  );
  return { simulator, ...closeOnSignal(() => simulator.close()) };
}
