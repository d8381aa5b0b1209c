import { defer, merge, of, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/web/client/rate-limiter.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

/** When each of `count` calls, all asked for at 0, starts; `pauseAt` pauses the limiter for `pauseMs` at that time. */
function starts(count: number, pause?: { readonly at: number; readonly ms: number }): number[] {
  const started: number[] = [];
  rx.run(() => {
    const limit = createRateLimiter({ intervalMs: 100, burst: 1 }, rx);
    const calls = Array.from({ length: count }, () => limit(defer(() => of(started.push(rx.now())))));
    merge(...calls).subscribe();
    if (pause !== undefined) timer(pause.at, rx).subscribe(() => limit.pauseFor(pause.ms));
  });
  return started;
}

describe('the send rate limiter', () => {
  it('spaces calls by the interval once the burst is used', () => {
    expect(starts(3)).toEqual([0, 100, 200]);
  });

  it('holds calls already waiting for their slot during a pause, then spaces them from its end', () => {
    expect(starts(4, { at: 50, ms: 500 })).toEqual([0, 550, 650, 750]);
  });
});
