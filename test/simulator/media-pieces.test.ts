import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slicePieces, storedMedia } from '../../src/testing/simulator/media.js';

const joined = (pieces: readonly Uint8Array[]): number[] => pieces.flatMap((piece) => [...piece]);

describe('simulator media kept in pieces', () => {
  it('measures the pieces and wraps a single buffer as one piece', () => {
    expect(storedMedia([new Uint8Array(3), new Uint8Array(0), new Uint8Array(5)], 'video/mp4', 'a.mp4').size).toBe(8);
    expect(storedMedia(new Uint8Array(4), 'image/png', 'a.png').pieces).toHaveLength(1);
  });

  it('slices any byte range across piece boundaries as the joined bytes would be sliced', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 9 }), { maxLength: 6 }),
        fc.nat(60),
        fc.nat(60),
        (pieces, a, b) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const whole = joined(pieces);
          const slice = slicePieces(pieces, start, end);
          expect(joined(slice)).toEqual(whole.slice(start, end));
          expect(slice.every((piece) => piece.byteLength > 0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
