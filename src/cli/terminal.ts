import pc from 'picocolors';
import QRCode from 'qrcode';
import { redact } from '../errors/redact.js';

/** Where CLI output goes: stdout for the log (one line per event), stderr for progress and hints. */
export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export type LineKind = 'in' | 'out' | 'info' | 'warn' | 'error';

const MARKS: Record<LineKind, string> = { in: '←', out: '→', info: '•', warn: '!', error: '✗' };
const COLORS: Record<LineKind, (text: string) => string> = {
  in: pc.cyan,
  out: pc.green,
  info: pc.dim,
  warn: pc.yellow,
  error: pc.red,
};

/**
 * Prints the live log: one line per event, colored when stdout is a terminal, or one JSON object per line with
 * `--json`. Everything printed passes through `redact`, so no credential reaches the screen or a log file.
 */
export class Printer {
  constructor(
    private readonly io: Io,
    private readonly json: boolean,
    private readonly color = io.stdout.isTTY === true && !('NO_COLOR' in process.env),
  ) {}

  line(kind: LineKind, text: string, fields: Record<string, unknown> = {}): void {
    if (this.json) {
      this.io.stdout.write(`${redact(JSON.stringify({ kind, text, ...fields, at: new Date().toISOString() }))}\n`);
      return;
    }
    const body = `${MARKS[kind]} ${text}`;
    this.io.stdout.write(`${redact(this.color ? COLORS[kind](body) : body)}\n`);
  }

  hint(text: string): void {
    this.io.stderr.write(`${redact(text)}\n`);
  }
}

/** The QR for a login, as terminal blocks (printed to stderr so stdout stays a clean log). */
export async function terminalQr(content: string): Promise<string> {
  return QRCode.toString(content, { type: 'terminal', small: true });
}

/** Saves the QR as a PNG, for terminals that cannot show the blocks. */
export async function saveQrPng(content: string, path: string): Promise<void> {
  await QRCode.toFile(path, content, { type: 'png', margin: 2, scale: 6 });
}

/** A stop signal for a long-running command: resolved by `stop(code)` or by Ctrl-C / SIGTERM (code 0). */
export interface StopSignal {
  readonly stopped: Promise<number>;
  stop(code: number): void;
  /** Removes the signal handlers (call once the command is done). */
  release(): void;
}

export function stopOnSignals(): StopSignal {
  let stop: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (stop = resolve));
  const onSignal = (): void => stop(0);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    stopped,
    stop: (code) => stop(code),
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Parses a command's arguments, or answers `--help` (exit code 0) and bad arguments (a usage line on stderr, exit
 * code 2) itself: the number is then the command's exit code.
 */
export function parseCommand<A extends object>(parse: (argv: readonly string[]) => A | 'help', argv: readonly string[], usage: string, io: Io): A | number {
  try {
    const args = parse(argv);
    if (args !== 'help') return args;
    io.stdout.write(usage);
    return 0;
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
}
