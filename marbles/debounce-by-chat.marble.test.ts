import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { debounceByChat } from '../operators/debounce-by-chat.js';
import { text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const a1 = text('I', { from: '@a' });
const a2 = text('have a question', { from: '@a' });
const b = text('hello', { from: '@b' });
const a3 = text('anyone?', { from: '@a' });

describe('debounceByChat', () => {
  it('emits the last value of each chat after it is quiet, chats independently', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -x-y-b----z-|', { x: a1, y: a2, b, z: a3 });
      const subs = '        ^-----------!';
      const expected = '    ------y-b---(z|)';
      expectObservable(source.pipe(debounceByChat(3))).toBe(expected, { y: a2, b, z: a3 });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('starts a new burst after a chat was flushed', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -x---y-----|', { x: a1, y: a2 });
      expectObservable(source.pipe(debounceByChat(2))).toBe('---x---y---|', { x: a1, y: a2 });
    }));

  it('groups by a custom key and cancels pending values with the consumer', () =>
    rx.run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -ab-A-----', { a: 'apple', b: 'banana', A: 'avocado' });
      const unsub = '       ------!';
      const debounced = source.pipe(debounceByChat(3, { key: (s: string) => s[0] ?? '' }));
      expectObservable(debounced, unsub).toBe('-----b-', { b: 'banana' });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    }));
});
