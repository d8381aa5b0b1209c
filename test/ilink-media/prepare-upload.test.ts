import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMediaSourceError } from '../../src/errors/guards.js';
import { paddedSize } from '../../src/ilink/media/aes-ecb.js';
import { prepareUpload } from '../../src/ilink/media/prepare-upload.js';
import { perTest } from '../support/per-test.js';

const t = perTest();
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const bytesOf = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + (i >> 9)) & 0xff));

/** Each test's own system temp folder, so the spool files it makes can be counted. */
let spoolRoot = '';
const savedTmp = process.env['TMPDIR'];
beforeEach(async () => {
  spoolRoot = await t.tempDir();
  process.env['TMPDIR'] = spoolRoot;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
});

describe('prepareUpload', () => {
  it('measures bytes in place and hands them out again in slices, as often as asked', async () => {
    const bytes = bytesOf(150_000);
    const prepared = await prepareUpload(bytes);
    expect([prepared.fileName, prepared.size, prepared.md5, prepared.encryptedSize]).toEqual(['file', 150_000, md5(bytes), paddedSize(150_000)]);
    const chunks: Buffer[] = [];
    for await (const chunk of prepared.open()) chunks.push(chunk as Buffer);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBe(64 * 1024);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect((await buffer(prepared.open())).equals(bytes)).toBe(true);
    expect((await prepareUpload(new Uint8Array(0), 'empty.txt')).encryptedSize).toBe(16);
    expect((await prepareUpload(bytes, 'a.png')).fileName).toBe('a.png');
  });

  it('reads a file once to measure it, and again from the start on every open()', async () => {
    const path = join(await t.tempDir(), 'report.pdf');
    const bytes = bytesOf(300_001);
    await writeFile(path, bytes);
    const prepared = await prepareUpload(path);
    expect([prepared.fileName, prepared.size, prepared.md5]).toEqual(['report.pdf', 300_001, md5(bytes)]);
    expect((await buffer(prepared.open())).equals(bytes)).toBe(true);
    expect((await buffer(prepared.open())).equals(bytes)).toBe(true);
    await prepared.dispose();
    expect((await stat(path)).size).toBe(300_001);
  });

  it('refuses a missing path or a folder with MediaSourceError naming the path', async () => {
    const folder = await t.tempDir();
    const missing = await prepareUpload(join(folder, 'nope.jpg')).catch((e: unknown) => e);
    expect(isMediaSourceError(missing) && [missing.code, missing.reason]).toEqual(['ENOENT', 'no such file']);
    await mkdir(join(folder, 'dir'));
    const dir = await prepareUpload(join(folder, 'dir')).catch((e: unknown) => e);
    expect(isMediaSourceError(dir) && dir.code).toBe('EISDIR');
  });

  it('spools a stream to a 0600 file under the temp folder, measured on the way, removed by dispose()', async () => {
    const bytes = bytesOf(200_000);
    const prepared = await prepareUpload(Readable.from([bytes.subarray(0, 70_000), bytes.subarray(70_000)]), 'voice.silk');
    expect([prepared.fileName, prepared.size, prepared.md5]).toEqual(['voice.silk', 200_000, md5(bytes)]);
    const [folder] = await readdir(spoolRoot);
    expect(folder).toMatch(/^wechat-rx-ilink-/);
    const [spool] = await readdir(join(spoolRoot, folder ?? ''));
    const mode = (await stat(join(spoolRoot, folder ?? '', spool ?? ''))).mode & 0o777;
    expect(mode).toBe(0o600);
    expect((await buffer(prepared.open())).equals(bytes)).toBe(true);
    await prepared.dispose();
    await prepared.dispose();
    expect(await readdir(spoolRoot)).toEqual([]);
  });

  it('names a file stream after its file', async () => {
    const path = join(await t.tempDir(), 'clip.mp4');
    await writeFile(path, bytesOf(10));
    const prepared = await prepareUpload(createReadStream(path));
    expect(prepared.fileName).toBe('clip.mp4');
    await prepared.dispose();
  });

  it('removes the spool file when the stream fails', async () => {
    const failing = new PassThrough();
    failing.write(bytesOf(1000));
    setTimeout(() => failing.destroy(new Error('disk unplugged')), 20);
    await expect(prepareUpload(failing)).rejects.toThrow('disk unplugged');
    expect(await readdir(spoolRoot)).toEqual([]);
  });
});
