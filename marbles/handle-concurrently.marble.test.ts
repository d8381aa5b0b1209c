import { map, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleConcurrently } from '../operators/handle-concurrently.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('handleConcurrently', () => {
  it('runs at most n handlers at once', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a-b-c-|');
      const subs = '        ^------!';
      const expected = '    ------a-b--(c|)';
      expectObservable(source.pipe(handleConcurrently(2, (v) => timer(5).pipe(map(() => v))))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('lets a handler error through', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a-b-|');
      expectObservable(source.pipe(handleConcurrently(1, (v) => (v === 'b' ? cold('#') : cold('v|', { v }))))).toBe('-a-#', {
        a: 'a',
      });
    }));

  it('refuses a concurrency below 1', () => {
    expect(() => handleConcurrently(0, () => [])).toThrow(RangeError);
  });
});
