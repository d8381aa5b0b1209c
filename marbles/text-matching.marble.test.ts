import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { textMatching } from '../operators/text-matching.js';
import { image, text } from '../src/testing/builders.js';
import type { TextMessage } from '../src/model/message.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const values = { a: text('order 3'), b: text('hello'), c: text('order 12'), i: image() };
/** The expected output; the scheduler's matcher compares a match by its elements. */
const matched = (message: TextMessage, ...elements: string[]) => Object.assign({}, message, { match: elements });

describe('textMatching', () => {
  it('keeps matching texts and attaches the match', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a--b--i--c-|', values);
      const subs = '        ^-----------!';
      const expected = '    -A--------C-|';
      expectObservable(source.pipe(textMatching(/order (\d+)/))).toBe(expected, {
        A: matched(values.a, 'order 3', '3'),
        C: matched(values.c, 'order 12', '12'),
      });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('exposes named groups', () => {
    const seen: Array<string | undefined> = [];
    rx.run(({ cold }) => {
      cold('-a-c|', values)
        .pipe(textMatching(/order (?<count>\d+)/))
        .subscribe((m) => seen.push(m.match.groups?.['count']));
    });
    expect(seen).toEqual(['3', '12']);
  });

  it('matches a string against the whole text, spaces around ignored', () =>
    rx.run(({ cold, expectObservable }) => {
      const spaced = text('  hello ');
      const source = cold(' -a--b--s-|', { a: values.a, b: values.b, s: spaced });
      expectObservable(source.pipe(textMatching('hello'))).toBe('----B--S-|', {
        B: matched(values.b, 'hello'),
        S: matched(spaced, '  hello '),
      });
    }));

  it('escapes a string, so its characters are literal', () =>
    rx.run(({ cold, expectObservable }) => {
      const x = text('a.b');
      const source = cold(' -x--y-|', { x, y: text('axb') });
      expectObservable(source.pipe(textMatching('a.b'))).toBe('-X----|', { X: matched(x, 'a.b') });
    }));

  it('ignores the g flag, so the same message matches every time', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a-a-|', values);
      const A = matched(values.a, 'order');
      expectObservable(source.pipe(textMatching(/order/g))).toBe('-A-A-|', { A });
    }));

  it('replaces the match of an earlier textMatching', () =>
    rx.run(({ cold, expectObservable }) => {
      const source = cold(' -a-|', values);
      const piped = source.pipe(textMatching(/order/), textMatching(/\d+/));
      expectObservable(piped).toBe('-A-|', { A: matched(values.a, '3') });
    }));
});
