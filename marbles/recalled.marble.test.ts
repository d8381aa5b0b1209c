import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { recalled } from '../operators/recalled.js';
import { image, recall, text } from '../src/testing/builders.js';
import type { RecallMessage, WxMessage } from '../src/model/message.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const a = text('my password is hunter2');
const b = image({ group: '@@family' });
const values = { a, b, r: recall(a), s: recall(b), c: text('later') };
const paired = (notice: RecallMessage, original: WxMessage | undefined) => Object.assign({}, notice, { original });

describe('recalled', () => {
  it('emits recall notices paired with their originals', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a--b--s--r-|', values);
      const subs = '        ^-----------!';
      const expected = '    -------S--R-|';
      expectObservable(source.pipe(recalled())).toBe(expected, { S: paired(values.s, b), R: paired(values.r, a) });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('forgets the oldest messages beyond keep, and an original once paired', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a--b--c--r--s--s-|', values);
      const expected = '    ----------R--S--T-|';
      expectObservable(source.pipe(recalled({ keep: 2 }))).toBe(expected, {
        R: paired(values.r, undefined),
        S: paired(values.s, b),
        T: paired(values.s, undefined),
      });
    }));

  it('remembers nothing with keep: 0', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a--r-|', values);
      expectObservable(source.pipe(recalled({ keep: 0 }))).toBe('----R-|', { R: paired(values.r, undefined) });
    }));

  it('builds the recall in the chat of the message it recalls', () => {
    expect(values.s).toMatchObject({ chat: '@@family', isGroup: true, recalledId: b.id, from: b.from });
  });
});
