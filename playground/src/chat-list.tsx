/** The chat list: friends, groups, official accounts, and any other chat something was said in. */
import type { PageMessage, PageWorld } from '../../src/testing/playground/page-events.js';
import { useWords, type WordKey } from './i18n';

export interface ChatRef {
  readonly id: string;
  readonly name: string;
}

interface Props {
  readonly world: PageWorld | undefined;
  readonly messages: readonly PageMessage[];
  readonly selected: string | undefined;
  readonly onSelect: (chat: ChatRef) => void;
}

export function ChatList({ world, messages, selected, onSelect }: Props) {
  const t = useWords();
  const known = new Set([...(world?.friends ?? []), ...(world?.groups ?? []), ...(world?.officials ?? [])].map((c) => c.id));
  const others = new Map<string, ChatRef>();
  for (const m of messages) if (!known.has(m.chat)) others.set(m.chat, { id: m.chat, name: m.chatName });
  const last = new Map<string, PageMessage>();
  for (const m of messages) last.set(m.chat, m);
  const section = (title: WordKey, chats: readonly ChatRef[]) =>
    chats.length === 0 ? null : (
      <section aria-labelledby={`chats-${title}`}>
        <h3 id={`chats-${title}`}>{t(title)}</h3>
        <ul>
          {chats.map((chat) => (
            <li key={chat.id}>
              <button type="button" class="chat" aria-current={chat.id === selected ? 'true' : undefined} onClick={() => onSelect(chat)}>
                <span class="chat-name">{chat.name}</span>
                <span class="chat-preview">{preview(last.get(chat.id))}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  return (
    <nav class="chat-list" aria-label={t('chats')}>
      <h2 class="visually-hidden">{t('chats')}</h2>
      {section('friends', world?.friends ?? [])}
      {section('groups', world?.groups ?? [])}
      {section('officials', world?.officials ?? [])}
      {section('others', [...others.values()])}
    </nav>
  );
}

function preview(m: PageMessage | undefined): string {
  if (m === undefined) return '';
  return m.text === '' ? `[${m.kind}]` : m.text.slice(0, 24);
}
