/**
 * Scenario 9 (iLink media): the library's encrypt + upload throughput (a 20 MiB file) against raw AES + POST of the
 * same file in the same run, target ≥ 70 % of raw, and the whole `sendFile` on the default undici transport and on
 * ky (see bench/ilink-media-transfers.ts for what each clock covers). The simulator and the
 * clients run in processes of their own, the clients alternating, medians of the runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IlinkMediaKind, IlinkTransferTimes } from './ilink-media-transfers.js';
import { withIlinkSim } from './ilink-sim.js';
import { spawnBench } from './procs.js';
import { fmt, median } from './stats.js';
import { atLeast, type Row } from './table.js';

export interface IlinkUpload {
  /** MB/s (10^6 bytes) of the median run. */
  readonly mbPerSecond: number;
  /** ÷ the raw upload's median MB/s. */
  readonly ratio: number;
}

export interface IlinkMediaResult {
  readonly bytes: number;
  readonly runs: number;
  readonly rawMbPerSecond: number;
  readonly library: Readonly<Record<IlinkMediaKind, IlinkUpload>>;
  /** Every run's time, ms. */
  readonly times: IlinkTransferTimes;
}

const mbPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

export async function runIlinkMedia(options: { readonly quick?: boolean } = {}): Promise<IlinkMediaResult> {
  // The same size with --quick: the library's fixed costs (md5 pass, getuploadurl, sendmessage) weigh more on less.
  const bytes = 20 * 1024 * 1024;
  const runs = options.quick === true ? 3 : 7;
  const dir = await mkdtemp(join(tmpdir(), 'wechat-rx-bench-ilink-'));
  try {
    const times = await withIlinkSim({}, async (sim) => {
      const setup = { origin: sim.origin, cdnBaseUrl: sim.cdnBaseUrl, bytes, runs, dir };
      const child = spawnBench('ilink-media-process.ts', [JSON.stringify(setup)], 'ilink-media-client');
      try {
        return (await child.next('transfers', 10 * 60_000))['result'] as IlinkTransferTimes;
      } finally {
        await child.stop(5_000);
      }
    });
    const raw = mbPerSecond(bytes, median(times.raw));
    const upload = (kind: IlinkMediaKind): IlinkUpload => {
      const mb = mbPerSecond(bytes, median(times[kind]));
      return { mbPerSecond: mb, ratio: mb / raw };
    };
    return { bytes, runs, rawMbPerSecond: raw, library: { ky: upload('ky'), undici: upload('undici'), upload: upload('upload') }, times };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function ilinkMediaRows(r: IlinkMediaResult): Row[] {
  const name = `9. ilink media ${r.bytes / 2 ** 20} MiB`;
  const { ky, undici, upload } = r.library;
  return [
    {
      scenario: name,
      metric: `encrypt+upload MB/s, library (undici) vs raw AES + POST ${fmt(r.rawMbPerSecond, 0)}`,
      undici: upload.mbPerSecond,
      digits: 0,
    },
    { scenario: name, metric: 'encrypt+upload, % of raw AES + POST', undici: upload.ratio * 100, target: '≥ 70 %', met: atLeast(upload.ratio, 0.7), digits: 0 },
    { scenario: name, metric: 'whole sendFile MB/s (md5 pass, ticket, upload, send)', ky: ky.mbPerSecond, undici: undici.mbPerSecond, digits: 0 },
    { scenario: name, metric: 'whole sendFile, % of raw AES + POST', ky: ky.ratio * 100, undici: undici.ratio * 100, digits: 0 },
  ];
}

/** The range of the runs' throughputs, MB/s. */
const spread = (bytes: number, times: readonly number[]): string =>
  `${fmt(mbPerSecond(bytes, Math.max(...times)), 0)}–${fmt(mbPerSecond(bytes, Math.min(...times)), 0)}`;

export function printIlinkMedia(r: IlinkMediaResult): void {
  const t = r.times;
  console.log(
    `\nilink media: ${fmt(r.bytes / 2 ** 20, 0)} MiB, ${r.runs} runs, MB/s from slowest to fastest run: ` +
      `encrypt+upload ${spread(r.bytes, t.upload)}, sendFile (ky) ${spread(r.bytes, t.ky)}, sendFile (undici) ${spread(r.bytes, t.undici)}, raw AES + POST ${spread(r.bytes, t.raw)}`,
  );
}
