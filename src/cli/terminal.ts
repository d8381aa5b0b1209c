import { redact } from '../errors/redact.js';
import { loadPicocolors, loadQrcode } from './packages.js';

/** One output stream of the CLI: `process.stdout`, `process.stderr`, or a stand-in in tests. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Node's `tty.WriteStream#hasColors()`: false under NO_COLOR or TERM=dumb, FORCE_COLOR overrides. */
  hasColors?(): boolean;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  off?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Where CLI output goes: stdout for the log (one line per event) only, stderr for QR codes, progress and hints; and
 * where the few answers a command asks for come from (`stdin`, read only when needed: an iLink pair code).
 */
export interface Io {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin?: NodeJS.ReadableStream;
}

/** Whether to colour what goes to `stream`: only a terminal, and only if Node finds it has colours. */
export function hasColors(stream: OutputStream): boolean {
  return stream.isTTY === true && stream.hasColors?.() === true;
}

export type LineKind = 'in' | 'out' | 'info' | 'warn';

const MARKS: Record<LineKind, string> = { in: '←', out: '→', info: '•', warn: '!' };

/**
 * Prints the live log on stdout: one line per event, coloured when stdout is a colour terminal, or one JSON object
 * per line with `--json`. Everything printed passes through `redact`, so no credential reaches the screen or a log
 * file.
 */
export class Printer {
  private readonly paint: Record<LineKind, (text: string) => string>;

  constructor(
    private readonly io: Io,
    private readonly json: boolean,
  ) {
    const colors = loadPicocolors().createColors(hasColors(io.stdout));
    this.paint = { in: colors.cyan, out: colors.green, info: colors.dim, warn: colors.yellow };
  }

  line(kind: LineKind, text: string, fields: Record<string, unknown> = {}): void {
    if (this.json) {
      this.io.stdout.write(`${redact(JSON.stringify({ kind, text, ...fields, at: new Date().toISOString() }))}\n`);
      return;
    }
    this.io.stdout.write(`${redact(this.paint[kind](`${MARKS[kind]} ${text}`))}\n`);
  }

  /** A note for the person at the terminal (not part of the log): on stderr. */
  hint(text: string): void {
    this.io.stderr.write(`${redact(text)}\n`);
  }
}

/**
 * The QR for a login as terminal blocks: dark on a light background drawn with colour codes where the stream has
 * colours, plain block characters elsewhere.
 */
export async function terminalQr(content: string, colors: boolean): Promise<string> {
  const qrcode = loadQrcode();
  const drawn = await (colors ? qrcode.toString(content, { type: 'terminal', small: true }) : qrcode.toString(content, { type: 'utf8' }));
  // The plain drawing stops at the end of its last row: what follows it must start a line of its own.
  return drawn.endsWith('\n') ? drawn : `${drawn}\n`;
}

/** Saves the QR as a PNG, for terminals that cannot show the blocks. */
export async function saveQrPng(content: string, path: string): Promise<void> {
  await loadQrcode().toFile(path, content, { type: 'png', margin: 2, scale: 6 });
}
