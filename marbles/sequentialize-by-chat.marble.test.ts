import { map, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { sequentializeByChat } from '../operators/sequentialize-by-chat.js';
import { text } from '../src/testing/builders.js';
import type { TextMessage } from '../src/model/message.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const a = text('a1', { from: '@a' });
const b = text('a2', { from: '@a' });
const c = text('b1', { from: '@b' });
const d = text('a3', { from: '@a' });
const slow = (m: TextMessage) => timer(3).pipe(map(() => m));

describe('sequentializeByChat', () => {
  it('keeps order within a chat and runs chats in parallel', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a-b-c---|', { a, b, c });
      const subs = '        ^--------!';
      const expected = '    ----a--bc|';
      expectObservable(source.pipe(sequentializeByChat(slow))).toBe(expected, { a, b, c });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('serves a chat again after it went idle, and at the frame its last handler ends', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a--b-----d-|', { a, b, d });
      const expected = '    ----a--b-----(d|)';
      expectObservable(source.pipe(sequentializeByChat(slow))).toBe(expected, { a, b, d });
    }));

  it('waits for running handlers after the source completes', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -ab|', { a, b });
      expectObservable(source.pipe(sequentializeByChat(slow))).toBe('----a--(b|)', { a, b });
    }));

  it('orders by a custom key', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -xy|', { x: 1, y: 2 });
      const handler = (n: number) => timer(n === 1 ? 4 : 1).pipe(map(() => n));
      expectObservable(source.pipe(sequentializeByChat(handler, { key: () => 'all' }))).toBe('-----x(y|)', { x: 1, y: 2 });
    }));

  it('lets a handler error through and tears the other handlers down', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const ok$ = cold('          -----o|');
      const fail$ = cold('        --#');
      const source = cold('      -a-c---|', { a, c });
      expectObservable(source.pipe(sequentializeByChat((m) => (m === a ? ok$ : fail$)))).toBe('-----#');
      expectSubscriptions(ok$.subscriptions).toBe('-^---!');
      expectSubscriptions(fail$.subscriptions).toBe('---^-!');
    }));

  it('unsubscribes the handlers with the consumer', () =>
    rx.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const work$ = cold('      ---w|');
      const source = hot('      -ab-----', { a, b });
      const unsub = '           ------!';
      expectObservable(source.pipe(sequentializeByChat(() => work$)), unsub).toBe('----w-');
      expectSubscriptions(work$.subscriptions).toBe(['-^---!', '-----^!']);
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    }));
});
