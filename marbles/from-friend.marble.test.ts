import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromFriend } from '../operators/from-friend.js';
import { link, text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = {
  a: text('hi', { from: '@alice' }),
  g: text('yo', { from: '@alice', group: '@@family' }),
  b: text('hey', { from: '@bob' }),
  o: link({ from: '@news', title: 'Digest' }),
};
const contacts = new Map([
  ['@alice', { NickName: 'Alice', RemarkName: 'Ali' }],
  ['@bob', { NickName: 'Bob' }],
  ['@news', { NickName: 'News', VerifyFlag: 24 }],
]);

describe('fromFriend', () => {
  it('keeps every private-chat message when no friend is named', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a--g--b--o-|', values);
      const subs = '        ^-----------!';
      const expected = '    -a-----b--o-|';
      expectObservable(source.pipe(fromFriend())).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('leaves official accounts out when the contact list tells', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a--g--b--o-|', values);
      expectObservable(source.pipe(fromFriend(undefined, { contacts }))).toBe('-a-----b----|', values);
    }));

  it('matches a friend by UserName or by remark name, not by a hidden nickname', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a--g--b--o-|', values);
      expectObservable(source.pipe(fromFriend('@bob'))).toBe('-------b----|', values);
      expectObservable(source.pipe(fromFriend('Ali', { contacts }))).toBe('-a----------|', values);
      expectObservable(source.pipe(fromFriend('Alice', { contacts }))).toBe('------------|');
    }));

  it('prefers resolveName and an isOfficial test over the contact list', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a--g--b--o-|', values);
      const config = { contacts, resolveName: (id: string) => id.slice(1), isOfficial: (id: string) => id === '@bob' };
      expectObservable(source.pipe(fromFriend(/^(alice|bob|news)$/, config))).toBe('-a--------o-|', values);
    }));
});
