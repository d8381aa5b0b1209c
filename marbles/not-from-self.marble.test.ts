import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { notFromSelf } from '../operators/not-from-self.js';
import { image, text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = {
  a: text('ping'),
  s: text('pong', { self: true }),
  b: image({ from: '@bob', group: '@@family' }),
  t: image({ self: true, group: '@@family' }),
};

describe('notFromSelf', () => {
  it('drops what the logged-in user sent, in private chats and groups', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a--s--b--t-|', values);
      const subs = '        ^-----------!';
      const expected = '    -a-----b----|';
      expectObservable(source.pipe(notFromSelf())).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('passes errors through', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -s--a--#', values);
      const subs = '        ^------!';
      expectObservable(source.pipe(notFromSelf())).toBe('----a--#', values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));
});
