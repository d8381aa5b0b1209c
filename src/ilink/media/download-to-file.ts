/** A CDN download saved to a file (docs/ilink-protocol.md §7.4). */
import { defer, Observable, switchMap } from 'rxjs';
import type { Transport } from '../../http/transport.js';
import { type CdnDownloadOptions, downloadFromCdn } from './cdn-download.js';
import { refuseExisting, saveToFile } from './save-to-file.js';

export interface CdnDownloadToFileOptions extends CdnDownloadOptions {
  /** The file to write. */
  readonly to: string;
  /** Replace a file already at `to`. @default false */
  readonly overwrite?: boolean;
}

/** A saved download. */
export interface SavedMedia {
  readonly path: string;
  /** Plaintext bytes written. */
  readonly size: number;
}

/**
 * Downloads and decrypts the object at `url` into `to` (see `saveToFile`), emits where and how much, and completes.
 * An existing `to` fails with `FileExistsError` before anything is downloaded, unless `overwrite`. Cold;
 * unsubscribing aborts the download and removes the partial file.
 */
export function downloadToFile(transport: Transport, options: CdnDownloadToFileOptions): Observable<SavedMedia> {
  const overwrite = options.overwrite ?? false;
  return defer(() => (overwrite ? Promise.resolve() : refuseExisting(options.to))).pipe(
    switchMap(() => downloadFromCdn(transport, options)),
    switchMap(
      (plaintext) =>
        new Observable<SavedMedia>((subscriber) => {
          const abort = new AbortController();
          saveToFile(plaintext, options.to, { overwrite, signal: abort.signal }).then(
            (size) => {
              subscriber.next({ path: options.to, size });
              subscriber.complete();
            },
            (error: unknown) => subscriber.error(error),
          );
          return () => abort.abort();
        }),
    ),
  );
}
