import type { MessageKind, WxMessage } from '../src/model/message.js';

/**
 * A type guard for RxJS `filter` that keeps the messages of one or several kinds and narrows the stream to them:
 * `filter(ofKind('text'))` gives `Observable<TextMessage>`, `filter(ofKind('image', 'video'))` their union.
 * Extra fields added upstream (such as `match` from `textMatching`) are kept in the type.
 *
 * Like a mail room sorting letters by the stamp on the envelope: only the kinds you asked for reach your desk.
 *
 * ```text
 * source:   -t--i--f--t-|      (t = text, i = image, f = file)
 *             filter(ofKind('text', 'file'))
 * result:   -t-----f--t-|
 * ```
 *
 * @example
 * ```ts
 * import { ofKind } from 'wechat-rx';
 * import { image, text } from 'wechat-rx/testing';
 * import { filter, of } from 'rxjs';
 *
 * of(text('hi'), image(), text('bye'))
 *   .pipe(filter(ofKind('text')))
 *   .subscribe((m) => console.log(m.text));
 * // Output:
 * // hi
 * // bye
 * ```
 *
 * @see isKind in the message model for a guard on exactly `WxMessage`.
 * @param kinds one or more message kinds.
 * @returns a guard for `filter`, generic in the message type so upstream additions survive.
 */
export function ofKind<K extends MessageKind>(
  ...kinds: readonly [K, ...K[]]
): <M extends WxMessage>(message: M) => message is Extract<M, { readonly kind: K }> {
  if (kinds.length === 1) {
    const only = kinds[0];
    return <M extends WxMessage>(message: M): message is Extract<M, { readonly kind: K }> => message.kind === only;
  }
  const wanted: ReadonlySet<MessageKind> = new Set(kinds);
  return <M extends WxMessage>(message: M): message is Extract<M, { readonly kind: K }> => wanted.has(message.kind);
}
