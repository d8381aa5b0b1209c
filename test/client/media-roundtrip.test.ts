import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lastValueFrom, timeout, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/web/client/client.js';
import { FAST_CLIENT, login } from './helpers.js';

/**
 * The simulator keeps every uploaded byte in memory, so it runs in its own process here: what is measured is the
 * client alone. Each sample collects garbage first, so it shows what the client retains: chunks it has finished
 * with may otherwise linger until V8 feels pressure (tens of MB of garbage), which says nothing about what is held.
 * RSS also counts freed memory the allocator keeps, so it follows how often garbage is collected (here every 20 ms).
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
let child: ChildProcessByStdio<null, Readable, Readable>;
let origin: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wechat-rx-roundtrip-'));
  const script = fileURLToPath(new URL('../simulator/fixtures/run-sim.ts', import.meta.url));
  child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--auto-confirm', '--login-hold-ms', '300', '--sync-hold-ms', '300'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const nl = buffered.indexOf('\n');
      if (nl >= 0) resolve(buffered.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited with ${String(code)}`)));
  });
  origin = (JSON.parse(line) as { origin: string }).origin;
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  await rm(dir, { recursive: true, force: true });
});

/** Writes `size` pseudo-random bytes 1 MiB at a time. */
async function writeBigFile(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.alloc(1024 * 1024);
  try {
    for (let written = 0, n = 0; written < size; n++) {
      for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.imul(n * block.length + i, 2654435761) ^ n) >>> 0, i);
      const length = Math.min(block.length, size - written);
      await file.write(block, 0, length);
      written += length;
    }
  } finally {
    await file.close();
  }
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('a 20 MB file round trip', () => {
  it('uploads and downloads the same bytes while the client’s memory stays flat', async () => {
    const size = 20 * 1024 * 1024;
    const source = join(dir, 'big.bin');
    await writeBigFile(source, size);
    const client = createClient({ server: origin, ...FAST_CLIENT, contactBatchRate: false });
    await login(client);

    collectGarbage();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakBuffers = base.arrayBuffers;
    let peakHeap = base.heapUsed;
    // Collect, let finalizers run (fetch releases request and response bodies through them), collect again, measure.
    const sampler = setInterval(() => {
      collectGarbage();
      setImmediate(() => {
        collectGarbage();
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      });
    }, 20);
    try {
      const sent = await lastValueFrom(client.sendFile('filehelper', source).pipe(timeout(60_000)));
      const self = client.user?.UserName ?? '';
      const events = await lastValueFrom(
        client.download({ kind: 'file', mediaId: sent.mediaId ?? '', fileName: 'big.bin', from: self, size }, { to: join(dir, 'copy.bin') }).pipe(toArray(), timeout(60_000)),
      );
      expect(events.at(-1)).toMatchObject({ type: 'saved', size });
    } finally {
      clearInterval(sampler);
    }
    const mib = (bytes: number) => bytes / 2 ** 20;
    const growth = { rss: mib(peakRss - base.rss), arrayBuffers: mib(peakBuffers - base.arrayBuffers), heapUsed: mib(peakHeap - base.heapUsed) };
    console.info(
      `20 MB round trip, peak growth: rss ${growth.rss.toFixed(1)} MiB, arrayBuffers ${growth.arrayBuffers.toFixed(1)} MiB, heapUsed ${growth.heapUsed.toFixed(1)} MiB`,
    );
    expect(await md5Of(join(dir, 'copy.bin'))).toBe(await md5Of(source));
    // Holding the file would add 20 MiB to arrayBuffers (or to the heap), and at least that to the RSS, whose growth
    // also counts the allocator's slack and so varies with the machine's load (16.2 MiB seen on a busy one).
    expect(growth.arrayBuffers).toBeLessThan(8);
    expect(growth.heapUsed).toBeLessThan(8);
    expect(growth.rss).toBeLessThan(20);
    await lastValueFrom(client.logout());
  }, 120_000);
});
