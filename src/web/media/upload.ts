import { concat, concatMap, defer, EMPTY, expand, from, map, type Observable, of, throwError } from 'rxjs';
import { retryOnRetcode, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { UploadError } from '../../errors/upload-error.js';
import { call } from '../client/call.js';
import type { Transport } from '../../http/transport.js';
import type { Env, SessionContext } from '../protocol/endpoints/context.js';
import { type UploadFile, type UploadMediaResponse, uploadMediaType, type UploadMediaType, webwxuploadmedia } from '../protocol/endpoints/media.js';
import { CHUNK_SIZE, chunkCount } from './chunker.js';
import { mimeTypeOf } from './mime.js';
import { usingResource } from './resource.js';
import { type OpenedMedia, openMedia } from './source.js';
import { type MediaSource } from '../../model/media-source.js';
import { type TransferTimeouts, transferTimeoutMs } from './timeouts.js';

/** Bytes sent so far, after each chunk. */
export interface UploadProgress {
  readonly type: 'progress';
  readonly loaded: number;
  readonly total: number;
}

/** The finished upload: the `MediaId` to send, and what the server was told about the file. */
export interface UploadedMedia {
  readonly type: 'uploaded';
  readonly mediaId: string;
  readonly name: string;
  readonly size: number;
  readonly md5: string;
  readonly mediaType: UploadMediaType;
}

export type UploadEvent = UploadProgress | UploadedMedia;

export interface UploadOptions {
  /** The file name the server and the recipient see. @default the path's base name, else `file` + the sniffed extension */
  readonly name?: string;
  /** The chat the upload is for (`ToUserName`). @default 'filehelper' */
  readonly to?: string;
  /** `pic`, `video` or `doc`. @default by extension (bmp/jpeg/jpg/png → pic, mp4 → video, else doc) */
  readonly mediaType?: UploadMediaType;
  /** The form's `type` field. @default by extension, else application/octet-stream */
  readonly mimeType?: string;
}

/** Upload options plus a media type chosen from the final name (known only once the source is opened). */
export interface UploadConfig extends UploadOptions {
  readonly mediaTypeFor?: (name: string) => UploadMediaType;
}

/** What an upload needs from a session, read again for every chunk (the skey may change meanwhile). */
export interface UploadSession {
  readonly context: SessionContext;
  readonly self: string;
  /** The `webwx_data_ticket` cookie for the file host (`''` when missing). */
  readonly dataTicket: string;
}

export interface UploadDeps {
  readonly transport: Transport;
  readonly env: Env;
  readonly session: () => UploadSession;
  readonly timeouts?: TransferTimeouts;
  /** Retries of one chunk: chunks are idempotent (the server keys them by `ClientMediaId` and index). */
  readonly retry?: Pick<RetryOnRetcodeConfig, 'rateLimited' | 'transient'>;
}

let lastClientMediaId = 0;

/** `ClientMediaId` is the ms time (docs/protocol.md §2.17), made unique so two uploads in one ms never merge. */
function clientMediaId(env: Env): number {
  lastClientMediaId = Math.max(Math.trunc(env.now()), lastClientMediaId + 1);
  return lastClientMediaId;
}

/**
 * webwxuploadmedia in 512 KiB chunks, one after another, reading one chunk at a time from the source. Emits
 * `progress` after each chunk, then `uploaded` with the `MediaId`. Cold; unsubscribing stops between or during
 * chunks and releases the file.
 */
export function upload$(deps: UploadDeps, source: MediaSource, options: UploadConfig = {}): Observable<UploadEvent> {
  return usingResource(
    (signal) => openMedia(source, options.name, signal),
    (media) => (media.size === 0 ? throwError(() => new UploadError('the file is empty')) : chunks$(deps, media, options)),
  );
}

function chunks$(deps: UploadDeps, media: OpenedMedia, options: UploadConfig): Observable<UploadEvent> {
  const total = chunkCount(media.size);
  const mediaType = options.mediaType ?? options.mediaTypeFor?.(media.name) ?? uploadMediaType(media.name);
  const shared: Omit<UploadFile, 'from' | 'dataTicket' | 'timeoutMs'> = {
    fileName: media.name,
    mimeType: options.mimeType ?? mimeTypeOf(media.name),
    size: media.size,
    to: options.to ?? 'filehelper',
    fileMd5: media.md5,
    clientMediaId: clientMediaId(deps.env),
    lastModifiedDate: new Date(deps.env.now()).toString(),
    mediaType,
  };
  const retry = deps.retry ?? {};
  const sendChunk = (index: number): Observable<{ index: number; response: UploadMediaResponse }> =>
    from(media.chunk(index)).pipe(
      concatMap((bytes) =>
        defer(() => {
          const session = deps.session();
          const file: UploadFile = Object.assign(
            { from: session.self, dataTicket: session.dataTicket, timeoutMs: transferTimeoutMs(bytes.byteLength, deps.timeouts) },
            shared,
          );
          return call(deps.transport, webwxuploadmedia, session.context, { file, index, data: bytes });
        }).pipe(
          retryOnRetcode({ rateLimited: retry.rateLimited ?? {}, transient: retry.transient ?? { count: 2, initialDelay: 500 } }),
        ),
      ),
      map((response) => ({ index, response })),
    );

  return sendChunk(0).pipe(
    expand(({ index }) => (index + 1 < total ? sendChunk(index + 1) : EMPTY)),
    concatMap(({ index, response }): Observable<UploadEvent> => {
      const progress = of<UploadEvent>({ type: 'progress', loaded: Math.min(media.size, (index + 1) * CHUNK_SIZE), total: media.size });
      if (index + 1 < total) return progress;
      if (response.MediaId === '') return concat(progress, throwError(() => new UploadError('the last chunk was answered without a MediaId')));
      const done: UploadedMedia = { type: 'uploaded', mediaId: response.MediaId, name: media.name, size: media.size, md5: media.md5, mediaType };
      return concat(progress, of(done));
    }),
  );
}
