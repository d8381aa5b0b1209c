import { mergeMap, type ObservableInput, type OperatorFunction } from 'rxjs';

/**
 * Runs `handler` for each value with at most `concurrency` handlers in flight; later values wait their turn.
 * Output order follows completion, not arrival. A handler error ends the stream, as in `mergeMap`; isolate handlers
 * with `errorBoundary` when one failure must not stop the bot.
 *
 * Like a kitchen with `n` cooks: orders queue at the pass and each free cook takes the next.
 *
 * ```text
 * source:   -a-b-c-|               (the handler takes 5 frames)
 *             handleConcurrently(2, v => timer(5).pipe(map(() => v)))
 * result:   ------a-b--(c|)        (c waits for a's slot)
 * ```
 *
 * @example
 * ```ts
 * import { handleConcurrently } from 'wechat-rx';
 * import { delay, of } from 'rxjs';
 *
 * of(30, 10, 25)
 *   .pipe(handleConcurrently(2, (ms) => of(ms).pipe(delay(ms))))
 *   .subscribe(console.log);
 * // Output (25 starts when 10 is done, at 10 ms):
 * // 10
 * // 30
 * // 25
 * ```
 *
 * @see sequentializeByChat to keep per-chat order.
 * @param concurrency how many handlers may run at once (`Infinity` for no limit).
 * @param handler the work for one value; its emissions are the output.
 * @returns an operator emitting the handlers' results.
 */
export function handleConcurrently<T, R>(concurrency: number, handler: (value: T) => ObservableInput<R>): OperatorFunction<T, R> {
  if (!(concurrency >= 1)) throw new RangeError(`handleConcurrently needs a concurrency of at least 1, got ${concurrency}`);
  return mergeMap((value: T) => handler(value), concurrency);
}
