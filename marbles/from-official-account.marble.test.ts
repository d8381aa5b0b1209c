import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromOfficialAccount } from '../operators/from-official-account.js';
import { link, text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = {
  o: link({ from: '@news', title: 'Digest' }),
  f: text('hi', { from: '@alice' }),
  g: text('hi', { from: '@news', group: '@@family' }),
};

describe('fromOfficialAccount', () => {
  it("keeps private messages whose contact has VerifyFlag's brand bit", () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const contacts = new Map([
        ['@news', { VerifyFlag: 24 }],
        ['@alice', { VerifyFlag: 0 }],
        ['@@family', { VerifyFlag: 8 }],
      ]);
      const source = cold(' -o--f--g--o-|', values);
      const subs = '        ^-----------!';
      const expected = '    -o--------o-|';
      expectObservable(source.pipe(fromOfficialAccount({ contacts }))).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it("reads the kind of a decoded contact, as client.contacts gives it", () =>
    rx.run(({ cold, expectObservable }) => {
      const contacts = new Map([
        ['@news', { name: 'News', kind: 'official' }],
        ['@alice', { name: 'Alice', kind: 'friend' }],
      ]);
      const source = cold(' -o--f-|', values);
      expectObservable(source.pipe(fromOfficialAccount({ contacts }))).toBe('-o----|', values);
    }));

  it('uses an isOfficial test', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -o--f--g--o-|', values);
      expectObservable(source.pipe(fromOfficialAccount({ isOfficial: (id) => id === '@alice' }))).toBe('----f-------|', values);
    }));

  it('never matches without a way to tell', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -o--f--g--o-|', values);
      expectObservable(source.pipe(fromOfficialAccount())).toBe('------------|');
    }));
});
