import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { expect } from 'vitest';
import { main } from '../../src/cli/index.js';
import type { Io } from '../../src/cli/terminal.js';
import { ROOT } from './build.js';

export interface CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  /** The exit code (`null` when a signal killed it). */
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Waits until the output (stdout and stderr together) satisfies `until`; fails after `ms`. */
  waitFor(until: (output: string) => boolean, ms?: number): Promise<void>;
}

/** Runs the built CLI (`bin/wechat-rx.js`) as a user would, without colours unless `env` asks for them. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, ['bin/wechat-rx.js', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: async (until, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!until(stdout + stderr)) {
        if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** Starts `wechat-rx sim` (the built CLI) and resolves its origin. */
/** Stops a CLI process (SIGTERM) and waits until it has exited. */
export async function stopRun(run: CliRun): Promise<void> {
  run.child.kill('SIGTERM');
  await run.exited;
}

export async function runSim(args: readonly string[] = []): Promise<{ run: CliRun; origin: string }> {
  const run = runCli(['sim', '--port', '0', '--login-hold-ms', '300', '--sync-hold-ms', '300', ...args]);
  await run.waitFor((output) => output.includes('"origin"'));
  const origin = (JSON.parse(run.stdout().split('\n')[0] ?? '') as { origin: string }).origin;
  return { run, origin };
}

/** A Node stack trace line, which a user must never see. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/** An `Io` that keeps what the CLI writes, for in-process runs; `colors` says what `hasColors()` answers. */
export function memoryIo(options: { readonly tty?: boolean; readonly colors?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (sink: string[]) => ({
    write: (text: string) => sink.push(text),
    isTTY: options.tty ?? false,
    hasColors: () => options.colors ?? false,
  });
  const io: Io = { stdout: stream(out), stderr: stream(err) };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** POSTs to the simulator's control API. */
export async function control(origin: string, path: string, body: object = {}): Promise<unknown> {
  const response = await fetch(`${origin}/__sim/${path}`, { method: 'POST', body: JSON.stringify(body) });
  return response.json();
}

/** Runs the command line `argv` in this process with a terminal in memory; its exit code and output. */
export async function cliInMemory(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const terminal = memoryIo();
  const code = await main(argv, terminal.io);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

/** A usage error: exit code 2, nothing on stdout, one error line then the usage line starting with `usage`, no stack. */
export function expectUsageError(result: { code: number; stdout: string; stderr: string }, error: RegExp, usage: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(error);
  expect(lines[1]).toMatch(new RegExp(`^usage: ${usage}`));
  expect(result.stderr).not.toMatch(STACK_LINE);
}
