import { asyncScheduler, merge, of, switchMap, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createPacer } from '../src/ilink/client/pacer.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

describe('the iLink send spacing (createPacer)', () => {
  it('starts works at least the interval apart, in subscription order', () => {
    const rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
    rx.run(({ expectObservable }) => {
      const pace = createPacer(3, asyncScheduler);
      // d asks at 7, before its slot (9) is due; a work asking long after the last slot would start at once.
      const late = timer(7).pipe(switchMap(() => pace(of('d'))));
      expectObservable(merge(pace(of('a')), pace(of('b')), pace(of('c')), late)).toBe('a--b--c--(d|)');
    });
  });

  it('0 adds no spacing', () => {
    const rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
    rx.run(({ expectObservable }) => {
      const pace = createPacer(0, asyncScheduler);
      expectObservable(merge(pace(of('a')), pace(of('b')))).toBe('(ab|)');
    });
  });
});
