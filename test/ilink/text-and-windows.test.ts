import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GeneratingHold } from '../../src/ilink/protocol/generating.js';
import { RecentIds } from '../../src/ilink/protocol/recent-ids.js';
import { MAX_TEXT_LENGTH, splitText } from '../../src/ilink/protocol/split-text.js';
import { nextCursor, nextHoldMs, pollTimeoutMs } from '../../src/ilink/protocol/cursor.js';

describe('splitText', () => {
  it('leaves a short text whole', () => {
    expect(splitText('hello')).toEqual(['hello']);
    expect(splitText('x'.repeat(MAX_TEXT_LENGTH))).toHaveLength(1);
  });

  it('cuts after a line break, else after a space, in the second half of a piece', () => {
    const lines = `${'a'.repeat(1500)}\n${'b'.repeat(1000)}`;
    expect(splitText(lines)).toEqual([`${'a'.repeat(1500)}\n`, 'b'.repeat(1000)]);
    const words = `${'a'.repeat(1800)} ${'b'.repeat(400)}`;
    expect(splitText(words)).toEqual([`${'a'.repeat(1800)} `, 'b'.repeat(400)]);
    const early = `${'a'.repeat(10)}\n${'b'.repeat(2500)}`;
    expect(splitText(early).map((p) => p.length)).toEqual([2000, 511]);
  });

  it('never cuts a surrogate pair', () => {
    const text = `${'a'.repeat(1999)}😀${'b'.repeat(10)}`;
    const pieces = splitText(text);
    expect(pieces).toEqual(['a'.repeat(1999), `😀${'b'.repeat(10)}`]);
  });

  it('gives pieces of at most max units that join back to the text, without split pairs (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '😀', '中'), maxLength: 400 }), fc.integer({ min: 2, max: 60 }), (text, max) => {
        const pieces = splitText(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(piece)).toBe(false);
        }
      }),
    );
  });
});

describe('the cursor rules', () => {
  it('replace the cursor only with a non-empty one, adopt a positive hold, wait 5 s longer than it', () => {
    expect([nextCursor('A', 'B'), nextCursor('A', ''), nextCursor('A', undefined)]).toEqual(['B', 'A', 'A']);
    expect([nextHoldMs(35_000, 10_000), nextHoldMs(35_000, 0), nextHoldMs(35_000, undefined)]).toEqual([10_000, 35_000, 35_000]);
    expect(pollTimeoutMs(35_000)).toBe(40_000);
  });
});

describe('RecentIds', () => {
  it('drops repeats within at least `capacity` ids and saves the last `capacity`, oldest first', () => {
    const ids = new RecentIds(3, ['a', 'b']);
    expect([ids.add('a'), ids.add('c'), ids.add('d'), ids.add('c')]).toEqual([false, true, true, false]);
    expect(ids.toArray()).toEqual(['b', 'c', 'd']);
    for (const id of ['e', 'f', 'g', 'h']) ids.add(id);
    expect(ids.has('a')).toBe(false);
    expect(ids.toArray()).toEqual(['f', 'g', 'h']);
  });

  it('saves the last `capacity` new ids in a new array each time, and remembers every one of them (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }).map(String), { maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (stream, capacity) => {
        const ids = new RecentIds(capacity);
        const added: string[] = [];
        for (const id of stream) if (ids.add(id)) added.push(id);
        const saved = ids.toArray();
        expect(saved).toEqual(added.slice(-capacity));
        for (const id of saved) expect(ids.has(id)).toBe(true);
        saved.push('changed by the caller');
        expect(ids.toArray()).toEqual(added.slice(-capacity));
      }),
    );
  });
});

describe('GeneratingHold', () => {
  it('holds a generating message until it finishes, then gives the finished one', () => {
    const hold = new GeneratingHold<string>(10);
    expect(hold.offer('m1', 1, 'partial')).toEqual([]);
    expect(hold.offer('m1', 1, 'more')).toEqual([]);
    expect(hold.offer('m2', 2, 'other')).toEqual(['other']);
    expect(hold.offer('m1', 2, 'done')).toEqual(['done']);
    expect(hold.size).toBe(0);
    expect(hold.offer('m3', 0, 'new')).toEqual(['new']);
  });

  it('releases the oldest held one as it is when full, rather than dropping it', () => {
    const hold = new GeneratingHold<string>(2);
    hold.offer('a', 1, 'A');
    hold.offer('b', 1, 'B');
    expect(hold.offer('c', 1, 'C')).toEqual(['A']);
    expect(hold.size).toBe(2);
  });
});
