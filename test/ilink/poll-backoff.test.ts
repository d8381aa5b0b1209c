/**
 * The receive loop's back-off after failed polls (docs/ilink-protocol.md §10), in virtual time: `delayMs` after a
 * failure, `pauseMs` after `failuresBeforePause` in a row (the count then starts over), and a delivered batch resets
 * the count. Without it a dead network would be polled in a tight loop.
 */
import { type Observable, of, takeUntil, throwError, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import type { IlinkHttp } from '../../src/ilink/client/http.js';
import { type LoopOutput, receiveLoop$ } from '../../src/ilink/client/receive-loop.js';
import { IlinkSession } from '../../src/ilink/client/session.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const RETRY = { failuresBeforePause: 3, delayMs: 2_000, pauseMs: 30_000, jitter: false };

/** A poller whose answers follow `script` (true: an empty answer, false: a network failure), then always fail. */
function scripted(script: readonly boolean[], polls: number[]): IlinkHttp {
  let call = 0;
  return {
    call: (): Observable<unknown> => {
      polls.push(rx.now());
      // A loop that stopped waiting would poll for ever at one virtual instant: a failure no retry fixes ends it.
      if (polls.length > 20) return throwError(() => new TypeError('polled too often'));
      return script[call++] === true ? of({ msgs: [] }) : throwError(() => new NetworkError('getupdates', 502));
    },
  } as unknown as IlinkHttp;
}

function run(script: readonly boolean[], forMs: number): { polls: number[]; outputs: LoopOutput['type'][] } {
  const polls: number[] = [];
  const outputs: LoopOutput['type'][] = [];
  rx.run(() => {
    const session = new IlinkSession({ token: 't', botId: 'b@im.bot', userId: 'u@im.wechat', baseUrl: '' }, 'http://127.0.0.1:1', { dedupeWindow: 10, maxGenerating: 10, mediaRefs: 10 });
    const loop$ = receiveLoop$({ http: scripted(script, polls), session, scheduler: rx, retry: RETRY, onSessionEnded: 'stop', now: () => rx.now(), random: () => 0.5, saving: () => undefined });
    loop$.pipe(takeUntil(timer(forMs, rx))).subscribe((output) => outputs.push(output.type));
  });
  return { polls, outputs };
}

describe('the iLink receive loop after failed polls', () => {
  it('waits 2 s after a failure and 30 s after the third in a row, then counts again', () => {
    const { polls, outputs } = run([], 70_000);
    expect(polls).toEqual([0, 2_000, 4_000, 34_000, 36_000, 38_000, 68_000]);
    expect(outputs.every((type) => type === 'network-problem')).toBe(true);
  });

  it('starts the count over after a delivered batch', () => {
    const { polls } = run([false, false, true, false, false, false], 40_000);
    // fail, fail, answer (polls again at once), fail, fail, fail → the pause.
    expect(polls).toEqual([0, 2_000, 4_000, 4_000, 6_000, 8_000, 38_000]);
  });
});
