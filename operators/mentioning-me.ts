import { filter, type OperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';

export interface MentioningMeConfig {
  /** Also keep texts in private chats, which are addressed to you without an `@`. @default false */
  readonly inPrivate?: boolean;
}

/**
 * Keeps the texts that mention the logged-in user with `@name` (by group display name or nickname); with
 * `inPrivate`, private-chat texts too. Narrows to the text kind. Self-sent texts never count.
 *
 * Like hearing your name across a noisy room: everything else is background chatter.
 *
 * ```text
 * source:   -m--t--p--m-|      (m = "@Bot hi" in a group, t = other group text, p = private text)
 *             mentioningMe()
 * result:   -m--------m-|
 * ```
 *
 * @example
 * ```ts
 * import { mentioningMe } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * of(text('@Bot help', { group: '@@team', mentions: ['Bot'] }), text('lunch?', { group: '@@team' }))
 *   .pipe(mentioningMe())
 *   .subscribe((m) => console.log(m.text));
 * // Output:
 * // @Bot help
 * ```
 *
 * @see textMatching to react to what the text says.
 * @param config whether private chats count as addressed.
 * @returns an operator that filters and narrows to the text messages of `M`.
 */
export function mentioningMe<M extends WxMessage>(config: MentioningMeConfig = {}): OperatorFunction<M, Extract<M, { readonly kind: 'text' }>> {
  const inPrivate = config.inPrivate ?? false;
  return filter(
    (message: M): message is Extract<M, { readonly kind: 'text' }> =>
      message.kind === 'text' && !message.isSelf && (message.mentionsSelf || (inPrivate && !message.isGroup)),
  );
}
