import { EMPTY, merge, NEVER, switchMap } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { conversation, type ConversationConfig, type Dialog } from '../operators/conversation.js';
import { ofKind } from '../operators/of-kind.js';
import type { ActionError } from '../src/errors/action-error.js';
import type { WxMessage } from '../src/model/message.js';
import { image, text } from '../src/testing/builders.js';
import { createTestClient } from '../src/testing/test-client.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const order = text('/order', { from: '@alice' });
const small = text('S', { from: '@alice' });
const bob = text('hello', { from: '@bob' });
const photo = image({ from: '@alice' });
const say = (chat: string, body: string) => ({ type: 'text', chat, text: body });

const ordering = (timeout = 5): Pick<ConversationConfig<WxMessage>, 'start' | 'run'> => ({
  start: (m) => m.kind === 'text' && m.text === '/order',
  run: (dialog) =>
    dialog
      .ask('Size?', { accept: ofKind('text'), timeout })
      .pipe(switchMap((answer) => dialog.say(answer ? `Size ${answer.text}` : 'Cancelled'))),
});

describe('conversation', () => {
  it('asks, routes the answer to the dialog and passes other messages on', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const client = createTestClient({ scheduler: rx });
      const source = cold(' -o--b--s---|', { o: order, b: bob, s: small });
      const subs = '        ^----------!';
      const expected = '    ----b------|';
      expectObservable(source.pipe(conversation(client, ordering(10)))).toBe(expected, { b: bob });
      expectObservable(client.sent$).toBe('-p-----a----', { p: say('@alice', 'Size?'), a: say('@alice', 'Size S') });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('takes the timeout branch, then lets a new dialog start', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const source = cold(' -o-------o-s-|', { o: order, s: small });
      expectObservable(source.pipe(conversation(client, ordering()))).toBe('-------------|');
      expectObservable(client.sent$).toBe('-p----c--p-a--', {
        p: say('@alice', 'Size?'),
        c: say('@alice', 'Cancelled'),
        a: say('@alice', 'Size S'),
      });
    }));

  it('passes on what the dialog does not accept, and everything once it has ended', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const run = (dialog: Dialog<WxMessage>) =>
        dialog.say('Hi').pipe(switchMap(() => dialog.ask(null, { accept: ofKind('text'), timeout: 5 })));
      const source = cold(' -o-i-s-i-|', { o: order, i: photo, s: small });
      expectObservable(source.pipe(conversation(client, { start: ordering().start, run }))).toBe('---i---i-|', { i: photo });
    }));

  it("hears only the starter in a group by default, anyone in the chat with scope 'chat'", () =>
    rx.run(({ cold, expectObservable }) => {
      const inGroup = (body: string, from: string) => text(body, { from, group: '@@team' });
      const values = { o: inGroup('/order', '@alice'), b: inGroup('M', '@bob'), a: inGroup('L', '@alice') };
      const bySender = createTestClient({ scheduler: rx });
      const byChat = createTestClient({ scheduler: rx });
      const source = cold(' -o-b-a-|', values);
      expectObservable(source.pipe(conversation(bySender, ordering()))).toBe('---b---|', values);
      expectObservable(source.pipe(conversation(byChat, Object.assign({ scope: 'chat' as const }, ordering())))).toBe('-----a-|', values);
      expectObservable(bySender.sent$).toBe('-p---l--', { p: say('@@team', 'Size?'), l: say('@@team', 'Size L') });
      expectObservable(byChat.sent$).toBe('-p-m----', { p: say('@@team', 'Size?'), m: say('@@team', 'Size M') });
    }));

  it('hears an answer that arrives before the prompt is confirmed sent', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 3 });
      const source = cold(' -os-----|', { o: order, s: small });
      expectObservable(source.pipe(conversation(client, ordering()))).toBe('--------|');
      expectObservable(client.sent$).toBe('----p(a)', { p: say('@alice', 'Size?'), a: say('@alice', 'Size S') });
    }));

  it('reports a failing dialog, ends it, and keeps routing', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.failSendsTo('@alice');
      const source = cold(' -o-s-b-|', { o: order, s: small, b: bob });
      const config = Object.assign({ onError: (e: ActionError) => errors.push(e) }, ordering());
      expectObservable(source.pipe(conversation(client, config))).toBe('---s-b-|', { s: small, b: bob });
    });
    expect(errors.map((e) => [e.action, e.input, e.chat])).toEqual([['conversation', order, '@alice']]);
  });

  it('reports a second ask while one is waiting', () => {
    const errors: string[] = [];
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const run = (dialog: Dialog<WxMessage>) => merge(dialog.ask(null), dialog.ask(null));
      const config = { start: ordering().start, run, onError: (e: ActionError) => errors.push(e.message) };
      expectObservable(cold('-o-|', { o: order }).pipe(conversation(client, config))).toBe('---|');
    });
    expect(errors).toEqual(['conversation failed for @alice: WeChatError: conversation: ask() called while another ask() of the dialog is waiting']);
  });

  it('cancels a dialog after maxDuration', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const run = (dialog: Dialog<WxMessage>) => dialog.ask('Size?', { timeout: Infinity }).pipe(switchMap(() => NEVER));
      const source = cold(' -o---s--s-|', { o: order, s: small });
      const config = { start: ordering().start, run, maxDuration: 6 };
      expectObservable(source.pipe(conversation(client, config))).toBe('--------s-|', { s: small });
    }));

  it('completes once the source has and the running dialogs are done', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      expectObservable(cold(' -o|', { o: order }).pipe(conversation(client, ordering(4)))).toBe('-----|');
      expectObservable(cold<WxMessage>(' -|').pipe(conversation(client, { start: () => true, run: () => EMPTY }))).toBe('-|');
    }));

  it('tears the dialogs down with the consumer: no timeout branch runs after', () =>
    rx.run(({ hot, expectObservable, expectSubscriptions }) => {
      const client = createTestClient({ scheduler: rx });
      const source = hot('  -o-----', { o: order });
      const unsub = '       ---!';
      expectObservable(source.pipe(conversation(client, ordering(4))), unsub).toBe('----');
      expectObservable(client.sent$).toBe('-p------', { p: say('@alice', 'Size?') });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    }));
});
