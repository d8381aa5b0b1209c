/**
 * What the fleet benchmark's poller and worker processes share: their configuration (one JSON argument), one JSON
 * line per report on stdout (a pipe, which Node writes synchronously on Linux, so a line printed before a
 * `kill -9` reaches the orchestrator), the lease events they see, and an exit of their own when stdin closes.
 */
import { createInterface } from 'node:readline';
import type { FleetEvent } from '../src/fleet/index.js';
import { epochMs } from './procs.js';

export interface FleetChildConfig {
  readonly redisUrl: string;
  readonly holder: string;
  readonly namespace: string;
  readonly shardCount: number;
  readonly ttlMs: number;
}

export const childConfig = <T>(): T => JSON.parse(process.argv[2] ?? '{}') as T;

export const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

export const cpuMicros = (): number => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

/** RSS and heap after a forced GC (the processes run with `--expose-gc`), once V8's helper threads settled. */
export async function settledMemory(): Promise<{ rss: number; heapUsed: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/** Reports a lease move with the time it was seen here; other fleet events are left to the caller. */
export function reportLease(event: FleetEvent): boolean {
  if (event.type !== 'lease') return false;
  emit({ type: 'lease', role: event.role, shard: event.shard, change: event.change, token: event.token, at: epochMs() });
  return true;
}

/**
 * Runs `onCommand` for each JSON command line (`{"cmd":"cpu"}` is answered here: `cpu` with the CPU used so far, µs);
 * when stdin closes (the orchestrator is done, or died), runs `close`
 * and exits, after at most `graceMs` whatever `close` does.
 */
export function serveCommands(onCommand: (command: { readonly cmd: string } & Readonly<Record<string, unknown>>) => void, close: () => Promise<void>, graceMs = 15_000): void {
  let closing = false;
  const finish = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(0), graceMs).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      const command = JSON.parse(line) as { cmd: string };
      if (command.cmd === 'cpu') emit({ type: 'cpu', cpuUs: cpuMicros() });
      else onCommand(command);
    })
    .on('close', finish);
  process.once('SIGTERM', finish);
}
