import { catchError, concatMap, defer, EMPTY, mergeMap, type OperatorFunction } from 'rxjs';
import type { SendResult } from '../src/model/events.js';
import { ActionError } from '../src/errors/action-error.js';
import type { MessageSender } from '../src/model/bot-client.js';
import { type ErrorSink, toReporter } from './error-channel.js';
import { contents$, type ReplyContent, type ReplyInput, sendContent } from './send-content.js';

export interface ReplyConfig {
  /** Where failed replies are reported. @default actionErrors$ */
  readonly onError?: ErrorSink;
  /** How many messages may be answered at once; 1 answers strictly in arrival order. @default Infinity */
  readonly concurrency?: number;
}

/**
 * Answers each message in its own chat and emits the send results. The answer is fixed content or a function of
 * the message returning text, `{ image }`, `{ file, name? }`, `null` for no answer, or a Promise or Observable of
 * those (an Observable's contents are sent one after another). A failed send, a missing client method or a
 * throwing function is reported as an `ActionError` to `onError` and skipped: the source keeps flowing.
 *
 * Like an assistant who answers every letter on your behalf, and files a note when the post office returns one.
 *
 * ```text
 * source:   -a----b---c-|
 *             reply(client, m => m.text.toUpperCase())   (the send of b fails)
 * result:   -A--------C-|      (A, C = SendResult; b's failure goes to onError)
 * ```
 *
 * @example
 * ```ts
 * import { reply } from 'wechat-rx';
 * import { createTestClient, text } from 'wechat-rx/testing';
 *
 * const client = createTestClient();
 * client.messages$.pipe(reply(client, (m) => (m.kind === 'text' ? `you said: ${m.text}` : null))).subscribe(console.log);
 * client.receive(text('hi', { from: '@alice' }));
 * // Output:
 * // { msgId: '1', localId: 'local-1', chat: '@alice' }
 * ```
 *
 * @see forwardTo to pass a message on to another chat.
 * @param client anything with `send` (and `sendImage` / `sendFile` for media).
 * @param content the answer, or a function of the message giving it.
 * @param config the error channel and concurrency.
 * @returns an operator emitting one `SendResult` per content sent.
 */
export function reply<M extends { readonly chat: string }>(
  client: MessageSender,
  content: ReplyContent | ((message: M) => ReplyInput),
  config: ReplyConfig = {},
): OperatorFunction<M, SendResult> {
  const report = toReporter(config.onError);
  return mergeMap(
    (message: M) =>
      defer(() => contents$(typeof content === 'function' ? content(message) : content)).pipe(
        concatMap((answer) => sendContent(client, message.chat, answer)),
        catchError((error: unknown) => {
          report(new ActionError('reply', message, error, message.chat));
          return EMPTY;
        }),
      ),
    config.concurrency ?? Infinity,
  );
}
