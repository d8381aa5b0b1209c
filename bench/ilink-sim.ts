/** The iLink simulator process of the benchmarks (bench/ilink-sim-process.ts), driven from the orchestrator. */
import type { IlinkBotCredentials, IlinkSimulatorOptions } from '../src/testing/index.js';
import { type Child, spawnBench } from './procs.js';

/** A call of the simulator's control API at `origin` (`/__sim/<path>`): GET without a body, else POST. */
export async function simControl<T>(origin: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}/__sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    signal: AbortSignal.timeout(60_000),
  });
  const json = (await response.json()) as T;
  if (response.status >= 400) throw new Error(`/__sim/${path}: ${JSON.stringify(json)}`);
  return json;
}

/** A bot bound to the `userIndex`-th simulated user without a QR login (that user's previous bot dies). */
export async function bindBot(origin: string, userIndex = 0): Promise<IlinkBotCredentials> {
  const { users } = await simControl<{ users: string[] }>(origin, `users?count=${userIndex + 1}`);
  return simControl<IlinkBotCredentials>(origin, 'bind', { userId: users[userIndex] });
}

export class IlinkSimProcess {
  private constructor(
    private readonly child: Child,
    readonly origin: string,
    /** `<origin>/c2c`: the CDN's base. */
    readonly cdnBaseUrl: string,
  ) {}

  static async start(options: IlinkSimulatorOptions): Promise<IlinkSimProcess> {
    const child = spawnBench('ilink-sim-process.ts', [JSON.stringify(options)], 'ilink-simulator');
    try {
      const listening = await child.next('listening', 30_000);
      return new IlinkSimProcess(child, String(listening['origin']), String(listening['cdnBaseUrl']));
    } catch (error) {
      await child.stop(1_000);
      throw error;
    }
  }

  /** A bot bound to the `userIndex`-th simulated user without a QR login (that user's previous bot dies). */
  bind(userIndex = 0): Promise<IlinkBotCredentials> {
    return bindBot(this.origin, userIndex);
  }

  /** Queues `count` texts for the bot in one synchronous step; resolves with when that step began and ended. */
  async queueTexts(botId: string, count: number, senders: number): Promise<{ startEpoch: number; endEpoch: number }> {
    this.child.send({ cmd: 'queue', botId, count, senders });
    const queued = await this.child.next('queued', 120_000);
    return { startEpoch: Number(queued['startEpoch']), endEpoch: Number(queued['endEpoch']) };
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

/** Starts a simulator, runs `work`, and always stops the simulator. */
export async function withIlinkSim<T>(options: IlinkSimulatorOptions, work: (sim: IlinkSimProcess) => Promise<T>): Promise<T> {
  const sim = await IlinkSimProcess.start(options);
  try {
    return await work(sim);
  } finally {
    await sim.stop();
  }
}
