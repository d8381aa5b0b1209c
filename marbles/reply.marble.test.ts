import { of, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageSender } from '../src/model/bot-client.js';
import { actionErrors$ } from '../operators/error-channel.js';
import { reply } from '../operators/reply.js';
import type { SendResult } from '../src/model/events.js';
import type { ActionError } from '../src/errors/action-error.js';
import { NotFriendError } from '../src/errors/not-friend-error.js';
import { text } from '../src/testing/builders.js';
import { createTestClient } from '../src/testing/test-client.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const a = text('hi', { from: '@alice' });
const b = text('yo', { from: '@bob' });
const c = text('hey', { from: '@carol' });
const result = (n: number, chat: string): SendResult => ({ msgId: String(n), localId: `local-${n}`, chat });

describe('reply', () => {
  it('answers each message in its chat and emits the send results', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 2 });
      const source = cold(' -a----b---|', { a, b });
      const subs = '        ^---------!';
      const expected = '    ---A----B-|';
      expectObservable(source.pipe(reply(client, (m) => m.text.toUpperCase()))).toBe(expected, {
        A: result(1, '@alice'),
        B: result(2, '@bob'),
      });
      expectObservable(client.sent$).toBe('---x----y---', {
        x: { type: 'text', chat: '@alice', text: 'HI' },
        y: { type: 'text', chat: '@bob', text: 'YO' },
      });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('reports a failed send and keeps answering', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.failSendsTo('@bob');
      const source = cold(' -a--b--c-|', { a, b, c });
      const expected = '    -A-----C-|';
      expectObservable(source.pipe(reply(client, 'pong', { onError: (e) => errors.push(e) }))).toBe(expected, {
        A: result(1, '@alice'),
        C: result(2, '@carol'),
      });
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'ActionError', action: 'reply', input: b, chat: '@bob' });
    expect(errors[0]?.cause).toBeInstanceOf(NotFriendError);
  });

  it('sends nothing for null, and each content of an Observable in order', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const source = cold(' -a--b-|', { a, b });
      const answer = (m: typeof a) => (m === a ? null : cold('-x-y|', { x: 'one', y: { text: 'two' } }));
      expectObservable(source.pipe(reply(client, answer))).toBe('-----X-Y|', { X: result(1, '@bob'), Y: result(2, '@bob') });
    }));

  it('sends images and files, and a Promise of content', async () => {
    const client = createTestClient();
    const results: SendResult[] = [];
    const contents = [{ image: 'cat.png' }, { file: new Uint8Array([1]), name: 'a.bin' }, { file: 'b.txt' }] as const;
    let i = 0;
    await new Promise<void>((done) =>
      of(a, b, c)
        .pipe(reply(client, async () => contents[i++]))
        .subscribe({ next: (r) => results.push(r), complete: done }),
    );
    expect(results.map((r) => r.chat)).toEqual(['@alice', '@bob', '@carol']);
    expect(client.sent.map(({ frame: _frame, ...sent }) => sent)).toEqual([
      { type: 'image', chat: '@alice', source: 'cat.png' },
      { type: 'file', chat: '@bob', source: new Uint8Array([1]), name: 'a.bin' },
      { type: 'file', chat: '@carol', source: 'b.txt' },
    ]);
  });

  it('reports a media reply to a client that cannot send media, and a throwing function', () => {
    const errors = new Subject<ActionError>();
    const seen: string[] = [];
    errors.subscribe((e) => seen.push(e.message));
    rx.run(({ cold, expectObservable }) => {
      const client: MessageSender = { send: (chat) => cold('-r|', { r: result(9, chat) }) };
      const answer = (m: typeof a) => {
        if (m === b) throw new TypeError('bug');
        return m === a ? { image: 'x.png' } : 'ok';
      };
      const source = cold(' -a-b-c--|', { a, b, c });
      expectObservable(source.pipe(reply(client, answer, { onError: errors }))).toBe('------R-|', { R: result(9, '@carol') });
    });
    expect(seen).toEqual([
      'reply failed for @alice: WeChatError: this client has no sendImage(): it cannot send that content',
      'reply failed for @bob: TypeError: bug',
    ]);
  });

  it('reports to actionErrors$ when no onError is given', () => {
    const seen: ActionError[] = [];
    const subscription = actionErrors$.subscribe((e) => seen.push(e));
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.failSendsTo('@alice');
      expectObservable(cold('-a-|', { a }).pipe(reply(client, 'x'))).toBe('---|');
    });
    subscription.unsubscribe();
    expect(seen.map((e) => e.input)).toEqual([a]);
  });

  it('limits replies in flight with concurrency, and unsubscribes the sends with the consumer', () =>
    rx.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const send$ = cold('      ---r|', { r: result(1, '@x') });
      const client: MessageSender = { send: () => send$ };
      const source = hot('     -abc------', { a, b, c });
      const unsub = '          ----------!';
      const expected = '       ----r---r--';
      expectObservable(source.pipe(reply(client, 'x', { concurrency: 1 })), unsub).toBe(expected, { r: result(1, '@x') });
      expectSubscriptions(send$.subscriptions).toBe(['-^---!', '-----^---!', '---------^!']);
    }));
});
