/** Writes into the open chat as any of its people (or as the account owner on the phone): text, @, picture, file. */
import { useEffect, useState } from 'preact/hooks';
import type { PageGroup } from '../../src/testing/playground/page-events.js';
import { base64Of, control } from './api';
import { useWords } from './i18n';

interface Props {
  readonly chat: { readonly id: string; readonly name: string };
  readonly group: PageGroup | undefined;
  readonly selfId: string;
  readonly session: string;
  readonly onError: (error: unknown) => void;
}

/** Uploads above this are refused by the page (the control call takes 32 MiB of base64). */
const MAX_UPLOAD = 16 * 1024 * 1024;

export function Composer({ chat, group, selfId, session, onError }: Props) {
  const t = useWords();
  const people = group === undefined ? [{ id: chat.id, name: chat.name }] : group.members.filter((m) => m.id !== selfId);
  const [from, setFrom] = useState(people[0]?.id ?? 'self');
  const [mention, setMention] = useState('');
  const [text, setText] = useState('');
  useEffect(() => {
    setFrom(people[0]?.id ?? 'self');
    setMention('');
  }, [chat.id]);

  const where = () => ({ session, from, ...(group === undefined ? (from === 'self' ? { to: chat.id } : {}) : { group: chat.id }) });
  const sendText = (event: Event) => {
    event.preventDefault();
    if (text.trim() === '') return;
    control('inject', { ...where(), kind: 'text', text, ...(mention === '' ? {} : { mentions: [mention] }) })
      .then(() => setText(''))
      .catch(onError);
  };
  const upload = (kind: 'image' | 'file') => async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    if (file.size > MAX_UPLOAD) return onError(new Error(`${file.name}: > 16 MiB`));
    try {
      await control('inject', { ...where(), kind, data: await base64Of(file), ...(kind === 'file' ? { text: file.name } : {}) });
    } catch (error) {
      onError(error);
    }
  };
  return (
    <form class="composer" onSubmit={sendText} aria-label={`${t('send')}: ${chat.name}`}>
      <div class="composer-row">
        <label>
          {t('sender')}
          <select value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value="self">{t('me')}</option>
          </select>
        </label>
        {group === undefined ? null : (
          <label>
            {t('mention')}
            <select value={mention} onChange={(e) => setMention(e.currentTarget.value)}>
              <option value="">{t('nobody')}</option>
              {group.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="file-button">
          {t('sendImage')}
          <input type="file" accept="image/*" onChange={upload('image')} />
        </label>
        <label class="file-button">
          {t('sendFile')}
          <input type="file" onChange={upload('file')} />
        </label>
      </div>
      <div class="composer-row">
        <label class="grow">
          <span class="visually-hidden">{t('message')}</span>
          <textarea
            rows={2}
            value={text}
            placeholder={t('message')}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) sendText(e);
            }}
          />
        </label>
        <button type="submit" class="primary">
          {t('send')}
        </button>
      </div>
    </form>
  );
}
