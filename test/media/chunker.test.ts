import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUploadError } from '../../src/errors/media-guards.js';
import { CHUNK_SIZE, chunkCount, chunkRange, prefetchingReader, readChunk } from '../../src/web/media/chunker.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chunker-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('chunk arithmetic', () => {
  it('is ceil(size / 512 KiB), at least one', () => {
    expect(CHUNK_SIZE).toBe(524_288);
    expect(chunkCount(0)).toBe(1);
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(CHUNK_SIZE)).toBe(1);
    expect(chunkCount(CHUNK_SIZE + 1)).toBe(2);
    expect(chunkCount(20 * 1024 * 1024)).toBe(40);
  });

  it('gives the last chunk the remainder', () => {
    expect(chunkRange(0, CHUNK_SIZE + 10)).toEqual({ start: 0, length: CHUNK_SIZE });
    expect(chunkRange(1, CHUNK_SIZE + 10)).toEqual({ start: CHUNK_SIZE, length: 10 });
    expect(chunkRange(2, CHUNK_SIZE + 10)).toEqual({ start: 2 * CHUNK_SIZE, length: 0 });
  });
});

describe('readChunk', () => {
  it('reads each chunk of a file exactly, one fresh buffer per chunk', async () => {
    const size = 2 * CHUNK_SIZE + 12_345;
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 9) + Math.floor(i / CHUNK_SIZE) * 11) & 0xff;
    const path = join(dir, 'f.bin');
    await writeFile(path, data);
    const file = await open(path, 'r');
    try {
      const chunks = await Promise.all([0, 1, 2].map((i) => readChunk(file, i, size)));
      expect(chunks.map((c) => c.byteLength)).toEqual([CHUNK_SIZE, CHUNK_SIZE, 12_345]);
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
      expect(chunks[0]?.buffer).not.toBe(chunks[1]?.buffer);
    } finally {
      await file.close();
    }
  });

  it('fails with UploadError when the file shrank after it was measured', async () => {
    const path = join(dir, 'g.bin');
    await writeFile(path, Buffer.alloc(CHUNK_SIZE + 100, 1));
    const file = await open(path, 'r');
    try {
      await truncate(path, 10);
      const error: unknown = await readChunk(file, 1, CHUNK_SIZE + 100).catch((e: unknown) => e);
      expect(isUploadError(error)).toBe(true);
    } finally {
      await file.close();
    }
  });
});

describe('prefetchingReader', () => {
  const size = 3 * CHUNK_SIZE + 777;
  let data: Buffer;
  let path: string;
  beforeEach(async () => {
    data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 13 + (i >> 11) + Math.floor(i / CHUNK_SIZE) * 29) & 0xff;
    path = join(dir, 'p.bin');
    await writeFile(path, data);
  });
  const expected = (index: number) => data.subarray(index * CHUNK_SIZE, Math.min(size, (index + 1) * CHUNK_SIZE));

  /** Runs `work` with a reader over the test file, and closes the file whatever happens. */
  async function withReader(work: (read: (index: number) => Promise<Uint8Array>) => Promise<void>): Promise<void> {
    const file = await open(path, 'r');
    try {
      await work(prefetchingReader(file, size));
    } finally {
      await file.close();
    }
  }

  it('reads the chunks in order, each intact while the next one is read ahead', () =>
    withReader(async (read) => {
      for (let index = 0; index < chunkCount(size); index++) {
        const chunk = await read(index);
        // Let the read-ahead of the next chunk land: it must not touch the chunk in hand.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(Buffer.from(chunk).equals(expected(index))).toBe(true);
      }
    }));

  it('reads any chunk asked for out of order, and again from the start (hash pass, then upload)', () =>
    withReader(async (read) => {
      for (const index of [2, 0, 3, 1, 0, 1]) expect(Buffer.from(await read(index)).equals(expected(index))).toBe(true);
    }));

  it('fails with UploadError when the file shrank, and leaves no unhandled rejection from a read-ahead', () =>
    withReader(async (read) => {
      await read(0);
      await truncate(path, 10);
      // Chunk 1 may have been read ahead before the truncation; chunk 2 is read after it.
      const errors: unknown[] = [];
      for (const index of [1, 2]) await read(index).catch((e: unknown) => errors.push(e));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every(isUploadError)).toBe(true);
    }));
});
