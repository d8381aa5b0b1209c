import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, type FileHandle, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { passThrough } from '../../util/pass-through.js';
import { MediaSourceError } from '../../errors/media-source-error.js';
import type { MediaSource } from '../../model/media-source.js';
import { UploadError } from '../../errors/upload-error.js';
import { CHUNK_SIZE, chunkCount, prefetchingReader } from './chunker.js';
import { extensionFor, sniff } from './mime.js';


/** A source opened for upload: its size and md5 are known before the first chunk goes out. */
export interface OpenedMedia {
  readonly name: string;
  readonly size: number;
  /** Hex md5 of the whole file (`FileMd5` of the upload request). */
  readonly md5: string;
  /** The first bytes, for format sniffing. */
  readonly head: Uint8Array;
  /**
   * Chunk `index` of `CHUNK_SIZE` bytes (the last one shorter), read when asked for (a file source reads the next
   * one ahead). A file source reuses its buffers: the bytes stay valid until the next call, which an upload makes
   * only once the previous chunk was answered.
   */
  chunk(index: number): Promise<Uint8Array>;
  /** Releases the file handle and any spool file. Safe to call more than once. */
  close(): Promise<void>;
}

const HEAD_BYTES = 16;

/** md5, byte count and first bytes of what is fed to it. */
class Digest {
  readonly hash: Hash = createHash('md5');
  size = 0;
  head: Uint8Array = new Uint8Array(0);

  update(chunk: Uint8Array): void {
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    this.hash.update(chunk);
    this.size += chunk.length;
  }
}

/** A name for a source that has none: `file` plus the extension its bytes suggest. */
function defaultName(head: Uint8Array): string {
  const ext = extensionFor(sniff(head));
  return ext === '' ? 'file' : `file.${ext}`;
}

function fromBytes(bytes: Uint8Array, name: string | undefined): OpenedMedia {
  const head = bytes.subarray(0, HEAD_BYTES);
  return {
    name: name ?? defaultName(head),
    size: bytes.byteLength,
    md5: createHash('md5').update(bytes).digest('hex'),
    head,
    chunk: async (index) => bytes.subarray(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE),
    close: async () => undefined,
  };
}

/**
 * md5 and first bytes of an open file of `size` bytes, read chunk by chunk through `read` (the reader the upload
 * uses next, so hashing allocates nothing). A file that grew or shrank meanwhile is refused.
 */
async function hashFile(
  file: FileHandle,
  size: number,
  read: (index: number) => Promise<Uint8Array>,
  signal: AbortSignal,
): Promise<{ md5: string; head: Uint8Array }> {
  const hash = createHash('md5');
  let head: Uint8Array = new Uint8Array(0);
  for (let index = 0; index < chunkCount(size); index++) {
    signal.throwIfAborted();
    const bytes = await read(index);
    if (index === 0) head = Uint8Array.from(bytes.subarray(0, HEAD_BYTES));
    hash.update(bytes);
  }
  if ((await file.stat()).size !== size) throw new UploadError('the file changed while it was read');
  return { md5: hash.digest('hex'), head };
}

/** A file read twice, a chunk at a time through two buffers: once to hash it, then chunk by chunk as the upload asks. */
async function fromPath(
  path: string,
  name: string | undefined,
  signal: AbortSignal,
  spool?: { readonly digest: Digest; readonly remove: () => Promise<void> },
): Promise<OpenedMedia> {
  const file = await open(path, 'r').catch((error: unknown) => {
    throw sourceError(path, error);
  });
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= file.close().finally(() => spool?.remove());
    return closed;
  };
  try {
    const { size } = await file.stat();
    const read = prefetchingReader(file, size);
    const hashed =
      spool === undefined ? await hashFile(file, size, read, signal) : { md5: spool.digest.hash.digest('hex'), head: spool.digest.head };
    if (spool !== undefined && spool.digest.size !== size) throw new UploadError('the file changed while it was read');
    return {
      name: name ?? basename(path),
      size,
      md5: hashed.md5,
      head: hashed.head,
      chunk: read,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A stream of unknown length is spooled to a temporary file (hashed on the way), so the upload knows the size and
 * md5 up front without holding the bytes in memory; the spool is deleted on `close`.
 */
async function fromStream(stream: NodeJS.ReadableStream, name: string | undefined, signal: AbortSignal): Promise<OpenedMedia> {
  const dir = await mkdtemp(join(tmpdir(), 'wechat-rx-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const spool = join(dir, 'upload');
    const digest = new Digest();
    await pipeline(stream, passThrough((chunk) => digest.update(chunk)), createWriteStream(spool, { flags: 'wx' }), { signal });
    return await fromPath(spool, name ?? defaultName(digest.head), signal, { digest, remove });
  } catch (error) {
    await remove();
    throw error;
  }
}

const SOURCE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a folder on the way is a file',
  EACCES: 'not readable (permission denied)',
  EPERM: 'not readable (permission denied)',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

function sourceError(path: string, error: unknown): MediaSourceError {
  const code = (error as NodeJS.ErrnoException).code;
  return new MediaSourceError(path, (code === undefined ? undefined : SOURCE_PROBLEMS[code]) ?? `cannot be read (${code ?? 'unknown error'})`, code);
}

/**
 * Checks a file source before anything is sent: it exists, is a regular file and can be read. Bytes and streams
 * pass as they are. Fails with `MediaSourceError` naming the path.
 */
export async function checkMediaSource(source: MediaSource): Promise<void> {
  if (typeof source !== 'string') return;
  try {
    const info = await stat(source);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: info.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    await access(source, constants.R_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTFILE') throw new MediaSourceError(source, 'not a regular file', 'ENOTFILE');
    throw sourceError(source, error);
  }
}

/** Opens any `MediaSource` for a chunked upload; `signal` aborts the hashing or spooling. */
export async function openMedia(source: MediaSource, name: string | undefined, signal: AbortSignal): Promise<OpenedMedia> {
  if (typeof source === 'string') return fromPath(source, name, signal);
  if (source instanceof Uint8Array) return fromBytes(source, name);
  return fromStream(source, name, signal);
}
