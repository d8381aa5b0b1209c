import { of } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorBoundary } from '../operators/error-boundary.js';
import { sequentializeByChat } from '../operators/sequentialize-by-chat.js';
import type { ActionError } from '../src/errors/action-error.js';
import { text } from '../src/testing/builders.js';
import type { TextMessage } from '../src/model/message.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('errorBoundary', () => {
  it('reports a failing handler and keeps handling the others', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a--b--c-|');
      const subs = '        ^--------!';
      const expected = '    --A-----C|';
      const handle = (v: string) => (v === 'b' ? cold('-#', undefined, new TypeError('bad')) : cold('-x|', { x: v.toUpperCase() }));
      expectObservable(source.pipe(errorBoundary(handle, { onError: (e) => errors.push(e) }))).toBe(expected, { A: 'A', C: 'C' });
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
    expect(errors.map((e) => [e.action, e.input, e.message])).toEqual([['errorBoundary', 'b', 'errorBoundary failed: TypeError: bad']]);
  });

  it('catches a handler that throws before returning', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable }) => {
      const handle = (m: TextMessage) => {
        if (m.text === 'boom') throw new RangeError('handler bug');
        return of(m.text);
      };
      const source = cold(' -a-b-c-|', { a: text('a'), b: text('boom'), c: text('c') });
      expectObservable(source.pipe(errorBoundary(handle, { onError: (e) => errors.push(e) }))).toBe('-a---c-|');
    });
    expect(errors.map((e) => [e.chat, e.message])).toEqual([['@alice', 'errorBoundary failed for @alice: RangeError: handler bug']]);
  });

  it('isolates handlers inside sequentializeByChat', () =>
    rx.run(({ cold, expectObservable }) => {
      const handle = (m: TextMessage) => (m.text === 'boom' ? cold('#') : cold('--x|', { x: m.text }));
      const source = cold(' -ab-c-|', { a: text('a'), b: text('boom'), c: text('c') });
      const bounded = source.pipe(sequentializeByChat((m) => of(m).pipe(errorBoundary(handle, { onError: () => undefined }))));
      expectObservable(bounded).toBe('---a--c|');
    }));

  it('passes a source error through', () =>
    rx.run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-#').pipe(errorBoundary((v: string) => of(v)))).toBe('-a-#');
    }));
});
