/** Changes of the world: a friend request, a group's members and topic, a contact's remark name. */
import { useState } from 'preact/hooks';
import type { PageWorld } from '../../src/testing/playground/page-events.js';
import { control } from './api';
import { useWords } from './i18n';

interface Props {
  readonly world: PageWorld;
  readonly session: string;
  readonly onError: (error: unknown) => void;
}

export function WorldPanel({ world, session, onError }: Props) {
  const t = useWords();
  const [greeting, setGreeting] = useState('');
  const [groupId, setGroupId] = useState(world.groups[0]?.id ?? '');
  const group = world.groups.find((g) => g.id === groupId) ?? world.groups[0];
  const others = group?.members.filter((m) => m.id !== world.self.id) ?? [];
  const [memberId, setMemberId] = useState('');
  const member = others.find((m) => m.id === memberId) ?? others[0];
  const [topic, setTopic] = useState('');
  const [contactId, setContactId] = useState('');
  const contact = world.friends.find((f) => f.id === contactId) ?? world.friends[0];
  const [remark, setRemark] = useState('');
  const run = (path: string, body: Record<string, unknown>, done?: () => void) => {
    control(path, { session, ...body })
      .then(() => done?.())
      .catch(onError);
  };
  return (
    <section class="panel world" aria-labelledby="world-title">
      <h2 id="world-title">{t('world')}</h2>
      <div class="field-row">
        <label>
          {t('greeting')}
          <input value={greeting} placeholder={t('defaultGreeting')} onInput={(e) => setGreeting(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={() => run('inject', { kind: 'friend-request', text: greeting === '' ? t('defaultGreeting') : greeting }, () => setGreeting(''))}>
          {t('newFriendRequest')}
        </button>
      </div>
      {group === undefined ? null : (
        <>
          <div class="field-row">
            <label>
              {t('group')}
              <select value={group.id} onChange={(e) => setGroupId(e.currentTarget.value)}>
                {world.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => run('inject', { kind: 'join', group: group.id })}>
              {t('join')}
            </button>
          </div>
          <div class="field-row">
            <label>
              {t('member')}
              <select value={member?.id ?? ''} onChange={(e) => setMemberId(e.currentTarget.value)}>
                {others.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={member === undefined} onClick={() => member !== undefined && run('inject', { kind: 'leave', group: group.id, from: member.id })}>
              {t('leave')}
            </button>
          </div>
          <div class="field-row">
            <label>
              {t('topic')}
              <input value={topic} onInput={(e) => setTopic(e.currentTarget.value)} />
            </label>
            <button type="button" disabled={topic.trim() === '' || member === undefined} onClick={() => member !== undefined && run('inject', { kind: 'topic', group: group.id, from: member.id, text: topic }, () => setTopic(''))}>
              {t('changeTopic')}
            </button>
          </div>
        </>
      )}
      {contact === undefined ? null : (
        <div class="field-row">
          <label>
            {t('contact')}
            <select value={contact.id} onChange={(e) => setContactId(e.currentTarget.value)}>
              {world.friends.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('remark')}
            <input value={remark} onInput={(e) => setRemark(e.currentTarget.value)} />
          </label>
          <button type="button" disabled={remark.trim() === ''} onClick={() => run('contacts/modify', { contact: contact.id, remarkName: remark }, () => setRemark(''))}>
            {t('rename')}
          </button>
        </div>
      )}
    </section>
  );
}
