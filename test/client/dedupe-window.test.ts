import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../src/web/client/dedupe-window.js';

describe('DedupeWindow', () => {
  it('drops repeats within the window, forgets ids beyond twice its size, and saves the last `capacity`', () => {
    const window = new DedupeWindow(3, ['a']);
    expect(window.add('a')).toBe(false);
    expect(['b', 'c', 'd'].map((id) => window.add(id))).toEqual([true, true, true]);
    expect(window.toArray()).toEqual(['b', 'c', 'd']);
    expect(['e', 'f', 'g'].map((id) => window.add(id))).toEqual([true, true, true]);
    expect(window.has('a')).toBe(false);
    expect(window.add('a')).toBe(true);
  });

  it('for any sequence: remembers every one of the last `capacity` ids, never more than twice that', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l')), (capacity, ids) => {
        const window = new DedupeWindow(capacity);
        const accepted: string[] = [];
        for (const id of ids) {
          const recent = accepted.slice(-capacity);
          const fresh = window.add(id);
          // A repeat of one of the last `capacity` accepted ids is always dropped.
          if (recent.includes(id)) expect(fresh).toBe(false);
          // An id never accepted is always taken.
          if (!accepted.includes(id)) expect(fresh).toBe(true);
          if (fresh) accepted.push(id);
        }
        const remembered = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'].filter((id) => window.has(id));
        expect(remembered.length).toBeLessThanOrEqual(2 * capacity);
        expect(window.toArray()).toEqual(accepted.slice(-capacity));
      }),
    );
  });

  it('comes back from its saved ids with the same last `capacity`', () => {
    const window = new DedupeWindow(4);
    for (let i = 0; i < 11; i++) window.add(String(i));
    const restored = new DedupeWindow(4, window.toArray());
    expect(restored.toArray()).toEqual(['7', '8', '9', '10']);
    expect(['7', '8', '9', '10'].map((id) => restored.add(id))).toEqual([false, false, false, false]);
  });
});
