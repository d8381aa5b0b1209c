/**
 * Child processes for the benchmarks: each speaks one JSON object per line on stdout and takes commands as JSON
 * lines on stdin. Every wait is bounded, and `stop()` kills what is left, so a stuck child never outlives the run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '../src/testing/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

export type Message = { readonly type: string } & Readonly<Record<string, unknown>>;

export class Child {
  private readonly queue: Message[] = [];
  private waiter: (() => void) | undefined;
  private readonly stderr: string[] = [];
  private readonly lineListeners: Array<(line: string) => void> = [];
  private exited = false;
  readonly exit: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      for (const listener of this.lineListeners) listener(line);
      if (!line.startsWith('{')) return;
      this.queue.push(JSON.parse(line) as Message);
      this.waiter?.();
    });
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      if (this.stderr.length > 40) this.stderr.shift();
    });
    this.exit = new Promise((resolve) =>
      proc.once('exit', (code) => {
        this.exited = true;
        this.waiter?.();
        resolve(code);
      }),
    );
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Sees every stdout line as it arrives, JSON or not, besides what `next` takes from the queue. */
  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  /** Sends a signal to the process (`SIGKILL`, `SIGSTOP`, `SIGCONT`…), if it still runs. */
  signal(signal: NodeJS.Signals): void {
    if (!this.exited) this.proc.kill(signal);
  }

  send(command: Readonly<Record<string, unknown>>): void {
    if (!this.exited) this.proc.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  /** The next message of `type` (others before it are dropped), or an error after `ms` or if the child dies. */
  async next(type: string, ms: number): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.queue.findIndex((m) => m.type === type || m.type === 'error');
      if (index >= 0) {
        const [message] = this.queue.splice(0, index + 1).slice(-1) as [Message];
        if (message.type === 'error') throw new Error(`${this.name}: ${String(message['message'])}`);
        return message;
      }
      if (this.exited) throw new Error(`${this.name} exited while waiting for "${type}"\n${this.stderr.join('\n')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no "${type}" within ${ms} ms\n${this.stderr.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Asks the child to finish (stdin closes), then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    this.proc.stdin?.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

/**
 * Runs a TypeScript file of bench/ in a fresh Node process (through tsx), with `--expose-gc` for RSS figures. With
 * `BENCH_CPU_PROF=<dir>` in the environment, every child writes V8 CPU profiles (`--cpu-prof`) into `<dir>/<its name>/`.
 */
export function spawnBench(file: string, args: readonly string[], name = file): Child {
  const profileDir = process.env['BENCH_CPU_PROF'];
  const profile =
    profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`];
  const proc = spawn(process.execPath, ['--expose-gc', ...profile, '--import', 'tsx', join(HERE, file), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: Object.assign({}, process.env, { NODE_OPTIONS: '' }),
  });
  return new Child(name, proc);
}

/** The simulator in its own process, controlled over `/__sim/…`. */
export class SimProcess {
  private constructor(
    private readonly child: Child,
    readonly origin: string,
  ) {}

  static async start(options: SimulatorOptions): Promise<SimProcess> {
    const child = spawnBench('sim-process.ts', [JSON.stringify(options)], 'simulator');
    try {
      const listening = await child.next('listening', 30_000);
      return new SimProcess(child, String(listening['origin']));
    } catch (error) {
      await child.stop(1_000);
      throw error;
    }
  }

  async control<T = unknown>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}/__sim/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(60_000),
    });
    const json = (await response.json()) as T;
    if (response.status >= 400) throw new Error(`/__sim/${path}: ${JSON.stringify(json)}`);
    return json;
  }

  inject(spec: Readonly<Record<string, unknown>>): Promise<unknown> {
    return this.control('inject', spec);
  }

  /** Queues every spec in one synchronous step of the simulator; resolves with when that step began and ended. */
  async queue(specs: readonly Readonly<Record<string, unknown>>[]): Promise<{ startEpoch: number; endEpoch: number }> {
    this.child.send({ cmd: 'queue', specs });
    const queued = await this.child.next('queued', 120_000);
    return { startEpoch: Number(queued['startEpoch']), endEpoch: Number(queued['endEpoch']) };
  }

  /** Queues without waiting for an answer (paced injects); a failure shows up at the next `queue`. */
  queueQuietly(specs: readonly Readonly<Record<string, unknown>>[]): void {
    this.child.send({ cmd: 'queue', specs, quiet: true });
  }

  /** The simulator process's CPU time so far, in µs. */
  async cpuMicros(): Promise<number> {
    this.child.send({ cmd: 'cpu' });
    return Number((await this.child.next('cpu', 10_000))['us']);
  }

  reset(): Promise<unknown> {
    return this.control('reset', {});
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

/** Starts a simulator, runs `work`, and always stops the simulator. */
export async function withSim<T>(options: SimulatorOptions, work: (sim: SimProcess) => Promise<T>): Promise<T> {
  const sim = await SimProcess.start(options);
  try {
    return await work(sim);
  } finally {
    await sim.stop();
  }
}

/** A wall clock with sub-millisecond resolution that agrees across processes on one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();
