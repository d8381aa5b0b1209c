import { catchError, concat, concatMap, EMPTY, ignoreElements, type Observable, of } from 'rxjs';
import { type BotClient, type Recalled, recalled, type WxMessage } from '../src/index.js';

export interface RecallLoggerConfig {
  /** A chat to report each recall to, such as `filehelper`. @default none: only emit */
  readonly reportTo?: string;
  /** How many recent messages to keep for the originals. @default 1000 */
  readonly keep?: number;
}

/** A short description of a message, for the report. */
export function summarize(message: WxMessage): string {
  switch (message.kind) {
    case 'text':
      return `"${message.text}"`;
    case 'file':
      return `a file (${message.fileName})`;
    default:
      return `a ${message.kind} message`;
  }
}

/**
 * Recall logger: keeps recent messages and, when one is recalled, emits the notice with its original, after
 * reporting it to `reportTo` if given (a failed report is skipped; the notice is still emitted).
 */
export function recallLogger(client: BotClient, config: RecallLoggerConfig = {}): Observable<Recalled> {
  const { reportTo, keep = 1000 } = config;
  return client.messages$.pipe(
    recalled({ keep }),
    concatMap((notice) => {
      const original = notice.original;
      if (reportTo === undefined || original === undefined) return of(notice);
      const where = notice.isGroup ? ` in ${notice.chat}` : '';
      const report$ = client.send(reportTo, `${notice.from} recalled ${summarize(original)}${where}`).pipe(
        ignoreElements(),
        catchError(() => EMPTY),
      );
      return concat(report$, of(notice));
    }),
  );
}
