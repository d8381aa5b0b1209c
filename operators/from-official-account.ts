import { filter, type OperatorFunction } from 'rxjs';
import type { WxMessage } from '../src/model/message.js';
import type { ContactLookup } from '../src/model/bot-client.js';
import { isOfficialContact } from './contact-match.js';

/** A message known to come from a private chat (an official account's chat is one). */
export type PrivateMessage<M extends WxMessage = WxMessage> = M & { readonly isGroup: false };

export interface FromOfficialAccountConfig {
  /** Whether a UserName is an official account. @default the `contacts` entry's kind (or `VerifyFlag & 8`) */
  readonly isOfficial?: (userName: string) => boolean;
  /** A contact list to ask, such as `client.contacts` or a `Map<string, RawContact>`. @default none */
  readonly contacts?: ContactLookup;
}

/** Builds the official-account test shared with `fromFriend` (internal). */
export function officialTest(config: FromOfficialAccountConfig): ((userName: string) => boolean) | undefined {
  const { isOfficial, contacts } = config;
  if (isOfficial) return isOfficial;
  if (!contacts) return undefined;
  return (userName) => isOfficialContact(contacts.get(userName));
}

/**
 * Keeps messages from official (subscription and service) accounts. A message does not say what kind of account
 * sent it, so this asks a contact list: pass `contacts` (`client.contacts`, or a `Map<string, RawContact>` read
 * from `VerifyFlag`) or an `isOfficial` test. Without either it never matches.
 *
 * Like sorting newsletters from letters: you need the sender's letterhead, the envelope alone does not tell.
 *
 * ```text
 * source:   -o--f--o-|      (o = from an official account, f = from a friend)
 *             fromOfficialAccount({ contacts })
 * result:   -o-----o-|
 * ```
 *
 * @example
 * ```ts
 * import { fromOfficialAccount } from 'wechat-rx';
 * import { link, text } from 'wechat-rx/testing';
 * import { of } from 'rxjs';
 *
 * const contacts = new Map([['@news', { VerifyFlag: 24 }]]); // or client.contacts
 * of(link({ from: '@news', title: 'Daily digest' }), text('hi'))
 *   .pipe(fromOfficialAccount({ contacts }))
 *   .subscribe((m) => console.log(m.kind));
 * // Output:
 * // link
 * ```
 *
 * @see fromFriend, which leaves official accounts out when it can tell.
 * @param config where the VerifyFlag comes from.
 * @returns an operator that filters and narrows to `PrivateMessage<M>`.
 */
export function fromOfficialAccount<M extends WxMessage>(config: FromOfficialAccountConfig = {}): OperatorFunction<M, PrivateMessage<M>> {
  const official = officialTest(config);
  return filter((message: M): message is PrivateMessage<M> => !message.isGroup && official !== undefined && official(message.chat));
}
