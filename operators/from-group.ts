import { filter, type OperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';
import { type ChatMatcher, chatMatcher, type ContactFilterConfig } from './contact-match.js';

/** A message known to come from a group chat. */
export type GroupMessage<M extends WxMessage = WxMessage> = M & { readonly isGroup: true };

export type FromGroupConfig = ContactFilterConfig;

/**
 * Keeps group messages, optionally from one group only: `group` is the group's UserName (`@@…`), its topic (the
 * message's `chatName`, which the client fills in, or what `resolveName` / `contacts` say), or a RegExp tested
 * against that topic. Narrows `isGroup` to `true`.
 *
 * Like listening only in the meeting room you care about, and only to meetings at all, not phone calls.
 *
 * ```text
 * source:   -g--p--h--g-|      (g = in group "Family", h = in another group, p = private)
 *             fromGroup('Family')
 * result:   -g--------g-|
 * ```
 *
 * @example
 * ```ts
 * import { fromGroup } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * of(
 *   text('dinner?', { group: '@@family', chatName: 'Family' }),
 *   text('hi'),
 *   text('meeting', { group: '@@work', chatName: 'Work' }),
 * )
 *   .pipe(fromGroup('Family'))
 *   .subscribe((m) => console.log(m.text));
 * // Output:
 * // dinner?
 * ```
 *
 * @see fromFriend for private chats.
 * @param group which group; omit it to keep every group message.
 * @param config other ways to learn names, for chats the client has not named.
 * @returns an operator that filters and narrows to `GroupMessage<M>`.
 */
export function fromGroup<M extends WxMessage>(group?: ChatMatcher, config: FromGroupConfig = {}): OperatorFunction<M, GroupMessage<M>> {
  const matches = chatMatcher(group, config);
  return filter((message: M): message is GroupMessage<M> => message.isGroup && matches(message));
}
