/**
 * Media and contacts: upload and download throughput of the client (with the ky and the undici transport) against
 * the simulator on loopback, next to a raw HTTP transfer of the same bytes (one streamed POST / GET to a bare
 * node:http server through fetch); target ≥ 70 % of raw. Both servers run in processes of their own, and the
 * clients in a third (bench/media-process.ts), as in the other scenarios. An upload is bound to 40 sequential multipart
 * requests of 512 KiB plus an md5 pass (docs/protocol.md §2.17), the raw POST is one stream. Also login-to-online time
 * and request count for a 5,000-contact world with 50 groups of 500 members.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { lastValueFrom, toArray } from 'rxjs';
import type { WeChatClient } from '../src/web/client/client.js';
import type { ClosableTransport } from '../src/http/transport-core.js';
import { startSimulator } from '../src/testing/index.js';
import { built } from './built.js';
import { type Child, SimProcess, spawnBench } from './procs.js';
import { fmt, median } from './stats.js';

const { createClient, createKyTransport, createUndiciTransport } = await built<typeof import('../src/index.js')>('index.js');

export interface MediaBenchOptions {
  readonly quick?: boolean;
}

export interface Throughput {
  /** MB/s (10^6 bytes) through the client. */
  readonly client: number;
  /** MB/s of a raw HTTP transfer of the same bytes. */
  readonly raw: number;
  /** client / raw. */
  readonly ratio: number;
}

/**
 * What a straightforward client of the protocol gets: the same bytes as 40 sequential 512 KiB multipart POSTs through
 * fetch and FormData, without even the md5 pass.
 */
export interface ChunkedBaseline {
  readonly raw: number;
  /** MB/s of the chunked POSTs. */
  readonly chunked: number;
  readonly ratio: number;
}

export type MediaTransport = 'ky' | 'undici';

export interface MediaBenchResult {
  readonly bytes: number;
  readonly runs: number;
  readonly upload: Readonly<Record<MediaTransport, Throughput>>;
  readonly uploadChunkedBaseline: ChunkedBaseline;
  readonly download: Readonly<Record<MediaTransport, Throughput>>;
  /** The 5,000-contact world: ms from starting the login to online, and requests made until then. */
  readonly bigWorld: { readonly friends: number; readonly groups: number; readonly groupSize: number; readonly loginMs: number; readonly requests: number };
}

const CHUNK = 524_288;
const FAST = { autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 } as const;

async function writeFileOf(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 7) & 0xff;
  try {
    for (let written = 0; written < size; written += block.length) await file.write(block, 0, Math.min(block.length, size - written));
  } finally {
    await file.close();
  }
}

/** The raw peer (bench/raw-process.ts): drains POST bodies, answers GET with the file. */
async function rawServer(path: string): Promise<{ child: Child; origin: string }> {
  const child = spawnBench('raw-process.ts', [path], 'raw-server');
  try {
    return { child, origin: String((await child.next('listening', 30_000))['origin']) };
  } catch (error) {
    await child.stop(1_000);
    throw error;
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

async function online(sim: { readonly origin: string }, transport?: ClosableTransport): Promise<WeChatClient> {
  const client = createClient({ server: sim.origin, sendRate: false, contactBatchRate: false, ...(transport === undefined ? {} : { transport }) });
  await lastValueFrom(client.login$.pipe(toArray()));
  return client;
}

interface Times {
  readonly up: number[];
  readonly down: number[];
}

export type Transfers = Pick<MediaBenchResult, 'upload' | 'download' | 'uploadChunkedBaseline'>;

/** The transfers, measured in this process (bench/media-process.ts runs this in a fresh one). */
export async function transfers(bytes: number, runs: number, dir: string): Promise<Transfers> {
  const source = join(dir, 'source.bin');
  await writeFileOf(source, bytes);
  const sim = await SimProcess.start(FAST);
  const raw = await rawServer(source);
  const transports: Record<MediaTransport, ClosableTransport> = { ky: createKyTransport(), undici: createUndiciTransport() };
  const clients = { ky: await online(sim, transports.ky), undici: await online(sim, transports.undici) };
  const times: Record<MediaTransport | 'raw', Times> = { ky: { up: [], down: [] }, undici: { up: [], down: [] }, raw: { up: [], down: [] } };
  const chunked: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      for (const kind of ['ky', 'undici'] as const) {
        const client = clients[kind];
        let mediaId = '';
        times[kind].up.push(
          await timed(async () => {
            const done = await lastValueFrom(client.upload(source));
            mediaId = done.type === 'uploaded' ? done.mediaId : '';
          }),
        );
        const file = { kind: 'file' as const, mediaId, fileName: 'source.bin', from: client.user?.UserName ?? '', size: bytes };
        times[kind].down.push(await timed(() => lastValueFrom(client.download(file, { to: join(dir, `${kind}-${run}.bin`) }))));
      }
      times.raw.up.push(
        await timed(async () => {
          const response = await fetch(`${raw.origin}/upload`, { method: 'POST', body: Readable.toWeb(createReadStream(source)) as ReadableStream, duplex: 'half' } as RequestInit);
          await response.text();
        }),
      );
      chunked.push(
        await timed(async () => {
          const file = await open(source, 'r');
          try {
            for (let at = 0; at < bytes; at += CHUNK) {
              const part = Buffer.allocUnsafe(Math.min(CHUNK, bytes - at));
              await file.read(part, 0, part.length, at);
              const form = new FormData();
              form.append('chunk', String(at / CHUNK));
              form.append('filename', new Blob([part]), 'source.bin');
              await (await fetch(`${raw.origin}/upload`, { method: 'POST', body: form })).text();
            }
          } finally {
            await file.close();
          }
        }),
      );
      times.raw.down.push(
        await timed(async () => {
          const response = await fetch(`${raw.origin}/download`);
          await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(join(dir, `raw-${run}.bin`)));
        }),
      );
      await rm(join(dir, `ky-${run}.bin`));
      await rm(join(dir, `undici-${run}.bin`));
      await rm(join(dir, `raw-${run}.bin`));
    }
  } finally {
    for (const client of Object.values(clients)) await lastValueFrom(client.close(), { defaultValue: undefined });
    for (const transport of Object.values(transports)) await transport.close();
    await raw.child.stop();
    await sim.stop();
  }
  const through = (client: number[], rawTimes: number[]): Throughput => {
    const c = mbPerSecond(bytes, median(client));
    const r = mbPerSecond(bytes, median(rawTimes));
    return { client: c, raw: r, ratio: c / r };
  };
  const rawUp = mbPerSecond(bytes, median(times.raw.up));
  const chunkedUp = mbPerSecond(bytes, median(chunked));
  return {
    uploadChunkedBaseline: { raw: rawUp, chunked: chunkedUp, ratio: chunkedUp / rawUp },
    upload: { ky: through(times.ky.up, times.raw.up), undici: through(times.undici.up, times.raw.up) },
    download: { ky: through(times.ky.down, times.raw.down), undici: through(times.undici.down, times.raw.down) },
  };
}

async function bigWorld(): Promise<MediaBenchResult['bigWorld']> {
  const world = { friends: 5000, groups: 50, groupSize: 500 };
  const sim = await startSimulator({ ...FAST, world });
  try {
    let client: WeChatClient | undefined;
    const loginMs = await timed(async () => {
      client = await online(sim);
    });
    const requests = Object.values(sim.stats().requests).reduce((a, b) => a + b, 0);
    if (client !== undefined) await lastValueFrom(client.close(), { defaultValue: undefined });
    return { ...world, loginMs, requests };
  } finally {
    await sim.close();
  }
}

/**
 * The clients (wechat-rx on both transports, and the raw fetch) run in a fresh process of their own, as in the
 * other scenarios: in the orchestrator, uploads measured 15–20 % slower at the end of a full run than in a run of
 * this scenario alone.
 */
async function transfersInChild(bytes: number, runs: number, dir: string): Promise<Transfers> {
  const child = spawnBench('media-process.ts', [JSON.stringify({ bytes, runs, dir })], 'media-client');
  try {
    return (await child.next('transfers', 10 * 60_000))['result'] as Transfers;
  } finally {
    await child.stop(5_000);
  }
}

export async function runMediaBench(options: MediaBenchOptions = {}): Promise<MediaBenchResult> {
  const bytes = (options.quick === true ? 5 : 20) * 1024 * 1024;
  const runs = options.quick === true ? 2 : 5;
  const dir = await mkdtemp(join(tmpdir(), 'wechat-rx-bench-'));
  try {
    const measured = await transfersInChild(bytes, runs, dir);
    return { bytes, runs, ...measured, bigWorld: await bigWorld() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function printMedia(result: MediaBenchResult): void {
  const row = (name: string, t: Throughput) =>
    `  ${name.padEnd(17)} client ${fmt(t.client).padStart(7)} MB/s   raw ${fmt(t.raw).padStart(7)} MB/s   ${fmt(t.ratio * 100, 0).padStart(4)} % of raw (target ≥ 70 %)`;
  console.log(`\nmedia: ${fmt(result.bytes / 2 ** 20, 0)} MiB over loopback, median of ${result.runs}`);
  for (const kind of ['ky', 'undici'] as const) {
    console.log(row(`upload (${kind})`, result.upload[kind]));
    console.log(row(`download (${kind})`, result.download[kind]));
  }
  const base = result.uploadChunkedBaseline;
  console.log(
    `  naive chunking    40 multipart POSTs through fetch + FormData, no md5: ${fmt(base.chunked)} MB/s = ${fmt(base.ratio * 100, 0)} % of one raw POST`,
  );
  const w = result.bigWorld;
  console.log(`  login to online, ${fmt(w.friends, 0)} friends + ${w.groups} × ${w.groupSize}: ${fmt(w.loginMs, 0)} ms, ${w.requests} requests`);
}
