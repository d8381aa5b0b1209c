import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../src/client/dedupe-window.js';

describe('DedupeWindow', () => {
  it('drops repeats within the window and forgets the oldest beyond it', () => {
    const window = new DedupeWindow(3, ['a']);
    expect(window.add('a')).toBe(false);
    expect(['b', 'c', 'd'].map((id) => window.add(id))).toEqual([true, true, true]);
    expect(window.has('a')).toBe(false);
    expect(window.toArray()).toEqual(['b', 'c', 'd']);
    expect(window.add('a')).toBe(true);
  });

  it('behaves like a bounded insertion-ordered set for any sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')), (capacity, ids) => {
        const window = new DedupeWindow(capacity);
        const model: string[] = [];
        for (const id of ids) {
          const fresh = !model.includes(id);
          expect(window.add(id)).toBe(fresh);
          if (fresh) {
            model.push(id);
            if (model.length > capacity) model.shift();
          }
        }
        expect(window.toArray()).toEqual(model);
      }),
    );
  });
});
