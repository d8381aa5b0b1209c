import { catchError, defer, EMPTY, ignoreElements, merge, mergeMap, type MonoTypeOperatorFunction, type Observable, of } from 'rxjs';
import { ActionError } from '../src/errors/action-error.js';
import { type ErrorSink, toReporter } from './error-channel.js';

export interface MarkReadConfig {
  /** Where failed mark-reads are reported. @default actionErrors$ */
  readonly onError?: ErrorSink;
}

/**
 * Marks each message's chat as read on the phone and passes the message on at once, in order; the request runs
 * alongside and its failure is reported to `onError`, never delaying or stopping the stream. The output completes
 * when the source has and the pending requests are done.
 *
 * Like ticking a letter as seen on your way to reading it: the tick does not hold up the reading.
 *
 * ```text
 * source:   -a--b|
 *             markRead(client)          (each request takes 2 frames)
 * result:   -a--b-|      (a's and b's chats marked read at frames 3 and 6)
 * ```
 *
 * @example
 * ```ts
 * import { markRead } from 'wechat-rx';
 * import { createTestClient, text } from 'wechat-rx/testing';
 *
 * const client = createTestClient();
 * client.messages$.pipe(markRead(client)).subscribe((m) => console.log(m.chat));
 * client.receive(text('hi', { from: '@alice' }));
 * console.log(client.sent.map((s) => s.type));
 * // Output:
 * // @alice
 * // [ 'mark-read' ]
 * ```
 *
 * @see reply, which could follow it in the same pipe.
 * @param client anything with `markRead(chat)`.
 * @param config the error channel.
 * @returns an operator mirroring the source.
 */
export function markRead<M extends { readonly chat: string }>(
  client: { markRead(chat: string): Observable<void> },
  config: MarkReadConfig = {},
): MonoTypeOperatorFunction<M> {
  const report = toReporter(config.onError);
  return mergeMap((message: M) =>
    merge(
      of(message),
      defer(() => client.markRead(message.chat)).pipe(
        ignoreElements(),
        catchError((error: unknown) => {
          report(new ActionError('markRead', message, error, message.chat));
          return EMPTY;
        }),
      ),
    ),
  );
}
