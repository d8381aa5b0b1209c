import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

export interface DedupeConfig<T> {
  /** How many recent keys to remember; the oldest is forgotten first. @default 1000 */
  readonly window?: number;
  /** The identity of a value. @default the value's `id` (a message's `MsgId`) */
  readonly key?: (value: T) => string;
}

/**
 * Drops a value whose key was seen among the last `window` keys: the server re-delivers a message after a relogin
 * or a retried sync, and a bot should answer it once. Memory stays bounded by `window`.
 *
 * Like a doorman with a guest list of the last thousand arrivals: a face seen recently is not let in twice.
 *
 * ```text
 * source:   -a-b-a-c-b-|
 *             dedupe()
 * result:   -a-b---c---|
 * ```
 *
 * @example
 * ```ts
 * import { dedupe } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * const hi = text('hi');
 * of(hi, hi, text('bye'))
 *   .pipe(dedupe())
 *   .subscribe((m) => console.log(m.text));
 * // Output:
 * // hi
 * // bye
 * ```
 *
 * @see distinct in RxJS, which remembers every key forever.
 * @param config the window size and key.
 * @returns an operator mirroring the source without recent repeats.
 */
export function dedupe<T>(config: DedupeConfig<T> & { readonly key: (value: T) => string }): MonoTypeOperatorFunction<T>;
export function dedupe<T extends { readonly id: string }>(config?: DedupeConfig<T>): MonoTypeOperatorFunction<T>;
export function dedupe<T>(config: DedupeConfig<T> = {}): MonoTypeOperatorFunction<T> {
  const window = config.window ?? 1000;
  const keyOf = config.key ?? ((value: T) => (value as { readonly id: string }).id);
  return (source) =>
    new Observable<T>((subscriber) => {
      const seen = new Set<string>();
      return source.subscribe({
        next: (value) => {
          const key = keyOf(value);
          if (seen.has(key)) return;
          seen.add(key);
          if (seen.size > window) seen.delete(seen.values().next().value as string);
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
