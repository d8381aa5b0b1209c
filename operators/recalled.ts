import { Observable, type OperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';

export interface RecalledConfig {
  /** How many recent messages to remember so a recall can name its original; 0 remembers none. @default 1000 */
  readonly keep?: number;
}

/** A recall notice with the message it took back, when that message passed by recently enough to be remembered. */
export type Recalled<M extends WxMessage = WxMessage> = Extract<M, { readonly kind: 'recall' }> & {
  readonly original: Exclude<M, { readonly kind: 'recall' }> | undefined;
};

/**
 * Keeps the recall notices and pairs each with the original message, which it remembers from the stream (the last
 * `keep` messages, oldest forgotten first). Place it where it sees every message, before other filters.
 *
 * Like a secretary who keeps a copy of every letter: when a sender asks for one back, the copy is still on file.
 *
 * ```text
 * source:   -a--b--r-|      (r = recall of a)
 *             recalled()
 * result:   -------R-|      (R = r with original: a)
 * ```
 *
 * @example
 * ```ts
 * import { recalled } from 'wechat-rx';
 * import { recall, text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * const oops = text('my password is hunter2');
 * of(oops, text('hi'), recall(oops))
 *   .pipe(recalled())
 *   .subscribe((r) => console.log(r.original?.kind === 'text' ? r.original.text : '(unknown)'));
 * // Output:
 * // my password is hunter2
 * ```
 *
 * @see ofKind('recall') to keep recall notices without pairing them.
 * @param config how many messages to remember.
 * @returns an operator emitting recall notices with their `original`.
 */
export function recalled<M extends WxMessage>(config: RecalledConfig = {}): OperatorFunction<M, Recalled<M>> {
  const keep = config.keep ?? 1000;
  type Original = Exclude<M, { readonly kind: 'recall' }>;
  return (source) =>
    new Observable<Recalled<M>>((subscriber) => {
      const recent = new Map<string, Original>();
      return source.subscribe({
        next: (message) => {
          if (message.kind !== 'recall') {
            if (keep <= 0) return;
            recent.set(message.id, message as Original);
            if (recent.size > keep) recent.delete(recent.keys().next().value as string);
            return;
          }
          const original = recent.get(message.recalledId);
          recent.delete(message.recalledId);
          subscriber.next(Object.assign({ original }, message as Extract<M, { readonly kind: 'recall' }>));
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
