import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { defer, finalize, from, map, type Observable, switchMap } from 'rxjs';
import { MediaUnavailableError } from '../../errors/media-unavailable-error.js';
import type { MediaSource } from '../../model/media-source.js';
import type { WxMessage } from '../../model/message.js';
import { aesKeyForSend, aesKeyFromHex, newFileKey, newMediaKey, parseAesKey } from '../media/aes-key.js';
import { downloadFromCdn } from '../media/cdn-download.js';
import { uploadToCdn } from '../media/cdn-upload.js';
import { cdnDownloadUrl, cdnUploadUrl } from '../media/cdn-urls.js';
import { downloadToFile } from '../media/download-to-file.js';
import { prepareUpload } from '../media/prepare-upload.js';
import { getUploadUrl } from '../protocol/endpoints/media.js';
import type { MediaRef } from '../protocol/messages/decode.js';
import { MEDIA_TYPE, type MediaKind, mediaItem } from '../protocol/outgoing.js';
import type { Hosts } from './hosts.js';
import type { OperationHttp } from './operation-http.js';
import type { Sender } from './sender.js';
import type { IlinkSession } from './session.js';
import type { IlinkMediaSendResult } from './types.js';

/** Options of `sendImage`, `sendFile` and `sendVideo`. */
export interface IlinkSendMediaOptions {
  /** The file name the recipient sees (files). @default the path's base name, else `file` */
  readonly name?: string;
  /** Called as the ciphertext goes out: bytes sent of `total` (starts over when an attempt is retried). @default none */
  readonly onProgress?: (progress: { readonly loaded: number; readonly total: number }) => void;
}

/** The messages `download` fetches: pictures, voice, video, files, and quotes of one of those. */
export type IlinkDownloadable = Extract<WxMessage, { readonly kind: 'image' | 'voice' | 'video' | 'file' | 'quote' }>;

export interface IlinkDownloadOptions {
  /** A file path, or an existing directory (the message's file name is used). Without it the bytes come as a `Readable`. @default none */
  readonly to?: string;
  /** Replace an existing file at `to`. @default false */
  readonly overwrite?: boolean;
}

/** The file is complete at `path`. */
export interface IlinkDownloadSaved {
  readonly type: 'saved';
  readonly path: string;
  readonly size: number;
}

/** The plaintext as a stream (no `to` given): the subscriber owns it, read it or destroy it. */
export interface IlinkDownloadStream {
  readonly type: 'stream';
  readonly stream: Readable;
}

export type IlinkDownload = IlinkDownloadSaved | IlinkDownloadStream;

export interface MediaDeps {
  readonly http: OperationHttp;
  readonly hosts: Hosts;
  readonly sender: Sender;
  /** The online session, or a thrown `NotOnlineError` naming `operation`. */
  readonly online: (operation: string) => IlinkSession;
  readonly randomBytes: (size: number) => Uint8Array;
}

/** A sender's file name made safe to create in a directory: no path, no reserved or control characters, no leading dot. */
function safeName(name: string): string {
  const cleaned = [...basename(name)].map((ch) => (ch.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(ch) ? '_' : ch)).join('');
  return cleaned.replace(/^\.+/, '_') || 'media';
}

/**
 * Media over the encrypted CDN (docs/ilink-protocol.md §7.3, §7.4), through the MEDIA layer's cipher and transfers.
 * No key, parameter or URL of a transfer ever leaves this object.
 */
export class MediaOperations {
  constructor(private readonly deps: MediaDeps) {}

  /**
   * Uploads `source` for `chat` and sends it as one message: the peer's context token is checked first, then the
   * source measured (size, md5), `getuploadurl` asked, the ciphertext streamed to `upload_full_url` (else the URL
   * built from `upload_param`), and the item sent. A temp copy of a stream source is removed at the end.
   */
  send(kind: MediaKind, chat: string, source: MediaSource, options: IlinkSendMediaOptions = {}): Observable<IlinkMediaSendResult> {
    const operation = kind === 'image' ? 'sendImage' : kind === 'video' ? 'sendVideo' : 'sendFile';
    return defer(() => {
      const session = this.deps.sender.prepare(operation, chat);
      return from(prepareUpload(source, options.name)).pipe(
        switchMap((prepared) =>
          defer(() => {
            const key = newMediaKey(this.deps.randomBytes);
            const filekey = newFileKey(this.deps.randomBytes);
            const input = {
              filekey,
              mediaType: MEDIA_TYPE[kind],
              to: chat,
              rawSize: prepared.size,
              md5: prepared.md5,
              cipherSize: prepared.encryptedSize,
              aesKeyHex: key.toString('hex'),
            };
            const onProgress = options.onProgress;
            return this.deps.http.call(getUploadUrl, session.apiBase, session.bot.token, input).pipe(
              switchMap((answer) => {
                const url = answer.uploadFullUrl ?? cdnUploadUrl(this.deps.hosts.cdnBase, answer.uploadParam!, filekey);
                const progress = onProgress === undefined ? {} : { onProgress: (loaded: number, total: number) => onProgress({ loaded, total }) };
                return uploadToCdn(this.deps.http.transport, { url, prepared, key, ...progress });
              }),
              switchMap((encryptedParam) => {
                const media = { encryptedParam, aesKey: aesKeyForSend(key), size: prepared.size, cipherSize: prepared.encryptedSize };
                return this.deps.sender.item(session, operation, chat, mediaItem(kind, media, prepared.fileName));
              }),
              map((result): IlinkMediaSendResult => ({ ...result, name: prepared.fileName, size: prepared.size })),
            );
          }).pipe(finalize(() => void prepared.dispose())),
        ),
      );
    });
  }

  /**
   * Fetches and decrypts a received message's media (a quote: the quoted media). The key is the image's hex key when
   * it has one, else the media's `aes_key`; only an image may come without any (its bytes are then used as they
   * are). A message whose reference this client no longer holds (another run, or older than `mediaRefs` media
   * messages ago) is a `MediaUnavailableError`.
   */
  download(message: IlinkDownloadable, options: IlinkDownloadOptions = {}): Observable<IlinkDownload> {
    return defer(() => {
      const session = this.deps.online('download');
      const ref = session.media.get(message.id);
      if (ref === undefined) throw new MediaUnavailableError('download', `no download reference for message ${message.id} (kept in memory for the latest media messages of this run only)`);
      const aesKey = keyOf(ref);
      const url = ref.cdn.fullUrl ?? cdnDownloadUrl(this.deps.hosts.cdnBase, ref.cdn.encryptQueryParam!);
      const transport = this.deps.http.transport;
      const to = options.to;
      const source = Object.assign({ url, aesKey }, ref.exactSize === undefined ? {} : { size: ref.exactSize });
      if (to === undefined) return downloadFromCdn(transport, source).pipe(map((stream): IlinkDownload => ({ type: 'stream', stream })));
      return from(targetOf(to, ref)).pipe(
        switchMap((path) => downloadToFile(transport, { ...source, to: path, overwrite: options.overwrite ?? false })),
        map((saved): IlinkDownload => ({ type: 'saved', path: saved.path, size: saved.size })),
      );
    });
  }
}

/** The key a download decrypts with (docs/ilink-protocol.md §7.4 step 2). */
function keyOf(ref: MediaRef): Buffer | undefined {
  if (ref.imageKeyHex !== undefined) return aesKeyFromHex(ref.imageKeyHex);
  if (ref.cdn.aesKey !== undefined) return parseAesKey(ref.cdn.aesKey);
  if (ref.kind === 'image') return undefined;
  throw new MediaUnavailableError('download', `the ${ref.kind} carries no AES key: its bytes cannot be decrypted`);
}

/** `to` itself, or the message's (sanitized) file name inside it when it is a directory. */
async function targetOf(to: string, ref: MediaRef): Promise<string> {
  const isDirectory = await stat(to).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  return isDirectory ? join(to, safeName(ref.fileName)) : to;
}
