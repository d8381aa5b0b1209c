import { filter } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { ofKind } from '../operators/of-kind.js';
import { file, image, text } from '../src/testing/builders.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = { t: text('a'), i: image(), f: file('x.pdf'), u: text('b') };

describe('ofKind', () => {
  it('keeps the messages of one kind', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -t--i--f--u-|', values);
      const subs = '        ^-----------!';
      const expected = '    -t--------u-|';
      expectObservable(source.pipe(filter(ofKind('text')))).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('keeps the messages of several kinds', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -t--i--f--u-|', values);
      const subs = '        ^-----------!';
      const expected = '    -t-----f--u-|';
      expectObservable(source.pipe(filter(ofKind('text', 'file')))).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('unsubscribes from the source with the consumer', () =>
    rx.run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -i--t--i--t-|', values);
      const subs = '        ^------!';
      const unsub = '       -------!';
      const expected = '    ----t---';
      expectObservable(source.pipe(filter(ofKind('text'))), unsub).toBe(expected, { t: values.t });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));
});
