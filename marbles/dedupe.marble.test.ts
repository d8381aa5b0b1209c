import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { dedupe } from '../operators/dedupe.js';
import { text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = { a: text('a'), b: text('b'), c: text('c') };

describe('dedupe', () => {
  it('drops messages whose id was seen', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a-b-a-c-b-|', values);
      const subs = '        ^----------!';
      const expected = '    -a-b---c---|';
      expectObservable(source.pipe(dedupe())).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('forgets the oldest ids beyond the window', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a-b-c-a-c-|', values);
      const expected = '    -a-b-c-a---|';
      expectObservable(source.pipe(dedupe({ window: 2 }))).toBe(expected, values);
    }));

  it('dedupes by a custom key, with fresh memory per subscription', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -x-y-z-|', { x: 'Hi', y: 'hi', z: 'yo' });
      const deduped = source.pipe(dedupe({ key: (s: string) => s.toLowerCase() }));
      expectObservable(deduped).toBe('-x---z-|', { x: 'Hi', z: 'yo' });
      expectObservable(deduped).toBe('-x---z-|', { x: 'Hi', z: 'yo' });
    }));
});
