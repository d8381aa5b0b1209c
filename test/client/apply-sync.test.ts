import { describe, expect, it } from 'vitest';
import { applySync, commitSync, type SyncBatch } from '../../src/web/client/apply-sync.js';
import { SessionState } from '../../src/web/client/session-state.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';

const key = { Count: 1, List: [{ Key: 1, Val: 1 }] };

function session(): SessionState {
  const credentials = { uin: 1, sid: 's', skey: 'k', passTicket: 'p', deviceId: 'e000000000000000' };
  const hosts = { login: 'http://x', main: 'http://x', push: 'http://x', file: 'http://x', qr: 'http://x' };
  const state = new SessionState(credentials, hosts, { UserName: '@me', NickName: 'Me' }, key, key, 40, 100);
  state.contacts.upsert({ UserName: '@alice', NickName: 'Alice', RemarkName: 'Ally', ContactFlag: 3 }, 'ignore');
  state.contacts.upsert({ UserName: '@@team', NickName: 'Team', ContactFlag: 3 }, 'ignore');
  return state;
}

const text = (id: string, from: string, to: string, content: string) => ({ MsgId: id, FromUserName: from, ToUserName: to, MsgType: 1, Content: content, CreateTime: 1 });

function apply(state: SessionState, body: Record<string, unknown>): SyncBatch {
  return applySync(state, webwxsync.decode(JSON.stringify({ BaseResponse: { Ret: 0 }, SyncKey: key, ...body })));
}

/** A missing contact as `UserName` or `UserName in EncryChatRoomId`. */
const shown = ({ userName, encryChatRoomId }: SyncBatch['missing'][number]): string => (encryChatRoomId ? `${userName} in ${encryChatRoomId}` : userName);

describe('applySync with the contact store', () => {
  it('names senders and chats from the store and reports the names it lacks, without a request per message', () => {
    const state = session();
    const { events, missing: lacking } = apply(state, {
      AddMsgList: [
        text('1', '@alice', '@me', 'hi'),
        text('2', '@@team', '@me', '@b0b1:<br/>hello team'),
        text('3', '@stranger', '@me', 'who am I'),
        text('4', '@me', '@@team', 'from my phone'),
      ],
    });
    const messages = events.flatMap((e) => (e.type === 'message' ? [e.message] : []));
    expect(messages.map((m) => [m.senderName, m.chatName])).toEqual([
      ['Ally', 'Ally'],
      [undefined, 'Team'],
      [undefined, undefined],
      ['Me', 'Team'],
    ]);
    // The group is reported for each message while its members are unknown; the resolver asks for it once.
    const missing = lacking.map(shown);
    expect(missing).toEqual(['@@team', '@stranger', '@stranger', '@@team']);
  });

  it('applies a new nickname from Profile before the messages of the same answer: mentions of it are the user’s', () => {
    const state = session();
    const mention = (id: string, name: string) => text(id, '@@team', '@me', `@b0b1:<br/>@${name}\u2005look`);
    const before = apply(state, { AddMsgList: [mention('6', 'NewMe')] });
    const mentioned = (batch: SyncBatch) => batch.events.flatMap((e) => (e.type === 'message' && e.message.kind === 'text' ? [e.message.mentionsSelf] : []));
    expect(mentioned(before)).toEqual([false]);
    const after = apply(state, { Profile: { BitFlag: 190, NickName: { Buff: 'NewMe' }, UserName: { Buff: '@me' } }, AddMsgList: [mention('7', 'NewMe')] });
    expect(after.events.map((e) => e.type)).toEqual(['profile-changed', 'message']);
    expect(mentioned(after)).toEqual([true]);
    expect(state.contacts.self.nickName).toBe('NewMe');
  });

  it('applies ModContactList, ModChatRoomMemberList and DelContactList before the messages of the same answer', () => {
    const state = session();
    const members = [{ UserName: '@me', NickName: 'Me', DisplayName: '' }, { UserName: '@b0b1', NickName: 'Bob', DisplayName: 'Bobby' }];
    const { events } = apply(state, {
      ModContactList: [{ UserName: '@carol', NickName: 'Carol', ContactFlag: 3 }],
      ModChatRoomMemberList: [{ UserName: '@@team', NickName: 'Team', ContactFlag: 3, MemberList: members }],
      DelContactList: [{ UserName: '@alice' }],
      AddMsgList: [text('5', '@@team', '@me', '@b0b1:<br/>now you know me')],
    });
    expect(events.map((e) => e.type)).toEqual(['contact-added', 'contact-modified', 'group-members-changed', 'contact-removed', 'message']);
    const removed = events.find((e) => e.type === 'contact-removed');
    expect(removed?.type === 'contact-removed' && removed.contact?.name).toBe('Ally');
    const message = events.at(-1);
    expect(message?.type === 'message' && message.message.senderName).toBe('Bobby');
    expect(state.contacts.get('@alice')).toBeUndefined();
  });

  it('looks up the chats of the phone’s conversation list it does not know', () => {
    const state = session();
    const missing = apply(state, {
      AddMsgList: [{ MsgId: '9', FromUserName: '@me', ToUserName: '@me', MsgType: 51, StatusNotifyCode: 4, StatusNotifyUserName: '@alice,@@other,filehelper', Content: '' }],
    }).missing.map(shown);
    expect(missing).toEqual(expect.arrayContaining(['@@other', 'filehelper']));
    expect(missing).not.toContain('@alice');
  });

  it('moves the keys past a delivered batch: the SyncCheckKey for the poll when one came, else the SyncKey', () => {
    const state = session();
    const next = { Count: 2, List: [{ Key: 1, Val: 2 }, { Key: 1000, Val: 1_546_214_000 }] };
    const check = { Count: 3, List: [{ Key: 1, Val: 2 }, { Key: 2, Val: 9 }, { Key: 1000, Val: 1_546_214_001 }] };
    commitSync(state, webwxsync.decode(JSON.stringify({ BaseResponse: { Ret: 0 }, SyncKey: next, SyncCheckKey: check })));
    expect([state.syncKeyText, state.syncCheckKeyText]).toEqual(['1_2|1000_1546214000', '1_2|2_9|1000_1546214001']);
    expect(state.toSaved(undefined, 0)).toMatchObject({ syncKey: next, syncCheckKey: check });
    commitSync(state, webwxsync.decode(JSON.stringify({ BaseResponse: { Ret: 0 }, SyncKey: key })));
    expect(state.toSaved(undefined, 0)).toMatchObject({ syncKey: key, syncCheckKey: key });
  });
});
