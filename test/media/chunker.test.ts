import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUploadError } from '../../src/errors/media-guards.js';
import { CHUNK_SIZE, chunkCount, chunkRange, readChunk } from '../../src/media/chunker.js';

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
    for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
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
