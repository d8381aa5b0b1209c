import {
  concatMap,
  defer,
  finalize,
  from,
  groupBy,
  mergeMap,
  type ObservableInput,
  type OperatorFunction,
  Subject,
  tap,
} from 'rxjs';

export interface SequentializeByChatConfig<T> {
  /** The ordering key. @default the value's `chat` */
  readonly key?: (value: T) => string;
}

/**
 * Runs `handler` for each value, one at a time per chat and in arrival order within a chat, while different chats
 * run in parallel. A chat's queue exists only while it has work: once its last handler finishes, its group is
 * closed, so idle chats cost nothing. A handler error ends the stream, as in `concatMap`; isolate handlers with
 * `errorBoundary` (see the example there) or an action's own error channel.
 *
 * Like a bank with one teller per customer: each customer's requests are served in order, and no customer waits
 * behind another's.
 *
 * ```text
 * source:   -a-b-c---|      (a, b = chat A; c = chat B; the handler takes 3 frames)
 *             sequentializeByChat(m => timer(3).pipe(map(() => m)))
 * result:   ----a--bc|      (b waits for a; c does not wait for chat A)
 * ```
 *
 * @example
 * ```ts
 * import { sequentializeByChat } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { delay, of } from 'rxjs';
 *
 * of(text('1', { from: '@a' }), text('2', { from: '@a' }), text('3', { from: '@b' }))
 *   .pipe(sequentializeByChat((m) => of(m.text).pipe(delay(m.text === '1' ? 20 : 0))))
 *   .subscribe(console.log);
 * // Output:
 * // 3
 * // 1
 * // 2
 * ```
 *
 * @see handleConcurrently when order does not matter.
 * @param handler the work for one value; its emissions are the output.
 * @param config the ordering key.
 * @returns an operator emitting the handlers' results.
 */
export function sequentializeByChat<T, R>(
  handler: (value: T) => ObservableInput<R>,
  config: SequentializeByChatConfig<T> & { readonly key: (value: T) => string },
): OperatorFunction<T, R>;
export function sequentializeByChat<T extends { readonly chat: string }, R>(
  handler: (value: T) => ObservableInput<R>,
  config?: SequentializeByChatConfig<T>,
): OperatorFunction<T, R>;
export function sequentializeByChat<T, R>(
  handler: (value: T) => ObservableInput<R>,
  config: SequentializeByChatConfig<T> = {},
): OperatorFunction<T, R> {
  const keyOf = config.key ?? ((value: T) => (value as { readonly chat: string }).chat);
  return (source) =>
    defer(() => {
      const pending = new Map<string, number>();
      const closers = new Map<string, Subject<void>>();
      const done = (key: string): void => {
        const left = (pending.get(key) ?? 1) - 1;
        if (left > 0) {
          pending.set(key, left);
          return;
        }
        pending.delete(key);
        const closer = closers.get(key);
        closers.delete(key);
        closer?.next();
      };
      return source.pipe(
        tap((value) => {
          const key = keyOf(value);
          pending.set(key, (pending.get(key) ?? 0) + 1);
        }),
        groupBy(keyOf, {
          duration: (group) => {
            const closer = new Subject<void>();
            closers.set(group.key, closer);
            return closer;
          },
        }),
        mergeMap((group) => group.pipe(concatMap((value) => from(handler(value)).pipe(finalize(() => done(group.key)))))),
      );
    });
}
