import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { markRead } from '../operators/mark-read.js';
import type { ActionError } from '../src/errors/action-error.js';
import { text } from '../src/testing/builders.js';
import { createTestClient } from '../src/testing/test-client.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const a = text('hi', { from: '@alice' });
const b = text('yo', { from: '@bob' });

describe('markRead', () => {
  it('passes messages on at once and completes after the pending requests', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 2 });
      const source = cold(' -a--b|', { a, b });
      const subs = '        ^----!';
      const expected = '    -a--b-|';
      expectObservable(source.pipe(markRead(client))).toBe(expected, { a, b });
      expectObservable(client.sent$).toBe('---x--y--', { x: { type: 'mark-read', chat: '@alice' }, y: { type: 'mark-read', chat: '@bob' } });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('reports a failed request and still passes the message', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.failSendsTo('@alice');
      expectObservable(cold('-a--b-|', { a, b }).pipe(markRead(client, { onError: (e) => errors.push(e) }))).toBe('-a--b-|', { a, b });
    });
    expect(errors.map((e) => [e.action, e.chat])).toEqual([['markRead', '@alice']]);
  });

  it('cancels pending requests with the consumer', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const request$ = cold<void>('  -----|');
      const source = cold('    -a-b----|', { a, b });
      const unsub = '          -----!';
      expectObservable(source.pipe(markRead({ markRead: () => request$ })), unsub).toBe('-a-b-', { a, b });
      expectSubscriptions(request$.subscriptions).toBe(['-^---!', '---^-!']);
    }));
});
