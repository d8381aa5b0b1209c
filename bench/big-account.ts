/**
 * Scenario 5: a big account (5,000 friends, 50 groups of 500 members). From the first login request until the
 * client is online with its address book: the time, the requests made, and the RSS it holds (RSS online − RSS
 * before login, after forced GCs). wechat-rx is online when `login$` completes (address book loaded); wechat4u when it
 * has emitted `login` and its own contact loading (pages, then details of groups listed without members) is done.
 */
import { type ClientKind, rotate, sumRequests, withClient } from './clients.js';
import { withSim } from './procs.js';
import { medianEach } from './stats.js';

export interface BigAccountOptions {
  readonly quick?: boolean;
}

export interface BigAccountRun {
  readonly loginMs: number;
  readonly requests: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly loginCpuMs: number;
}

export interface BigAccountFigures extends BigAccountRun {
  /** Requests per endpoint in the first run. */
  readonly byEndpoint: Readonly<Record<string, number>>;
  readonly runs: number;
}

export interface BigAccountResult {
  readonly world: { readonly friends: number; readonly groups: number; readonly groupSize: number };
  readonly runs: number;
  readonly kinds: Partial<Record<ClientKind, BigAccountFigures>>;
}

export const BIG_ACCOUNT_KINDS: readonly ClientKind[] = ['rx-ky', 'rx-undici', 'wechat4u'];
const WORLD = { friends: 5_000, groups: 50, groupSize: 500 };
const MB = 1024 * 1024;

export async function runBigAccount(options: BigAccountOptions = {}, kinds: readonly ClientKind[] = BIG_ACCOUNT_KINDS): Promise<BigAccountResult> {
  const runs = options.quick === true ? 1 : 5;
  const samples = new Map<ClientKind, BigAccountRun[]>();
  const endpoints = new Map<ClientKind, Readonly<Record<string, number>>>();
  await withSim({ autoConfirm: { delayMs: 5 }, world: WORLD }, async (sim) => {
    for (let run = 0; run < runs; run++) {
      for (const kind of rotate(kinds, run)) {
        await withClient(kind, sim, async (client) => {
          const r = client.ready;
          if (!endpoints.has(kind)) endpoints.set(kind, r.requests);
          samples.set(kind, [
            ...(samples.get(kind) ?? []),
            {
              loginMs: r.loginMs,
              requests: sumRequests(r.requests),
              rssMb: (r.online.rss - r.baseline.rss) / MB,
              heapMb: (r.online.heap - r.baseline.heap) / MB,
              loginCpuMs: r.loginCpuUs / 1000,
            },
          ]);
        });
        await sim.reset();
      }
    }
  });
  const result: Partial<Record<ClientKind, BigAccountFigures>> = {};
  for (const kind of kinds) {
    const list = samples.get(kind) ?? [];
    const figures = medianEach(list, ['loginMs', 'requests', 'rssMb', 'heapMb', 'loginCpuMs']);
    result[kind] = Object.assign(figures, { byEndpoint: endpoints.get(kind) ?? {}, runs: list.length });
  }
  return { world: WORLD, runs, kinds: result };
}
