import { mergeMap } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { rateLimit } from '../operators/rate-limit.js';
import { text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = {
  x: text('1', { from: '@a' }),
  y: text('2', { from: '@a' }),
  z: text('3', { from: '@b' }),
  w: text('4', { from: '@a' }),
  v: text('5', { from: '@b' }),
};

describe('rateLimit', () => {
  it('delays values of a busy chat and lets other chats through', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -xyz---w---|', values);
      const subs = '        ^----------!';
      const expected = '    -x-zy--w---|';
      expectObservable(source.pipe(rateLimit({ perChat: { intervalMs: 3 } }))).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('allows a burst, then one per interval', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -xyzv|', values);
      const expected = '    -xyz-(v|)';
      expectObservable(source.pipe(rateLimit({ global: { intervalMs: 2, burst: 2 } }))).toBe(expected, values);
    }));

  it('applies the global limit after the per-chat one', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -(xyz)-|', values);
      const expected = '    -x---z---(y|)';
      const config = { perChat: { intervalMs: 4 }, global: { intervalMs: 4 } };
      expectObservable(source.pipe(rateLimit(config))).toBe(expected, values);
    }));

  it('delays (never drops) long bursts, in order', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -(xyw)|', values);
      expectObservable(source.pipe(rateLimit({ perChat: { intervalMs: 10 } }))).toBe('-x 9ms y 9ms (w|)', values);
    }));

  it('cancels waiting values with the consumer', () =>
    rx.run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -xy----', values);
      const unsub = '       ---!';
      expectObservable(source.pipe(rateLimit({ perChat: { intervalMs: 5 } })), unsub).toBe('-x--', values);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    }));

  it('forgets the buckets of quiet chats, and only those', () => {
    const seen: string[] = [];
    rx.run(({ cold }) => {
      const crowd = Array.from({ length: 63 }, (_, i) => text('hi', { from: `@u${i}` }));
      const busy = (n: number) => text(`busy ${n}`, { from: '@busy' });
      const source = cold('-a-b--c-d|', {
        a: [...crowd, busy(1)],
        b: [busy(2)],
        c: [text('new', { from: '@new' }), busy(3)],
        d: [text('again', { from: '@u0' })],
      });
      source
        .pipe(
          mergeMap((batch) => batch),
          rateLimit({ perChat: { intervalMs: 3 } }),
        )
        .subscribe((m) => seen.push(`${rx.now()}:${m.kind === 'text' ? m.text : ''}`));
    });
    expect(seen.slice(63)).toEqual(['1:busy 1', '4:busy 2', '6:new', '7:busy 3', '8:again']);
  });
});
