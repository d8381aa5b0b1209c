import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { mentioningMe } from '../operators/mentioning-me.js';
import { image, text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = {
  m: text('@Bot hi', { group: '@@team', mentions: ['Bot'] }),
  o: text('@Carol hi', { group: '@@team', mentions: ['Carol'] }),
  p: text('hello'),
  s: text('@Bot note to self', { group: '@@team', self: true, mentions: ['Bot'] }),
  i: image(),
};

describe('mentioningMe', () => {
  it('keeps group texts that mention the logged-in user', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -m--o--p--s--i-|', values);
      const subs = '        ^--------------!';
      const expected = '    -m-------------|';
      expectObservable(source.pipe(mentioningMe())).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('also keeps private texts with inPrivate', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -m--o--p--s--i-|', values);
      expectObservable(source.pipe(mentioningMe({ inPrivate: true }))).toBe('-m-----p-------|', values);
    }));
});
