/** One chat: its messages in WeChat's layout (others on the left, the account's on the right, notices centred). */
import type { PageMessage, PageSendState } from '../../src/testing/playground/page-events.js';
import { control } from './api';
import { useWords, type WordKey } from './i18n';

interface Props {
  readonly chat: { readonly id: string; readonly name: string };
  readonly group: boolean;
  /** Whether the simulator can recall a contact's message. */
  readonly canRecall: boolean;
  readonly messages: readonly PageMessage[];
  readonly session: string | undefined;
  readonly onError: (error: unknown) => void;
}

export function Conversation({ chat, group, canRecall, messages, session, onError }: Props) {
  const t = useWords();
  const recall = (m: PageMessage) => {
    control('inject', { kind: 'recall', from: m.from, ...(group ? { group: chat.id } : {}), recalledId: m.msgId, ...(session === undefined ? {} : { session }) }).catch(onError);
  };
  return (
    <div class="messages" role="log" aria-live="polite" aria-label={`${t('conversation')}: ${chat.name}`}>
      <ol>
      {messages.map((m) => (
        <li key={m.msgId} class={`message ${placement(m)}`} data-msgid={m.msgId} data-kind={m.kind}>
          {m.recalled === true ? (
            <p class="notice">
              {m.fromName} {t('recalled')}
            </p>
          ) : m.kind === 'system' ? (
            <p class="notice">{m.text}</p>
          ) : (
            <>
              {group || m.dir !== 'in' ? <span class="sender">{m.dir === 'bot' ? `${m.fromName} (bot)` : m.fromName}</span> : null}
              <div class="bubble">
                <Body message={m} />
              </div>
              <span class="meta">
                <time dateTime={new Date(m.time).toISOString()}>{new Date(m.time).toLocaleTimeString()}</time>
                <SendState message={m} />
                {canRecall && m.dir === 'in' && m.kind !== 'friend-request' ? (
                  <button type="button" class="link-button" aria-label={`${t('recall')}: ${m.fromName}`} onClick={() => recall(m)}>
                    {t('recall')}
                  </button>
                ) : null}
              </span>
            </>
          )}
        </li>
      ))}
      </ol>
    </div>
  );
}

const STATES: Readonly<Record<PageSendState, { readonly mark: string; readonly word: WordKey }>> = {
  sent: { mark: '✓', word: 'sent' },
  pending: { mark: '…', word: 'pending' },
  refused: { mark: '✗', word: 'refused' },
  blocked: { mark: '✗', word: 'blocked' },
  duplicate: { mark: '↺', word: 'duplicate' },
  failed: { mark: '✗', word: 'failedSend' },
};

/** What became of a bot's message: delivered, waiting for the phone, or refused and why. */
function SendState({ message: m }: { readonly message: PageMessage }) {
  const t = useWords();
  if (m.state === undefined) return null;
  const { mark, word } = STATES[m.state];
  return (
    <span class="state" data-state={m.state}>
      {' '}
      {mark} {t(word)}
      {m.reason === undefined ? '' : ` (${m.reason})`}
    </span>
  );
}

function placement(m: PageMessage): string {
  if (m.recalled === true || m.kind === 'system') return 'center';
  return m.dir === 'in' ? 'left' : 'right';
}

function Body({ message: m }: { readonly message: PageMessage }) {
  const t = useWords();
  switch (m.kind) {
    case 'text':
      return (
        <p>
          {(m.mentions ?? []).map((name) => (
            <span class="mention" key={name}>
              @{name}{' '}
            </span>
          ))}
          {m.text}
        </p>
      );
    case 'image':
    case 'emoticon':
      return m.media === undefined ? <p>[{t(m.kind === 'image' ? 'picture' : 'sticker')}]</p> : <img class="picture" src={`media/${encodeURIComponent(m.media)}`} alt={t(m.kind === 'image' ? 'picture' : 'sticker')} />;
    case 'voice':
      return <p>🔊 [{t('voice')}]{m.text === '' ? '' : ` ${m.text}`}</p>;
    case 'video':
      return <p>🎬 [{t('video')}]</p>;
    case 'file':
      return <p>📄 {m.text === '' ? `[${t('file')}]` : m.text}</p>;
    case 'card':
      return <p>👤 {t('card')}: {m.text}</p>;
    case 'location':
      return <p>📍 {m.text}</p>;
    case 'link':
      return <p>🔗 {m.text}</p>;
    case 'friend-request':
      return <p>{t('friendRequest')}: {m.text}</p>;
    default:
      return <p>{m.text === '' ? `[${m.kind}]` : m.text}</p>;
  }
}
