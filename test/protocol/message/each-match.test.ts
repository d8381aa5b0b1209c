import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachMatch } from '../../../src/model/decode/each-match.js';

const collect = (pattern: RegExp, text: string): string[][] => {
  const out: string[][] = [];
  eachMatch(pattern, text, (match) => out.push([...match].map((group) => group ?? '')));
  return out;
};

describe('eachMatch', () => {
  it('finds what matchAll finds, for any text, including patterns that match the empty string', () => {
    const patterns = [/([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g, /@([^@\u2005\n\r]+?)\u2005/g, /a*/g, /(?:)/g];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '=', '"', "'", ' ', '@', '\u2005', 'x') }), (text) => {
        for (const pattern of patterns) {
          expect(collect(pattern, text)).toEqual([...text.matchAll(pattern)].map((match) => [...match].map((group) => group ?? '')));
        }
      }),
    );
  });

  it('starts over on every call, even after a call that threw half-way', () => {
    const pattern = /\d/g;
    expect(() =>
      eachMatch(pattern, '123', () => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(collect(pattern, '45')).toEqual([['4'], ['5']]);
  });
});
