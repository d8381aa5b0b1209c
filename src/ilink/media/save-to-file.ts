/** Writes a stream to a file so that nobody ever sees part of it at the final path. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileExistsError } from '../../errors/file-exists-error.js';
import { passThrough } from '../../util/pass-through.js';

export interface SaveOptions {
  /** Replace a file already at the path. @default false */
  readonly overwrite?: boolean;
  /** Aborting destroys the stream and removes the partial file. @default none */
  readonly signal?: AbortSignal;
}

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | undefined)?.code;

/** Fails with `FileExistsError` when something is at `path` already. */
export async function refuseExisting(path: string): Promise<void> {
  const found = await stat(path).then(
    () => true,
    (error: unknown) => {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    },
  );
  if (found) throw new FileExistsError(path);
}

/**
 * Moves the finished `temp` to `path`. Without `overwrite` a hard link publishes it only if nothing is there yet,
 * in one step; a file system without hard links falls back to a check and a rename.
 */
async function publish(temp: string, path: string, overwrite: boolean): Promise<void> {
  if (overwrite) return rename(temp, path);
  try {
    await link(temp, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') throw new FileExistsError(path);
    await refuseExisting(path);
    await rename(temp, path);
  }
}

/**
 * Writes `stream` to `path` through a temp file in the same folder (`.<name>.<random>.part`), renamed into place
 * once complete; resolves with the byte count. An existing file is refused with `FileExistsError` (before anything
 * is written, and again at the end) unless `overwrite`. On any failure the temp file is removed and `stream`
 * destroyed.
 */
export async function saveToFile(stream: Readable, path: string, options: SaveOptions = {}): Promise<number> {
  const overwrite = options.overwrite ?? false;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  let size = 0;
  const count = passThrough((chunk) => void (size += chunk.byteLength));
  try {
    if (!overwrite) await refuseExisting(path);
    const file = createWriteStream(temp, { flags: 'wx' });
    await pipeline(stream, count, file, options.signal === undefined ? {} : { signal: options.signal });
    await publish(temp, path, overwrite);
    return size;
  } catch (error) {
    stream.destroy();
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}
