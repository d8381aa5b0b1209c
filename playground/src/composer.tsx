/** Writes into the open chat as any of its people (or as the account owner on the phone): text, @, uploads. */
import { useEffect, useState } from 'preact/hooks';
import type { PageFeatures, PageGroup, PageProtocol } from '../../src/testing/playground/page-events.js';
import { base64Of } from './api';
import { useWords, type WordKey } from './i18n';
import { say } from './say';

interface Props {
  readonly protocol: PageProtocol;
  readonly features: PageFeatures;
  readonly chat: { readonly id: string; readonly name: string };
  readonly group: PageGroup | undefined;
  readonly selfId: string;
  readonly session: string;
  readonly onError: (error: unknown) => void;
}

/** Uploads above this are refused by the page (the control calls take 32 MiB of base64). */
const MAX_UPLOAD = 16 * 1024 * 1024;

type Upload = PageFeatures['uploads'][number];

const UPLOADS: Readonly<Record<Upload, { readonly label: WordKey; readonly accept?: string }>> = {
  image: { label: 'sendImage', accept: 'image/*' },
  file: { label: 'sendFile' },
  voice: { label: 'sendVoice', accept: 'audio/*' },
  video: { label: 'sendVideo', accept: 'video/*' },
};

export function Composer({ protocol, features, chat, group, selfId, session, onError }: Props) {
  const t = useWords();
  const people = group === undefined ? [{ id: chat.id, name: chat.name }] : group.members.filter((m) => m.id !== selfId);
  const [from, setFrom] = useState(people[0]?.id ?? 'self');
  const [mention, setMention] = useState('');
  const [text, setText] = useState('');
  useEffect(() => {
    setFrom(people[0]?.id ?? 'self');
    setMention('');
  }, [chat.id]);

  const who = () => ({ chat: chat.id, group: group !== undefined, from, session });
  const sendText = (event: Event) => {
    event.preventDefault();
    if (text.trim() === '') return;
    say(protocol, who(), { kind: 'text', text, ...(mention === '' ? {} : { mentions: [mention] }) })
      .then(() => setText(''))
      .catch(onError);
  };
  const upload = (kind: Upload) => async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    if (file.size > MAX_UPLOAD) return onError(new Error(`${file.name}: > 16 MiB`));
    try {
      await say(protocol, who(), { kind, data: await base64Of(file), name: file.name });
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
            {features.fromPhone ? <option value="self">{t('me')}</option> : null}
          </select>
        </label>
        {group === undefined || !features.mentions ? null : (
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
        {features.uploads.map((kind) => (
          <label class="file-button" key={kind}>
            {t(UPLOADS[kind].label)}
            <input type="file" accept={UPLOADS[kind].accept} onChange={upload(kind)} />
          </label>
        ))}
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
