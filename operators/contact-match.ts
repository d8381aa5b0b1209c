import { isOfficialAccount } from '../src/model/codes.js';
import type { WxMessage } from '../src/model/message.js';
import type { ContactInfo, ContactLookup } from '../src/model/bot-client.js';

/** Which chat a `fromGroup` / `fromFriend` filter wants: its UserName or its name, or a pattern for the name. */
export type ChatMatcher = string | RegExp;

/** How the chat filters learn names, when the message's own `chatName` is not enough. */
export interface ContactFilterConfig {
  /** The name of a chat's UserName (group topic, remark or nickname). @default none */
  readonly resolveName?: (userName: string) => string | undefined;
  /** A contact list to read names from, such as `client.contacts` or a `Map<string, RawContact>`. @default none */
  readonly contacts?: ContactLookup;
}

/** What the phone shows for a contact: the decoded name, else the remark, else the nickname (internal). */
export function contactName(contact: ContactInfo | undefined): string | undefined {
  return contact?.name || contact?.RemarkName || contact?.NickName || undefined;
}

/** Whether a contact is an official account, by its decoded kind or its VerifyFlag (internal). */
export function isOfficialContact(contact: ContactInfo | undefined): boolean {
  return contact?.kind === 'official' || isOfficialAccount(contact?.VerifyFlag ?? 0);
}

/**
 * Builds the chat predicate shared by the chat filters (internal). A chat's name is, in order: `resolveName`, the
 * `contacts` entry, the message's `chatName` (filled in by the client).
 */
export function chatMatcher(matcher: ChatMatcher | undefined, config: ContactFilterConfig): (message: WxMessage) => boolean {
  if (matcher === undefined) return () => true;
  const { resolveName, contacts } = config;
  const nameOf = (message: WxMessage): string | undefined =>
    resolveName?.(message.chat) ?? contactName(contacts?.get(message.chat)) ?? message.chatName;
  if (typeof matcher === 'string') return (message) => message.chat === matcher || nameOf(message) === matcher;
  const pattern = new RegExp(matcher.source, matcher.flags.replace(/[gy]/g, ''));
  return (message) => {
    const name = nameOf(message);
    return name !== undefined && pattern.test(name);
  };
}
