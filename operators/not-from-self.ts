import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';

/**
 * Drops the messages the logged-in user sent (from this bot or from the phone), so a bot never answers itself.
 *
 * Like a parrot trained not to repeat its own words: without it, an echo bot echoes its echoes.
 *
 * ```text
 * source:   -a--s--b--s-|      (s = sent by yourself)
 *             notFromSelf()
 * result:   -a-----b----|
 * ```
 *
 * @example
 * ```ts
 * import { notFromSelf } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * of(text('ping'), text('pong', { self: true }))
 *   .pipe(notFromSelf())
 *   .subscribe((m) => console.log(m.text));
 * // Output:
 * // ping
 * ```
 *
 * @see mentioningMe to answer only when addressed.
 * @returns an operator that mirrors the source without self-sent messages.
 */
export function notFromSelf<M extends WxMessage>(): MonoTypeOperatorFunction<M> {
  return filter((message) => !message.isSelf);
}
