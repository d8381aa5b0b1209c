import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Observable, type Subscriber } from 'rxjs';
import { FileExistsError } from '../../errors/file-exists-error.js';
import { MediaUnavailableError } from '../../errors/media-unavailable-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import type { Transport } from '../../http/transport.js';
import type { WxRequest, WxResponse } from '../../http/request.js';
import { extensionForContentType, extensionOf } from './mime.js';
import { numberedName, sanitizeFileName } from './sanitize.js';
import { DEFAULT_TRANSFER_TIMEOUTS, type TransferTimeouts, transferTimeoutMs } from './timeouts.js';

/** What to fetch and what to call it. */
export interface DownloadPlan {
  readonly request: WxRequest;
  /** The file name for a directory target, as the message gives it (sanitized here); an extension is added from the Content-Type when it has none. */
  readonly name: string;
  /** The size the message announces, for the timeout and `total` until the answer says. */
  readonly expectedSize?: number;
}

/** Bytes received so far; `total` when the server or the message said. */
export interface DownloadProgress {
  readonly type: 'progress';
  readonly loaded: number;
  readonly total: number | undefined;
}

/** The file is complete at `path`. */
export interface DownloadSaved {
  readonly type: 'saved';
  readonly path: string;
  readonly size: number;
  readonly contentType: string | undefined;
}

/**
 * The body as a Node stream (no `to` given). The caller owns it from here: unsubscribing no longer cancels it, and
 * `progress` events follow as it is read.
 */
export interface DownloadStream {
  readonly type: 'stream';
  readonly stream: Readable;
  readonly total: number | undefined;
  readonly contentType: string | undefined;
}

export type DownloadEvent = DownloadProgress | DownloadSaved | DownloadStream;

export interface DownloadOptions {
  /**
   * A file path, or an existing directory (then the message's sanitized file name is used, numbered when taken).
   * Without it the bytes come as a `Readable`. @default none
   */
  readonly to?: string;
  /** Replace an existing file at `to` (directory targets never overwrite). @default false */
  readonly overwrite?: boolean;
  /** Overrides of the client's transfer timeouts for this download. @default the client's */
  readonly timeouts?: TransferTimeouts;
}

export interface DownloadDeps {
  readonly transport: Transport;
  readonly timeouts?: TransferTimeouts;
}

/** Progress events at most every this many bytes (and at the end). */
const PROGRESS_STEP = 256 * 1024;

/** Counts bytes, reports progress and enforces the idle and total timeouts of one download. */
class Meter extends Transform {
  loaded = 0;
  private reported = 0;
  private idle: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly endpoint: WxRequest['endpoint'],
    private readonly idleMs: number,
    totalMs: number | undefined,
    private readonly onProgress: (loaded: number) => void,
  ) {
    super();
    this.arm();
    if (totalMs !== undefined) this.deadline = setTimeout(() => this.destroy(new TimeoutError(endpoint, totalMs)), totalMs);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.arm();
    this.loaded += chunk.length;
    if (this.loaded - this.reported >= PROGRESS_STEP) this.report();
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.stop();
    if (this.loaded !== this.reported || this.loaded === 0) this.report();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(error);
  }

  private report(): void {
    this.reported = this.loaded;
    this.onProgress(this.loaded);
  }

  private arm(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.destroy(new TimeoutError(this.endpoint, this.idleMs)), this.idleMs);
  }

  private stop(): void {
    clearTimeout(this.idle);
    clearTimeout(this.deadline);
  }
}

function header(response: WxResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The full size: `Content-Range: bytes a-b/total` (a ranged video answer), else `Content-Length`. */
function totalOf(response: WxResponse): number | undefined {
  const range = /\/(\d+)\s*$/.exec(header(response, 'content-range') ?? '');
  const value = range?.[1] ?? header(response, 'content-length');
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  if (/[/\\]$/.test(path)) return true;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Where a download goes: the final path (reserved unless overwriting) and a temporary sibling written first. */
interface Target {
  readonly path: string;
  readonly temp: string;
  readonly reserved: boolean;
}

/**
 * Picks and reserves the final path. A directory target takes the sanitized message name, numbered `name (1).ext`
 * when taken; an explicit path fails with `FileExistsError` unless `overwrite`. Reservation is an exclusive create,
 * so two downloads never pick the same name.
 */
async function chooseTarget(to: string, plan: DownloadPlan, contentType: string | undefined, overwrite: boolean): Promise<Target> {
  const temp = (path: string) => join(dirname(path), `.${randomBytes(6).toString('hex')}.part`);
  if (!(await isDirectory(to))) {
    if (overwrite) return { path: to, temp: temp(to), reserved: false };
    await reserve(to).catch((error: unknown) => {
      throw isExists(error) ? new FileExistsError(to) : error;
    });
    return { path: to, temp: temp(to), reserved: true };
  }
  let name = sanitizeFileName(plan.name, 'download');
  const ext = extensionForContentType(contentType);
  if (extensionOf(name) === '' && ext !== '') name = `${name}.${ext}`;
  for (let n = 0; n < 1000; n++) {
    const path = join(to, numberedName(name, n));
    try {
      await reserve(path);
      return { path, temp: temp(path), reserved: true };
    } catch (error) {
      if (!isExists(error)) throw error;
    }
  }
  throw new FileExistsError(join(to, name));
}

async function reserve(path: string): Promise<void> {
  await (await open(path, 'wx')).close();
}

const isExists = (error: unknown): boolean => (error as { code?: unknown } | undefined)?.code === 'EEXIST';

interface DownloadState {
  cancelled: boolean;
  handedOver: boolean;
  abort: (() => void) | undefined;
}

const emptyBody = (): ReadableStream<Uint8Array> => new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });

/**
 * Streams one media answer to a file (`to`) or hands it over as a `Readable`, never holding the body in memory.
 * The request waits `baseMs` for the headers; then the body may stall at most `idleMs`, and must finish within
 * `baseMs + size / minBytesPerSecond` when the size is known. An answer with no bytes is a `MediaUnavailableError`.
 */
export function download$(deps: DownloadDeps, plan: DownloadPlan, options: DownloadOptions = {}): Observable<DownloadEvent> {
  return new Observable<DownloadEvent>((subscriber) => {
    const timeouts = Object.assign({}, DEFAULT_TRANSFER_TIMEOUTS, deps.timeouts, options.timeouts);
    const state: DownloadState = { cancelled: false, handedOver: false, abort: undefined };
    const request = Object.assign({}, plan.request, { timeoutMs: timeouts.baseMs });
    const subscription = deps.transport.request(request).subscribe({
      next: (response) => {
        const body = Readable.fromWeb((response.stream ?? emptyBody()) as WebReadableStream<Uint8Array>);
        if (state.cancelled) {
          body.destroy();
          return;
        }
        const total = totalOf(response) ?? plan.expectedSize;
        const meter = new Meter(plan.request.endpoint, timeouts.idleMs, total === undefined ? undefined : transferTimeoutMs(total, timeouts), (loaded) =>
          subscriber.next({ type: 'progress', loaded, total }),
        );
        const chained = pipeline(body, meter, () => undefined) as Meter;
        state.abort = () => chained.destroy();
        const contentType = header(response, 'content-type');
        if (options.to === undefined) handOver(subscriber, chained, plan, total, contentType, state);
        else save(subscriber, chained, plan, options.to, options.overwrite ?? false, contentType, state);
      },
      error: (error: unknown) => subscriber.error(error),
    });
    return () => {
      state.cancelled = true;
      subscription.unsubscribe();
      if (!state.handedOver) state.abort?.();
    };
  });
}

function handOver(
  subscriber: Subscriber<DownloadEvent>,
  stream: Meter,
  plan: DownloadPlan,
  total: number | undefined,
  contentType: string | undefined,
  state: DownloadState,
): void {
  stream.once('end', () => {
    if (stream.loaded === 0) subscriber.error(new MediaUnavailableError(plan.request.endpoint, 'the server sent no bytes'));
    else subscriber.complete();
  });
  stream.once('error', (error) => subscriber.error(error));
  state.handedOver = true;
  subscriber.next({ type: 'stream', stream, total, contentType });
}

function save(
  subscriber: Subscriber<DownloadEvent>,
  stream: Meter,
  plan: DownloadPlan,
  to: string,
  overwrite: boolean,
  contentType: string | undefined,
  state: DownloadState,
): void {
  let target: Target | undefined;
  const cleanUp = async () => {
    if (target === undefined) return;
    await rm(target.temp, { force: true });
    if (target.reserved) await rm(target.path, { force: true });
  };
  const fail = (error: unknown) => {
    stream.destroy();
    void cleanUp().finally(() => subscriber.error(error));
  };
  chooseTarget(to, plan, contentType, overwrite).then((chosen) => {
    target = chosen;
    // Unsubscribed while the name was being reserved: the stream is already destroyed, only the files remain.
    if (state.cancelled) {
      void cleanUp();
      return;
    }
    const file = createWriteStream(chosen.temp, { flags: 'wx' });
    pipeline(stream, file, (error) => {
      if (error) {
        fail(error);
        return;
      }
      if (stream.loaded === 0) {
        fail(new MediaUnavailableError(plan.request.endpoint, 'the server sent no bytes'));
        return;
      }
      rename(chosen.temp, chosen.path).then(() => {
        subscriber.next({ type: 'saved', path: chosen.path, size: stream.loaded, contentType });
        subscriber.complete();
      }, fail);
    });
  }, fail);
}
