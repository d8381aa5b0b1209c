/**
 * Readies a `MediaSource` for a CDN upload (docs/ilink-protocol.md §7.3 step 1): its size and md5 are needed before
 * the first byte goes out, so the source is measured in one pass and read again, as a stream, for each attempt. No
 * source is held in memory: a stream is spooled to a private temp file while it is measured.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaSourceError } from '../../errors/media-source-error.js';
import type { MediaSource } from '../../model/media-source.js';
import { paddedSize } from './aes-ecb.js';

/** A source measured for upload. */
export interface PreparedUpload {
  /** The name to send: the one given, else the file's (or a file stream's) base name, else `file`. */
  readonly fileName: string;
  /** Plaintext bytes (`rawsize`). */
  readonly size: number;
  /** Lower-case hex md5 of the plaintext (`rawfilemd5`). */
  readonly md5: string;
  /** Ciphertext bytes, `paddedSize(size)` (`filesize`). */
  readonly encryptedSize: number;
  /** The plaintext from its first byte, a new stream on every call (one per upload attempt). */
  open(): Readable;
  /** Removes the spool file of a stream source; nothing to do for the others. Safe to call more than once. */
  dispose(): Promise<void>;
}

/** Bytes sources are handed out in slices of this size, so encryption never copies a big buffer whole. */
const SLICE_BYTES = 64 * 1024;

/** Byte count and md5 of what it is fed. */
class Measure {
  private readonly hash = createHash('md5');
  size = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.byteLength;
  }

  /** A pass-through that feeds this measure. */
  tap(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) => {
        this.update(chunk);
        callback(null, chunk);
      },
    });
  }

  /** The source as measured; `path` is read again, from the start, for every `open()`. */
  prepared(path: string, fileName: string, dispose: () => Promise<void>): PreparedUpload {
    return { fileName, size: this.size, md5: this.hash.digest('hex'), encryptedSize: paddedSize(this.size), open: () => createReadStream(path), dispose };
  }
}

const PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'not readable (permission denied)',
  EPERM: 'not readable (permission denied)',
  EISDIR: 'it is a folder, not a file',
};

function sourceError(path: string, error: unknown): MediaSourceError {
  const code = (error as NodeJS.ErrnoException).code;
  return new MediaSourceError(path, (code === undefined ? undefined : PROBLEMS[code]) ?? `cannot be read (${code ?? 'unknown error'})`, code);
}

function fromBytes(bytes: Uint8Array, name: string | undefined): PreparedUpload {
  return {
    fileName: name ?? 'file',
    size: bytes.byteLength,
    md5: createHash('md5').update(bytes).digest('hex'),
    encryptedSize: paddedSize(bytes.byteLength),
    open: () => Readable.from(slices(bytes), { objectMode: false }),
    dispose: async () => undefined,
  };
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += SLICE_BYTES) yield bytes.subarray(at, at + SLICE_BYTES);
}

/** Reads the file once to measure it; a file whose size changed meanwhile is refused. */
async function fromPath(path: string, fileName: string): Promise<PreparedUpload> {
  try {
    const before = await stat(path);
    if (!before.isFile()) throw before.isDirectory() ? sourceError(path, { code: 'EISDIR' }) : new MediaSourceError(path, 'not a regular file', 'ENOTFILE');
    const measure = new Measure();
    for await (const chunk of createReadStream(path)) measure.update(chunk as Buffer);
    if ((await stat(path)).size !== measure.size) throw new MediaSourceError(path, 'it changed while it was read', 'ECHANGED');
    return measure.prepared(path, fileName, async () => undefined);
  } catch (error) {
    throw error instanceof MediaSourceError ? error : sourceError(path, error);
  }
}

/** The base name of a file stream (`fs.createReadStream` keeps its path). */
function pathOf(stream: NodeJS.ReadableStream): string | undefined {
  const path = (stream as { path?: unknown }).path;
  return typeof path === 'string' ? basename(path) : undefined;
}

/** Spools `stream`, measuring it on the way, to a 0600 file in a 0700 folder of its own under the system temp folder. */
async function fromStream(stream: NodeJS.ReadableStream, name: string | undefined): Promise<PreparedUpload> {
  const folder = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-'));
  const dispose = () => rm(folder, { recursive: true, force: true });
  const spool = join(folder, 'upload');
  try {
    const measure = new Measure();
    await pipeline(stream, measure.tap(), createWriteStream(spool, { flags: 'wx', mode: 0o600 }));
    return measure.prepared(spool, name ?? pathOf(stream) ?? 'file', dispose);
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * Measures `source` for upload: a path is read once (then again per attempt), bytes are used as they are (do not
 * change them until the upload ends), a stream is spooled to a 0600 temp file that `dispose()` removes (and that
 * is removed at once when preparing fails). A missing or unreadable path fails with `MediaSourceError`.
 */
export async function prepareUpload(source: MediaSource, name?: string): Promise<PreparedUpload> {
  if (typeof source === 'string') return fromPath(source, name ?? basename(source));
  if (source instanceof Uint8Array) return fromBytes(source, name);
  return fromStream(source, name);
}
