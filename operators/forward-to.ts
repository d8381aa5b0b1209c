import { catchError, defer, EMPTY, mergeMap, type Observable, type OperatorFunction, throwError } from 'rxjs';
import type { SendResult } from '../src/model/events.js';
import { ActionError } from '../src/errors/action-error.js';
import { WeChatError } from '../src/errors/wechat-error.js';
import type { WxMessage } from '../src/model/message.js';
import type { MessageSender } from '../src/model/bot-client.js';
import { type ErrorSink, toReporter } from './error-channel.js';

export interface ForwardToConfig {
  /** Where failed forwards are reported. @default actionErrors$ */
  readonly onError?: ErrorSink;
  /** How many forwards may be in flight at once. @default Infinity */
  readonly concurrency?: number;
}

/**
 * Forwards each message to another chat and emits the send results. Uses the client's `forward` when it has one
 * (media goes by its server id, nothing is downloaded); without it, texts are re-sent as text and other kinds are
 * reported as failures. Failures go to `onError` as `ActionError`s; the source keeps flowing.
 *
 * Like a mail forwarding order: whatever lands in this box is sent on to the other address.
 *
 * ```text
 * source:   -a--b--|
 *             forwardTo(client, '@@archive')
 * result:   -A--B--|      (A, B = SendResult of the copies in @@archive)
 * ```
 *
 * @example
 * ```ts
 * import { forwardTo, ofKind } from 'wechat-rx';
 * import { createTestClient, file } from 'wechat-rx/testing';
 * import { filter } from 'rxjs';
 *
 * const client = createTestClient();
 * client.messages$.pipe(filter(ofKind('file')), forwardTo(client, '@@archive')).subscribe(console.log);
 * client.receive(file('report.pdf'));
 * // Output:
 * // { msgId: '1', localId: 'local-1', chat: '@@archive' }
 * ```
 *
 * @see reply to answer in the same chat.
 * @param client anything with `send` (and `forward` for non-text kinds).
 * @param chat the target UserName, or a function choosing it per message.
 * @param config the error channel and concurrency.
 * @returns an operator emitting one `SendResult` per forwarded message.
 */
export function forwardTo<M extends WxMessage>(
  client: MessageSender,
  chat: string | ((message: M) => string),
  config: ForwardToConfig = {},
): OperatorFunction<M, SendResult> {
  const report = toReporter(config.onError);
  return mergeMap((message: M) => {
    let target: string | undefined;
    return defer(() => {
      target = typeof chat === 'function' ? chat(message) : chat;
      return forward$(client, target, message);
    }).pipe(
      catchError((error: unknown) => {
        report(new ActionError('forwardTo', message, error, target));
        return EMPTY;
      }),
    );
  }, config.concurrency ?? Infinity);
}

function forward$(client: MessageSender, chat: string, message: WxMessage): Observable<SendResult> {
  if (client.forward) return client.forward(chat, message);
  if (message.kind === 'text') return client.send(chat, message.text);
  return throwError(() => new WeChatError(`this client has no forward(): it can only forward text, not ${message.kind}`));
}
