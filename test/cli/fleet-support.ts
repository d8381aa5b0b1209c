import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { main } from '../../src/cli/index.js';
import type { Io } from '../../src/cli/terminal.js';

/** A fresh `WECHAT_RX_SESSION_KEY` value. */
export const newSessionKey = (): string => randomBytes(32).toString('base64');

/** A `wechat-rx` command line run in this process by `main`, with output a test can read and close. */
export interface InProcessRun {
  readonly exited: Promise<number>;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout satisfies `until`; fails after `ms` with the output so far. */
  waitFor(until: (stdout: string) => boolean, ms?: number): Promise<void>;
  /** Closes stdout as a reader that went away does (`| head`): a long-running command stops. Resolves the exit code. */
  closeOutput(): Promise<number>;
}

export function runInProcess(argv: readonly string[]): InProcessRun {
  const out: string[] = [];
  const err: string[] = [];
  let closed = false;
  const brokenPipe = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  const stream = (sink: string[]) => Object.assign(new EventEmitter(), { write: (text: string) => sink.push(text), isTTY: false, hasColors: () => false });
  const stdout = stream(out);
  // Like a real pipe whose reader left: every later write fails too, so a command that was not listening yet hears it.
  const write = stdout.write;
  stdout.write = (text: string) => {
    if (closed) setImmediate(() => stdout.emit('error', brokenPipe()));
    return write(text);
  };
  const io: Io = { stdout, stderr: stream(err) };
  const exited = main(argv, io);
  return {
    exited,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    waitFor: async (until, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!until(out.join(''))) {
        if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${out.join('')}\n${err.join('')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    closeOutput: () => {
      closed = true;
      stdout.emit('error', brokenPipe());
      return exited;
    },
  };
}

/** The JSON lines a `--json` run printed. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
