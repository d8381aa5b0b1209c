import { takeUntil } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { CommitFailedError } from '../../src/errors/commit-failed-error.js';
import { restartWhileRecoverable } from '../../src/fleet/restart.js';
import { FencedOutError } from '../../src/redis/fenced-out-error.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const redisDown = new CommitFailedError('wxid_a', { cause: new Error('ECONNREFUSED') });

describe('restartWhileRecoverable', () => {
  it('starts a failed account again after 250 ms, then 500 ms, doubling up to the most', () => {
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const client = cold('-#', undefined, redisDown);
      // It would go on for ever: watched for two seconds.
      expectObservable(client.pipe(restartWhileRecoverable(600), takeUntil(cold('2000ms a')))).toBe('2000ms |');
      expectSubscriptions(client.subscriptions).toBe(['^!', '251ms ^!', '752ms ^!', '1353ms ^!', '1954ms ^!']);
    });
  });

  it('gives up at once on a client fenced out of its shard', () => {
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fenced = new CommitFailedError('wxid_a', { cause: new FencedOutError(3, 7, undefined) });
      const client = cold('-#', undefined, fenced);
      expectObservable(client.pipe(restartWhileRecoverable(30_000))).toBe('-#', undefined, fenced);
      expectSubscriptions(client.subscriptions).toBe('^!');
    });
  });
});
