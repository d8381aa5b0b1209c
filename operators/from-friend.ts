import { filter, type OperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';
import { type ChatMatcher, chatMatcher, type ContactFilterConfig } from './contact-match.js';
import { officialTest, type PrivateMessage } from './from-official-account.js';

export interface FromFriendConfig extends ContactFilterConfig {
  /** Whether a UserName is an official account (left out). @default the `contacts` entry's kind, else none */
  readonly isOfficial?: (userName: string) => boolean;
}

/**
 * Keeps private-chat messages (not from groups), optionally from one person: `friend` is their UserName, their
 * name (the message's `chatName`, the remark else the nickname, or what `resolveName` / `contacts` say), or a
 * RegExp tested against that name. Official accounts are left out when `contacts` or `isOfficial` can tell.
 * Narrows `isGroup` to `false`.
 *
 * Like picking up only the direct line, and only when the caller ID shows the friend you expect.
 *
 * ```text
 * source:   -a--g--b--a-|      (a = from Alice, b = from Bob, g = in a group)
 *             fromFriend('Alice')
 * result:   -a--------a-|
 * ```
 *
 * @example
 * ```ts
 * import { fromFriend } from 'wechat-rx';
 * import { text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * of(text('hi', { from: '@alice' }), text('yo', { from: '@alice', group: '@@family' }), text('hey', { from: '@bob' }))
 *   .pipe(fromFriend('@alice'))
 *   .subscribe((m) => console.log(m.text));
 * // Output:
 * // hi
 * ```
 *
 * @see fromGroup for group chats.
 * @param friend who; omit it to keep every private-chat message.
 * @param config other ways to learn names and official accounts, such as `{ contacts: client.contacts }`.
 * @returns an operator that filters and narrows to `PrivateMessage<M>`.
 */
export function fromFriend<M extends WxMessage>(friend?: ChatMatcher, config: FromFriendConfig = {}): OperatorFunction<M, PrivateMessage<M>> {
  const matches = chatMatcher(friend, config);
  const official = officialTest(config);
  return filter(
    (message: M): message is PrivateMessage<M> =>
      !message.isGroup && matches(message) && (official === undefined || !official(message.chat)),
  );
}
