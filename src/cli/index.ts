/**
 * The `wechat-rx` command: `demo` (the default of `npm start`), `login` (a real account), `send` (one message from
 * a saved session) and `sim` (the simulator standalone), each with `--ilink` for Tencent's iLink bot protocol, and
 * `fleet` (a process of a fleet of accounts on Redis, `fleet add-account`, `fleet status`). Exit
 * codes: 0 done (also after Ctrl-C once online), 1 a failure (explained on stderr), 2 a wrong command line, 130 / 143
 * cancelled by Ctrl-C / SIGTERM before online.
 */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { guardOutput } from './broken-pipe.js';
import { cliCommand, parseCommandLine } from './command.js';
import { demoCommand } from './demo.js';
import { fleetCommand } from './fleet.js';
import { loginCommand } from './login.js';
import { requireCliPackages } from './packages.js';
import { installSafetyNet, reportFailure } from './safety-net.js';
import { sendCommand } from './send.js';
import { simCommand } from './sim.js';
import type { Io } from './terminal.js';

const { version } = createRequire(import.meta.url)('wechat-rx/package.json') as { version: string };

function program(io: Io, done: (code: number) => void): Command {
  return cliCommand('wechat-rx', io)
    .description('Web WeChat as RxJS streams: a demo bot, real logins, sends, and the protocol simulator.')
    .usage('<command> [options]')
    .version(version, '-V, --version', 'print the version')
    .helpCommand('help [command]', 'show the help of a command')
    // Each command's options belong to it alone: `fleet status --redis URL` is status's --redis, not fleet's.
    .enablePositionalOptions()
    .hook('preAction', requireCliPackages)
    .addCommand(demoCommand(io, done))
    .addCommand(loginCommand(io, done))
    .addCommand(sendCommand(io, done))
    .addCommand(simCommand(io, done))
    .addCommand(fleetCommand(io, done));
}

/** Runs the command line `argv` (without `node` and the script); resolves the exit code. */
export async function main(argv: readonly string[], io: Io = process): Promise<number> {
  guardOutput(io);
  let code = 0;
  try {
    return (await parseCommandLine(program(io, (c) => (code = c)), argv)) ?? code;
  } catch (error) {
    reportFailure(error, io);
    return 1;
  }
}

/** The process entry point of `bin/wechat-rx.js`. */
export async function runCli(argv: readonly string[]): Promise<void> {
  installSafetyNet();
  process.exitCode = await main(argv);
  // The command is done: a handle left open by mistake (in a user's transport, say) must not keep a finished command
  // alive. The timer is unref'd, so a clean exit happens at once, before it fires.
  setTimeout(() => process.exit(), 1000).unref();
}
