/**
 * The encrypted media round trip of a 20 MiB file through the client: `sendFile` from a path to the
 * simulator's CDN, and a received 20 MiB file downloaded with `download(m, { to })`, each holding far less than the
 * file in memory at any time. The simulator runs in this process too, so buffering on either side would show.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import type { IlinkSimulator } from '../../src/testing/index.js';
import { perTest } from '../support/per-test.js';
import { collect, ilinkClientFor, qrLogin, startFastIlinkSim } from './helpers.js';
import { collector, memoryPeak } from './live-memory.js';

const t = perTest();
const MIB = 1024 * 1024;
const FILE_BYTES = 20 * MIB;
/** Streaming measured 1–3 MiB of growth here; holding the file (or its ciphertext) once adds 20. */
const LIMIT_MIB = 12;

/** `size` varied bytes made a MiB at a time (`write` gets the same buffer, refilled). */
async function fillBlocks(size: number, write: (block: Buffer) => Promise<unknown> | void): Promise<string> {
  const hash = createHash('md5');
  const block = Buffer.alloc(MIB);
  for (let at = 0; at < size; at += MIB) {
    for (let i = 0; i < MIB; i += 4) block.writeUInt32LE(((at + i) ^ 0x9e3779b9) >>> 0, i);
    hash.update(block);
    await write(block);
  }
  return hash.digest('hex');
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const mib = (bytes: number): string => (bytes / MIB).toFixed(1);

/**
 * Looks into `dir` on every turn of the event loop and calls `sample` once while the download's temp file holds some
 * but not all of the file; true if that happened before the file was saved (or the download `ended` otherwise). A
 * download yields to the loop between its writes, so a turn comes mid-file.
 */
function sampleWhilePartlyWritten(dir: string, saved: string, sample: () => void, ended: () => boolean): Promise<boolean> {
  const written = (): number => Math.max(0, ...readdirSync(dir).map((name) => statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0));
  return new Promise((done) => {
    const look = (): void => {
      if (ended() || existsSync(join(dir, saved))) return done(false);
      const size = written();
      if (size > 0 && size < FILE_BYTES) {
        sample();
        return done(true);
      }
      setImmediate(look);
    };
    setImmediate(look);
  });
}

describe('a 20 MiB encrypted media round trip through the client', () => {
  let sim: IlinkSimulator;
  let client: IlinkClient;
  let peer: string;
  const gc = collector();
  beforeAll(async () => {
    sim = await startFastIlinkSim();
    client = ilinkClientFor(sim);
    await qrLogin(client, sim);
    peer = sim.userId(1);
    const hello = collect(client.messages$, 1);
    sim.inject({ kind: 'text', from: peer, text: 'send me the video' });
    await hello;
  });
  afterAll(async () => {
    await lastValueFrom(client.close(), { defaultValue: undefined });
    await sim.close();
  });

  it('sendFile streams a 20 MiB file to the CDN, stored intact, with flat memory', async () => {
    const path = join(await t.tempDir(), 'video.mp4');
    const file = await open(path, 'wx');
    const md5 = await fillBlocks(FILE_BYTES, (block) => file.write(block));
    await file.close();

    const memory = memoryPeak(gc);
    let sampledHalfWay = false;
    const onProgress = ({ loaded, total }: { readonly loaded: number; readonly total: number }) => {
      if (sampledHalfWay || loaded < total / 2) return;
      sampledHalfWay = true;
      memory.sample();
    };
    const result = await lastValueFrom(client.sendFile(peer, path, { onProgress }));
    memory.stop();

    expect(result).toMatchObject({ chat: peer, confirmed: true, name: 'video.mp4', size: FILE_BYTES });
    const [check] = sim.sent().at(-1)!.media;
    expect(check?.verdict).toBe('ok');
    expect(sim.media(check!.encryptQueryParam)).toEqual({ size: Math.ceil((FILE_BYTES + 1) / 16) * 16, rawSize: FILE_BYTES, md5, source: 'upload' });
    expect(sampledHalfWay).toBe(true);
    expect(memory.growth() / MIB, `live memory grew ${mib(memory.growth())} MiB`).toBeLessThan(LIMIT_MIB);
  }, 20_000);

  it('download(m, { to }) decrypts a received 20 MiB file to disk with flat memory', async () => {
    const arrived = firstValueFrom(client.messages$.pipe(filter((m): m is Extract<IlinkMessage, { kind: 'file' }> => m.kind === 'file'), timeout(10_000)));
    const chunks: Buffer[] = [];
    await fillBlocks(FILE_BYTES, (block) => void chunks.push(Buffer.from(block)));
    const injected = sim.inject({ kind: 'file', from: peer, data: Buffer.concat(chunks.splice(0)), fileName: 'big.bin' });
    const message = await arrived;
    expect(message).toMatchObject({ fileName: 'big.bin', size: FILE_BYTES });

    const dir = await t.tempDir();
    const to = join(dir, 'big.bin');
    const memory = memoryPeak(gc);
    // A fast machine saves the file before the first timed sample: sample once the file is partly written.
    let downloading = true;
    const sampledMidway = sampleWhilePartlyWritten(dir, 'big.bin', memory.sample, () => !downloading);
    const saved = await lastValueFrom(client.download(message, { to })).finally(() => (downloading = false));
    memory.stop();

    expect(saved).toEqual({ type: 'saved', path: to, size: FILE_BYTES });
    expect(await sampledMidway).toBe(true);
    expect(await md5Of(to)).toBe(injected.media?.md5);
    expect(memory.growth() / MIB, `live memory grew ${mib(memory.growth())} MiB`).toBeLessThan(LIMIT_MIB);
  }, 20_000);
});
