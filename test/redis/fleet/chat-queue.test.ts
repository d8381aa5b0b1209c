import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatQueue } from '../../../src/redis/fleet/chat-queue.js';
import { compareIds } from '../../../src/redis/fleet/stream-replies.js';

/** Fixed seed: a failure names its case, and the same seed replays it. */
const SEED = 0x5_7e4;

describe('compareIds', () => {
  it('orders stream ids as the numbers they are, a missing seq counting as 0', () => {
    const decimal = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 20n }));
    // Leading zeros and a missing seq: forms Redis does not write but a caller may pass.
    const written = (value: bigint, zeros: number) => '0'.repeat(zeros) + String(value);
    const id = fc.record({ ms: decimal, seq: fc.option(decimal, { nil: undefined }), zeros: fc.nat(2) });
    fc.assert(
      fc.property(id, id, (a, b) => {
        const text = (x: typeof a) => `${written(x.ms, x.zeros)}${x.seq === undefined ? '' : `-${written(x.seq, x.zeros)}`}`;
        const expected = a.ms !== b.ms ? Math.sign(Number(a.ms - b.ms)) : Math.sign(Number((a.seq ?? 0n) - (b.seq ?? 0n)));
        expect(compareIds(text(a), text(b))).toBe(expected);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
    expect(compareIds('9-0', '10-0')).toBe(-1);
    expect(compareIds('5-10', '5-9')).toBe(1);
    expect(compareIds('5', '5-0')).toBe(0);
  });
});

describe('ChatQueue', () => {
  it('runs the tasks waiting for a busy chat by id, whatever order they arrived in', async () => {
    const queue = new ChatQueue(4, compareIds);
    const ran: string[] = [];
    let release!: () => void;
    const task = (id: string, run: () => Promise<void> = async () => undefined) => ({ id, run: async () => (ran.push(id), run()) });
    queue.add('c', task('5-0', () => new Promise<void>((resolve) => (release = resolve))));
    for (const id of ['9-0', '7-0', '10-0', '8-0', '6-0', '10-1']) queue.add('c', task(id));
    expect(ran).toEqual(['5-0']);
    release();
    await queue.below(1);
    expect(ran).toEqual(['5-0', '6-0', '7-0', '8-0', '9-0', '10-0', '10-1']);
  });
});
