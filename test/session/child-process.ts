import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const CHILD = join(HERE, 'fixtures', 'session-child.ts');

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** The next line the child prints, within `ms`. */
  nextLine(ms?: number): Promise<string>;
  /** Sends SIGKILL and waits until the child is reaped (a zombie would still count as a live process). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `fixtures/session-child.ts <mode> <file>`; `fileSizeLimitBlocks` runs it under `ulimit -f` (blocks of 512 bytes
 * in dash, 1 KiB in bash).
 */
export function startChild(mode: string, file: string, fileSizeLimitBlocks?: number): Child {
  const node = [process.execPath, '--import', 'tsx', CHILD, mode, file];
  const child =
    fileSizeLimitBlocks === undefined
      ? spawn(process.execPath, node.slice(1), { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
      : spawn('sh', ['-c', `ulimit -f ${fileSizeLimitBlocks} && exec "$@"`, 'sh', ...node], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  if (child.pid === undefined) throw new Error('the child process did not start');
  const exited = once(child, 'exit');
  const pending: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter === undefined) pending.push(line);
    else waiter(line);
  });
  return {
    process: child,
    pid: child.pid,
    nextLine: (ms = 15_000) => {
      const line = pending.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output from the child within ${ms} ms`)), ms);
        waiters.push((next) => {
          clearTimeout(timer);
          resolve(next);
        });
      });
    },
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
