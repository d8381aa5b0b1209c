import { firstValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WxEvent } from '../src/model/events.js';
import { isNotOnlineError } from '../src/errors/guards.js';
import { NotFriendError } from '../src/errors/not-friend-error.js';
import * as build from '../src/testing/builders.js';
import { createTestClient } from '../src/testing/test-client.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const hi = build.text('hi');
const added: WxEvent = { type: 'profile-changed', profile: { BitFlag: 0 } };

describe('createTestClient', () => {
  it('is logged in at once', async () => {
    const client = createTestClient();
    expect(await firstValueFrom(client.login$.pipe(toArray()))).toEqual([
      { type: 'logged-in', user: { UserName: '@self', NickName: 'Bot' }, resumed: false },
    ]);
    expect(await firstValueFrom(client.state$)).toMatchObject({ status: 'online' });
    expect(client.user?.UserName).toBe(build.testIds.self);
  });

  it('feeds marbles into events$ and messages$', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.receive('-a-e-a-', { a: hi, e: added });
      expectObservable(client.messages$).toBe('-a---a-', { a: hi });
      expectObservable(client.events$).toBe('-m-e-m-', { m: { type: 'message', message: hi }, e: added });
    }));

  it('feeds an Observable, and keeps what arrives before anyone listens', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.receive([hi, added]);
      client.receive(cold('-----a', { a: hi }));
      expectObservable(client.events$).toBe('(me)-a', { m: { type: 'message', message: hi }, e: added, a: { type: 'message', message: hi } });
    }));

  it('needs a TestScheduler for marbles', () => {
    expect(() => createTestClient().receive('-a-', { a: hi })).toThrow(/TestScheduler/);
  });

  it('records sends with their frame after sendDelay, and fails the chats it is told to', () =>
    rx.run(({ cold, expectObservable, flush }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 2 });
      const sends = cold('-a-b-c-d', { a: '@alice', b: '@bob', c: '@alice', d: '@bob' });
      client.failSendsTo('@bob');
      rx.schedule(() => client.stopFailingSendsTo('@bob'), 6);
      sends.subscribe((chat) => client.send(chat, 'x').subscribe({ error: () => undefined }));
      expectObservable(client.sent$).toBe('--ya---c-d', {
        y: { type: 'text', chat: '@carol', text: 'y' },
        a: { type: 'text', chat: '@alice', text: 'x' },
        c: { type: 'text', chat: '@alice', text: 'x' },
        d: { type: 'text', chat: '@bob', text: 'x' },
      });
      expectObservable(client.send('@carol', 'y')).toBe('--(r|)', { r: { msgId: '1', localId: 'local-1', chat: '@carol' } });
      flush();
      expect(client.sent.map((s) => `${s.frame}:${s.chat}`)).toEqual(['2:@carol', '3:@alice', '7:@alice', '9:@bob']);
      expect(client.failed.map((s) => [s.frame, s.chat, s.error instanceof NotFriendError])).toEqual([[5, '@bob', true]]);
    }));

  it('records media, forwards and mark-reads', async () => {
    const client = createTestClient();
    await firstValueFrom(client.sendImage('@a', 'cat.png'));
    await firstValueFrom(client.sendFile('@a', 'a.pdf', { name: 'A.pdf' }));
    await firstValueFrom(client.forward('@a', hi));
    await firstValueFrom(client.markRead('@a'));
    expect(client.sent.map(({ frame: _frame, ...sent }) => sent)).toEqual([
      { type: 'image', chat: '@a', source: 'cat.png' },
      { type: 'file', chat: '@a', source: 'a.pdf', name: 'A.pdf' },
      { type: 'forward', chat: '@a', message: hi },
      { type: 'mark-read', chat: '@a' },
    ]);
  });

  it('completes its streams on logout and refuses to send after', async () => {
    const client = createTestClient();
    const events = firstValueFrom(client.events$.pipe(toArray()));
    await firstValueFrom(client.logout(), { defaultValue: undefined });
    expect(await events).toEqual([]);
    expect(client.user).toBeUndefined();
    await expect(firstValueFrom(client.send('@a', 'x'))).rejects.toSatisfy(isNotOnlineError);
    await firstValueFrom(client.close(), { defaultValue: undefined });
  });
});

describe('message builders', () => {
  it('build a complete message of every kind', () => {
    const all = [
      build.text('t'),
      build.image(),
      build.voice(),
      build.video({ micro: true }),
      build.emoticon(),
      build.location('Here'),
      build.card(),
      build.friendRequest(),
      build.link(),
      build.file('a.pdf'),
      build.music(),
      build.chatHistory(),
      build.miniProgram(),
      build.transfer(),
      build.redPacket(),
      build.quote(),
      build.realtimeLocation(),
      build.app(),
      build.statusNotify({ chats: ['@a'] }),
      build.system('"Alice" invited "Bob" to the group chat'),
      build.recall('42'),
      build.voip(),
      build.possibleFriend(),
      build.sysNotice('notice'),
      build.unknown(),
    ];
    expect(all.map((m) => [m.kind, m.raw.MsgType])).toEqual([
      ['text', 1],
      ['image', 3],
      ['voice', 34],
      ['video', 62],
      ['emoticon', 47],
      ['location', 48],
      ['card', 42],
      ['friend-request', 37],
      ['link', 49],
      ['file', 49],
      ['music', 49],
      ['chat-history', 49],
      ['mini-program', 49],
      ['transfer', 49],
      ['red-packet', 49],
      ['quote', 49],
      ['realtime-location', 49],
      ['app', 49],
      ['status-notify', 51],
      ['system', 10000],
      ['recall', 10002],
      ['voip', 50],
      ['possible-friend', 40],
      ['sys-notice', 9999],
      ['unknown', 99999],
    ]);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    expect(build.system('"Alice" invited "Bob" to the group chat').event).toEqual({
      type: 'group-invite',
      inviter: 'Alice',
      invitees: ['Bob'],
      byMe: false,
    });
    expect(build.file('a.tar.gz')).toMatchObject({ fileName: 'a.tar.gz', ext: 'gz', title: 'a.tar.gz', appType: 6 });
  });

  it('route private, group and self-sent messages like the decoder', () => {
    expect(build.text('a', { from: '@bob' })).toMatchObject({ chat: '@bob', from: '@bob', to: '@self', isGroup: false, isSelf: false });
    expect(build.text('b', { from: '@bob', group: '@@g' })).toMatchObject({
      chat: '@@g',
      from: '@bob',
      isGroup: true,
      raw: { FromUserName: '@@g', ToUserName: '@self', Content: '@bob:\nb' },
    });
    expect(build.text('c', { self: true, to: '@bob' })).toMatchObject({ chat: '@bob', from: '@self', to: '@bob', isSelf: true });
    expect(build.text('d', { self: true, group: '@@g' })).toMatchObject({ chat: '@@g', from: '@self', raw: { Content: 'd' } });
    expect(build.text('@Bot hi', { mentions: ['Bot'] }).mentionsSelf).toBe(true);
    expect(build.text('x', { id: '7', time: 5000 })).toMatchObject({ id: '7', time: 5000, raw: { MsgId: '7', CreateTime: 5 } });
  });

  it('build messages that work with of() pipelines', async () => {
    expect(await firstValueFrom(of(build.text('x')).pipe(toArray()))).toHaveLength(1);
  });
});
