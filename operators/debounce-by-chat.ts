import { asyncScheduler, type MonoTypeOperatorFunction, Observable, type SchedulerLike, type Subscription } from 'rxjs';

export interface DebounceByChatConfig<T> {
  /** The chat of a value. @default the value's `chat` */
  readonly key?: (value: T) => string;
  /** The timers; a `TestScheduler` runs it in virtual time. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

/**
 * Emits the last value of each chat once that chat has been quiet for `ms`; chats do not delay each other. A chat
 * is forgotten as soon as its value is out, so state stays bounded by the chats currently typing. When the source
 * completes, the pending values are emitted at once.
 *
 * Like waiting for someone to finish a run of short messages before answering, separately in each conversation.
 *
 * ```text
 * source:   -x-y-b----z-|          (x, y, z = chat A; b = chat B)
 *             debounceByChat(3)
 * result:   ------y-b---(z|)       (z is flushed when the source completes)
 * ```
 *
 * @example
 * ```ts
 * import { debounceByChat } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { concat, delay, of } from 'rxjs';
 *
 * concat(of(text('I'), text('have'), text('a question')), of(text('hello', { from: '@bob' })).pipe(delay(50)))
 *   .pipe(debounceByChat(1000))
 *   .subscribe((m) => console.log(m.text));
 * // Output (the source ends after 50 ms, flushing both):
 * // a question
 * // hello
 * ```
 *
 * @see rateLimit to delay without dropping.
 * @param ms the quiet time per chat, in ms.
 * @param config the key and scheduler.
 * @returns an operator emitting the last value of each burst per chat.
 */
export function debounceByChat<T>(
  ms: number,
  config: DebounceByChatConfig<T> & { readonly key: (value: T) => string },
): MonoTypeOperatorFunction<T>;
export function debounceByChat<T extends { readonly chat: string }>(ms: number, config?: DebounceByChatConfig<T>): MonoTypeOperatorFunction<T>;
export function debounceByChat<T>(ms: number, config: DebounceByChatConfig<T> = {}): MonoTypeOperatorFunction<T> {
  const keyOf = config.key ?? ((value: T) => (value as { readonly chat: string }).chat);
  const scheduler = config.scheduler ?? asyncScheduler;
  // Not groupBy with a debounced duration: that duration counts as a subscriber of the group and would keep the
  // source subscribed, and its timer running, after the consumer has left.
  return (source) =>
    new Observable<T>((subscriber) => {
      const pending = new Map<string, { readonly value: T; readonly timer: Subscription }>();
      const subscription = source.subscribe({
        next: (value) => {
          const key = keyOf(value);
          const previous = pending.get(key);
          if (previous !== undefined) {
            previous.timer.unsubscribe();
            pending.delete(key);
          }
          const timer = scheduler.schedule(() => {
            pending.delete(key);
            subscriber.next(value);
          }, ms);
          pending.set(key, { value, timer });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          const flushed = [...pending.values()];
          pending.clear();
          for (const { value, timer } of flushed) {
            timer.unsubscribe();
            subscriber.next(value);
          }
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        for (const { timer } of pending.values()) timer.unsubscribe();
        pending.clear();
      };
    });
}
