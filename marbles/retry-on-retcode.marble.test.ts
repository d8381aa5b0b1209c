import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { retryOnRetcode } from '../src/retry/retry-on-retcode.js';
import { LoginRefusedError } from '../src/errors/login-refused-error.js';
import { NetworkError } from '../src/errors/network-error.js';
import { RateLimitedError } from '../src/errors/rate-limited-error.js';
import { RetcodeError } from '../src/errors/retcode-error.js';
import { SessionEndedError } from '../src/errors/session-ended-error.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const fixed = (initialDelay: number) => ({ initialDelay, jitter: false });

describe('retryOnRetcode', () => {
  it('backs off on 1205 and keeps going', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  --a--#', undefined, new RateLimitedError('webwxsync'));
      const unsub = '        ---------------!';
      expectObservable(source.pipe(retryOnRetcode({ rateLimited: fixed(3) })), unsub).toBe('--a-------a----');
      expectSubscriptions(source.subscriptions).toBe(['^----!', '--------^----!']);
    }));

  it('never retries a 1205 before its floor, whatever the jitter draws', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  #', undefined, new RateLimitedError('webwxsync'));
      const lowest = retryOnRetcode({ rateLimited: { initialDelay: 4, count: 2, random: () => 0 } });
      expectObservable(source.pipe(lowest)).toBe('--------#', undefined, new RateLimitedError('webwxsync'));
      // Attempt 1 waits exactly the floor (4), attempt 2 at least the floor again (4 of a possible 4–7).
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '----(^!)', '--------(^!)']);
    }));

  it('jitters 1205 waits between the floor and the doubled delay', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const limited = new RateLimitedError('webwxsync');
      const source = cold('  #', undefined, limited);
      const highest = retryOnRetcode({ rateLimited: { initialDelay: 4, count: 2, random: () => 0.999 } });
      expectObservable(source.pipe(highest)).toBe('-----------#', undefined, limited);
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '----(^!)', '-----------(^!)']);
    }));

  it('tells onRetry about each wait before it starts', () =>
    rx.run(({ cold, expectObservable }) => {
      const notices: unknown[] = [];
      const limited = new RateLimitedError('webwxsendmsg');
      const source = cold('  #', undefined, limited);
      const policy = retryOnRetcode({
        rateLimited: { initialDelay: 5, count: 1, jitter: false },
        onRetry: (notice) => notices.push(notice),
      });
      expectObservable(source.pipe(policy)).toBe('-----#', undefined, limited);
      rx.flush();
      expect(notices).toEqual([{ outcome: 'rate-limited', error: limited, attempt: 1, delayMs: 5 }]);
    }));

  it('gives up on a 1205 storm after its bound', () =>
    rx.run(({ cold, expectObservable }) => {
      const storm = new RateLimitedError('webwxsendmsg');
      const source = cold('  #', undefined, storm);
      expectObservable(source.pipe(retryOnRetcode({ rateLimited: { ...fixed(2), count: 2 } }))).toBe('------#', undefined, storm);
    }));

  it('backs off on network errors', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  -#', undefined, new NetworkError('synccheck', undefined));
      const unsub = '        ----------!';
      expectObservable(source.pipe(retryOnRetcode({ transient: fixed(2) })), unsub).toBe('----------');
      expectSubscriptions(source.subscriptions).toBe(['^!', '---^!', '--------^!']);
    }));

  it('lets fatal codes through at once: 1203, -1, 1', () =>
    rx.run(({ cold, expectObservable }) => {
      for (const error of [new LoginRefusedError(1203, 'no web login'), new RetcodeError('webwxinit', -1), new RetcodeError('webwxinit', 1)]) {
        expectObservable(cold('--#', undefined, error).pipe(retryOnRetcode())).toBe('--#', undefined, error);
      }
    }));

  it('relogs in once on session end, then resubscribes', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const ended = new SessionEndedError('synccheck', 1101);
      const source = cold('  --#', undefined, ended);
      const relogin = cold('    ---(s|)');
      const policy = retryOnRetcode({ relogin: () => relogin });
      expectObservable(source.pipe(policy)).toBe('-------#', undefined, ended);
      expectSubscriptions(source.subscriptions).toBe(['^-!', '-----^-!']);
      expectSubscriptions(relogin.subscriptions).toBe('--^--!');
    }));

  it('without a relogin hook, a session end is the end of the stream', () =>
    rx.run(({ cold, expectObservable }) => {
      const ended = new SessionEndedError('webwxsync', 1102);
      expectObservable(cold('-a-#', undefined, ended).pipe(retryOnRetcode())).toBe('-a-#', undefined, ended);
    }));
});
