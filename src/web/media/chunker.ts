import type { FileHandle } from 'node:fs/promises';
import { UploadError } from '../../errors/upload-error.js';

/** Uploads go in 512 KiB chunks, one after another (docs/protocol.md §2.17, §5). */
export const CHUNK_SIZE = 524_288;

/** `ceil(size / chunkSize)`, at least 1: an empty file is still one (empty) part. */
export function chunkCount(size: number, chunkSize = CHUNK_SIZE): number {
  return Math.max(1, Math.ceil(size / chunkSize));
}

/** Where chunk `index` starts and how long it is; the last one is shorter. */
export function chunkRange(index: number, size: number, chunkSize = CHUNK_SIZE): { readonly start: number; readonly length: number } {
  const start = index * chunkSize;
  return { start, length: Math.max(0, Math.min(chunkSize, size - start)) };
}

/**
 * Reads chunk `index` of a file of `size` bytes: one chunk in memory at a time, whatever the file size. With `into`
 * (at least `chunkSize` bytes) the chunk is read into it and a view of it is returned, so a whole upload reuses one
 * buffer; without it a fresh buffer is allocated. A short read means the file shrank since it was measured, which
 * would corrupt the upload.
 */
export async function readChunk(file: FileHandle, index: number, size: number, chunkSize = CHUNK_SIZE, into?: Buffer): Promise<Uint8Array> {
  const { start, length } = chunkRange(index, size, chunkSize);
  const buffer = into === undefined ? Buffer.allocUnsafe(length) : into.subarray(0, length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, start + filled);
    if (bytesRead === 0) throw new UploadError('the file changed while it was uploaded');
    filled += bytesRead;
  }
  return buffer;
}

/**
 * Reads the chunks of a file through two buffers, reading the next chunk while the caller uses the current one
 * (hashes it, sends it): the disk read overlaps the work instead of adding to it. A returned chunk stays valid until
 * the next call returns (its buffer then takes the chunk after that). Reads in order are the fast path; any other
 * index is read on its own.
 */
export function prefetchingReader(file: FileHandle, size: number, chunkSize = CHUNK_SIZE): (index: number) => Promise<Uint8Array> {
  const buffers = [Buffer.allocUnsafe(Math.min(size, chunkSize)), Buffer.allocUnsafe(Math.min(size, chunkSize))] as const;
  const count = chunkCount(size, chunkSize);
  let ahead: { readonly index: number; readonly bytes: Promise<Uint8Array> } | undefined;
  const start = (index: number) => {
    const bytes = readChunk(file, index, size, chunkSize, buffers[index % 2]);
    // Observed by whoever asks for this chunk; an unasked-for prefetch must not become an unhandled rejection.
    bytes.catch(() => undefined);
    return { index, bytes };
  };
  return async (index) => {
    // A read into the buffer the prefetch is filling has to wait for it.
    if (ahead !== undefined && ahead.index !== index) await ahead.bytes.catch(() => undefined);
    const current = ahead?.index === index ? ahead : start(index);
    ahead = undefined;
    const bytes = await current.bytes;
    if (index + 1 < count) ahead = start(index + 1);
    return bytes;
  };
}
