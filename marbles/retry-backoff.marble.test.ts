import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { retryBackoff } from '../src/retry/retry-backoff.js';
import { NetworkError } from '../src/errors/network-error.js';
import { SessionEndedError } from '../src/errors/session-ended-error.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('retryBackoff', () => {
  it('doubles the delay between resubscriptions and lets the last failure through', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = new NetworkError('synccheck', 502);
      const source = cold('  --#', undefined, error);
      const subs = [
        '                     ^-!',
        '                     ----^-!',
        '                     ----------^-!',
      ];
      const expected = '     ------------#';
      expectObservable(source.pipe(retryBackoff({ count: 2, initialDelay: 2, jitter: false }))).toBe(expected, undefined, error);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('counts consecutive failures only: an emission resets the count', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  --a--#');
      const subs = [
        '                     ^----!',
        '                     -------^----!',
        '                     --------------^--!',
      ];
      const unsub = '        -----------------!';
      expectObservable(source.pipe(retryBackoff({ count: 1, initialDelay: 2, jitter: false })), unsub).toBe(
        '                    --a------a------a',
      );
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('passes a session-ended error straight through, without waiting', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const ended = new SessionEndedError('synccheck', 1101);
      const source = cold('  --#', undefined, ended);
      expectObservable(source.pipe(retryBackoff({ initialDelay: 5 }))).toBe('--#', undefined, ended);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    }));

  it('caps the delay at maxDelay and jitters within it', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  -#');
      const config = { count: 3, initialDelay: 4, maxDelay: 6, random: () => 0.5 };
      const subs = [
        '                     ^!',
        '                     ---^!',
        '                     -------^!',
        '                     -----------^!',
      ];
      expectObservable(source.pipe(retryBackoff(config))).toBe('------------#');
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));
});
