/**
 * The `wechat-rx` command: `demo` (the default of `npm start`), `login` (a real account) and `sim` (the simulator
 * standalone). Returns the exit code.
 */
import { runDemo } from './demo.js';
import { runLogin } from './login.js';
import { runSend } from './send.js';
import { runSimCommand } from './sim.js';
import type { Io } from './terminal.js';

const USAGE = `usage: wechat-rx <command> [options]

commands:
  demo    the sample bot against the embedded simulator (npm start)   [--duration S] [--json]
  login   log in to a real account: QR in the terminal and as PNG      [--session FILE] [--qr FILE] [--json]
          [--download DIR] [--no-desktop]
  send    send a text or a file (with a progress bar) from a saved session
          --session FILE --to NAME (--text TEXT | --file PATH) [--json]
  sim     the simulator standalone, printing {"origin": …}             [--port N] (see wechat-rx sim --help)
`;

export async function main(argv: readonly string[], io: Io = process): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      return runDemo(rest, io);
    case 'login':
      return runLogin(rest, io);
    case 'send':
      return runSend(rest, io);
    case 'sim': {
      const sim = await runSimCommand(rest, io);
      if (sim === undefined) return process.exitCode === 2 ? 2 : 0;
      await sim.closed;
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr.write(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}
