import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const GUARD = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'net-guard.mjs')).href;

/** The environment of a child that may reach loopback only (every Node process it starts inherits the guard); attempts go to `log`. */
export function guardedEnv(log: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: `--import=${GUARD}`, NET_GUARD_LOG: log, NO_COLOR: '1', ...extra };
}

export interface Child {
  /** Resolves when it exits, with what it printed; rejects when it outlives `timeoutMs` (it is killed then). */
  readonly exited: Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>;
  readonly output: () => string;
  readonly kill: () => void;
}

export function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Child {
  const child = spawn(process.execPath, args, { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} still ran after ${timeoutMs} ms; it printed:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { exited, output: () => stdout + stderr, kill: () => child.kill('SIGTERM') };
}
