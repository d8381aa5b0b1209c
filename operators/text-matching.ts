import { Observable, type OperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';

/** A text message with the match that selected it. */
export type Matched<M> = M & { readonly match: RegExpMatchArray };

/**
 * Keeps the texts that match a pattern and attaches the `RegExpMatchArray` as `match` (groups and named groups
 * included). A string must equal the whole text, surrounding spaces ignored; a RegExp may match anywhere (its `g`
 * and `y` flags are ignored, so one shared RegExp stays stateless). Narrows to the text kind.
 *
 * Like a receptionist listening for a keyword, and handing you a note of exactly what was said.
 *
 * ```text
 * source:   -a--b--c-|      (a = "order 3", b = "hello", c = "order 12")
 *             textMatching(/order (\d+)/)
 * result:   -A-----C-|      (A = a with match ['order 3', '3'], C likewise)
 * ```
 *
 * @example
 * ```ts
 * import { textMatching } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * of(text('order 3'), text('hello'), text('order 12'))
 *   .pipe(textMatching(/order (?<count>\d+)/))
 *   .subscribe((m) => console.log(m.match.groups?.count));
 * // Output:
 * // 3
 * // 12
 * ```
 *
 * @see mentioningMe, often placed before it in group chats.
 * @param pattern a RegExp, or a string the whole text must equal.
 * @returns an operator that filters text messages and adds `match`.
 */
export function textMatching<M extends WxMessage>(pattern: RegExp | string): OperatorFunction<M, Matched<Extract<M, { readonly kind: 'text' }>>> {
  const regexp =
    typeof pattern === 'string'
      ? new RegExp(`^\\s*${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)
      : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return (source) =>
    new Observable((subscriber) =>
      source.subscribe({
        next: (message) => {
          if (message.kind !== 'text') return;
          const match = regexp.exec(message.text);
          if (match === null) return;
          const matched = Object.assign({ match }, message as Extract<M, { readonly kind: 'text' }>);
          // A message matched upstream already has a `match`, which the copy above brought back.
          (matched as { match: RegExpMatchArray }).match = match;
          subscriber.next(matched);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
