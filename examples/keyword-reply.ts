import type { Observable } from 'rxjs';
import { type BotClient, mentioningMe, rateLimit, reply, type SendResult, textMatching } from '../src/index.js';

/** The answers of the default keyword table. */
export const defaultKeywords: Readonly<Record<string, string>> = {
  hours: 'We are open 9:00-18:00, Monday to Friday.',
  price: 'The price list is at https://example.com/prices',
  help: 'Ask me about "hours" or "price".',
};

/**
 * Keyword auto-reply: answers a message that contains a known keyword, in private chats and when mentioned in a
 * group, at most once every 2 s per chat (later answers wait their turn).
 */
export function keywordReply(client: BotClient, keywords: Readonly<Record<string, string>> = defaultKeywords): Observable<SendResult> {
  const escaped = Object.keys(keywords).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`\\b(${escaped.join('|')})\\b`, 'i');
  return client.messages$.pipe(
    mentioningMe({ inPrivate: true }),
    textMatching(pattern),
    rateLimit({ perChat: { intervalMs: 2000 } }),
    reply(client, (m) => keywords[(m.match[1] ?? '').toLowerCase()]),
  );
}
