import { catchError, defer, EMPTY, mergeMap, type ObservableInput, type OperatorFunction } from 'rxjs';
import { ActionError } from '../src/errors/action-error.js';
import { type ErrorSink, toReporter } from './error-channel.js';

export interface ErrorBoundaryConfig {
  /** Where a failing handler's error goes, as an `ActionError` whose `input` is the value. @default actionErrors$ */
  readonly onError?: ErrorSink;
  /** How many handlers may run at once. @default Infinity */
  readonly concurrency?: number;
}

/**
 * Runs `handler` for each value and isolates it: if one handler throws or errors, its error is reported to
 * `onError` and that value's output ends, while every other value is handled as usual. The stream never dies of a
 * handler error. Errors of the source itself still pass through.
 *
 * Like a fuse per room: a short circuit in the kitchen trips the kitchen's fuse, and the lights stay on elsewhere.
 *
 * ```text
 * source:   -a--b--c-|
 *             errorBoundary(handle)      (handle(b) fails)
 * result:   -A-----C-|      (b's error goes to onError)
 * ```
 *
 * @example
 * ```ts
 * import { errorBoundary, sequentializeByChat } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * const handle = (m: { text: string }) => {
 *   if (m.text === 'boom') throw new Error('handler bug');
 *   return of(m.text.toUpperCase());
 * };
 * of(text('a'), text('boom'), text('c'))
 *   // per-chat order and isolation together: a boundary inside each chat's queue
 *   .pipe(sequentializeByChat((m) => of(m).pipe(errorBoundary(handle, { onError: (e) => console.log(e.message) }))))
 *   .subscribe(console.log);
 * // Output:
 * // A
 * // errorBoundary failed for @alice: Error: handler bug
 * // C
 * ```
 *
 * @see handleConcurrently and sequentializeByChat, which let handler errors through.
 * @param handler the work for one value; its emissions are the output.
 * @param config the error channel and concurrency.
 * @returns an operator emitting the handlers' results.
 */
export function errorBoundary<T, R>(handler: (value: T) => ObservableInput<R>, config: ErrorBoundaryConfig = {}): OperatorFunction<T, R> {
  const report = toReporter(config.onError);
  return mergeMap(
    (value: T) =>
      defer(() => handler(value)).pipe(
        catchError((error: unknown) => {
          report(new ActionError('errorBoundary', value, error, chatOf(value)));
          return EMPTY;
        }),
      ),
    config.concurrency ?? Infinity,
  );
}

function chatOf(value: unknown): string | undefined {
  const chat = typeof value === 'object' && value !== null ? (value as { chat?: unknown }).chat : undefined;
  return typeof chat === 'string' ? chat : undefined;
}
