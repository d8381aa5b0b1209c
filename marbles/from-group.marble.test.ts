import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { fromGroup } from '../operators/from-group.js';
import { text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = {
  g: text('dinner?', { group: '@@family' }),
  p: text('hi'),
  h: text('standup', { group: '@@work' }),
  k: text('cake', { group: '@@family', from: '@bob' }),
};
const names = new Map([
  ['@@family', 'Family'],
  ['@@work', 'Work team'],
]);

describe('fromGroup', () => {
  it('keeps every group message when no group is named', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -g--p--h--k-|', values);
      const subs = '        ^-----------!';
      const expected = '    -g-----h--k-|';
      expectObservable(source.pipe(fromGroup())).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('matches a group by UserName', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -g--p--h--k-|', values);
      expectObservable(source.pipe(fromGroup('@@work'))).toBe('-------h----|', values);
    }));

  it('matches a group by the name resolveName gives', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -g--p--h--k-|', values);
      const expected = '    -g--------k-|';
      expectObservable(source.pipe(fromGroup('Family', { resolveName: (id) => names.get(id) }))).toBe(expected, values);
    }));

  it('matches a RegExp against the name from a contact list', () =>
    rx.run(({ cold, expectObservable }) => {
      const contacts = new Map([['@@work', { NickName: 'Work team' }]]);
      const source = cold(' -g--p--h--k-|', values);
      expectObservable(source.pipe(fromGroup(/^work/i, { contacts }))).toBe('-------h----|', values);
    }));

  it("matches the message's chatName, which the client fills in", () =>
    rx.run(({ cold, expectObservable }) => {
      const named = { f: text('hi', { group: '@@family', chatName: 'Family' }), w: text('yo', { group: '@@work', chatName: 'Work' }) };
      const source = cold(' -f--w-|', named);
      expectObservable(source.pipe(fromGroup('Family'))).toBe('-f----|', named);
      const resolveName = (id: string) => (id === '@@family' ? 'Kin' : undefined);
      expectObservable(source.pipe(fromGroup('Kin', { resolveName }))).toBe('-f----|', named);
      expectObservable(source.pipe(fromGroup('Work', { resolveName }))).toBe('----w-|', named);
    }));

  it('matches no name when names cannot be resolved', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -g--p--h--k-|', values);
      expectObservable(source.pipe(fromGroup('Family'))).toBe('------------|');
    }));
});
