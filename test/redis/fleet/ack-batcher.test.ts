import { describe, expect, it } from 'vitest';
import { AckBatcher } from '../../../src/redis/fleet/ack-batcher.js';

/** Records each command; answers it when the test says so. */
function recordingRedis() {
  const sent: Array<{ args: string[]; answer: (reply: unknown) => void; fail: (error: unknown) => void }> = [];
  return {
    sent,
    sendCommand: (args: string[]) => new Promise<unknown>((answer, fail) => sent.push({ args, answer, fail })),
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What `ack` settled with so far: 'waiting', 'answered' or the error. */
function outcome(ack: Promise<void>): { readonly value: unknown } {
  const seen: { value: unknown } = { value: 'waiting' };
  ack.then(
    () => (seen.value = 'answered'),
    (error: unknown) => (seen.value = error),
  );
  return seen;
}

describe('AckBatcher', () => {
  it('sends the ids of one stream acknowledged in one turn as one XACK, per stream, and settles each with its answer', async () => {
    const redis = recordingRedis();
    const acks = new AckBatcher(redis, 'app');
    const a = ['1-0', '2-0', '3-0'].map((id) => outcome(acks.ack('{wx:1}:ev', id)));
    const b = outcome(acks.ack('{wx:2}:ev', '1-0'));
    expect(redis.sent).toEqual([]);
    await nextTurn();
    expect(redis.sent.map((command) => command.args)).toEqual([
      ['XACK', '{wx:1}:ev', 'app', '1-0', '2-0', '3-0'],
      ['XACK', '{wx:2}:ev', 'app', '1-0'],
    ]);
    redis.sent[1]!.answer(1);
    await nextTurn();
    expect(a.map((seen) => seen.value)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(b.value).toBe('answered');
    redis.sent[0]!.answer(3);
    await nextTurn();
    expect(a.map((seen) => seen.value)).toEqual(['answered', 'answered', 'answered']);
  });

  it('sends a failed XACK again, waiting longer each time, until it is answered', async () => {
    const redis = recordingRedis();
    const errors: unknown[] = [];
    const acks = new AckBatcher(redis, 'app', { retryDelayMs: 20, onError: (error) => errors.push(error) });
    const seen = outcome(acks.ack('s', '1-0'));
    await nextTurn();
    const broken = new Error('connection lost');
    const sentAt: number[] = [performance.now()];
    for (let attempt = 0; attempt < 3; attempt++) {
      redis.sent[attempt]!.fail(broken);
      while (redis.sent.length === attempt + 1) await new Promise((resolve) => setTimeout(resolve, 2));
      sentAt.push(performance.now());
    }
    expect(redis.sent.map((command) => command.args)).toEqual(Array.from({ length: 4 }, () => ['XACK', 's', 'app', '1-0']));
    expect(errors).toEqual([broken, broken, broken]);
    expect(seen.value).toBe('waiting');
    // 20, 40 and 80 ms (timers may fire a little late, never early).
    expect(sentAt.slice(1).map((at, i) => at - sentAt[i]!)).toSatisfy((waits: number[]) => waits.every((wait, i) => wait >= 20 * 2 ** i - 2));
    redis.sent[3]!.answer(1);
    await nextTurn();
    expect(seen.value).toBe('answered');
  });

  it('on stop, sends what waits, and rejects what failed or waits to be sent again: those entries stay pending', async () => {
    const redis = recordingRedis();
    const acks = new AckBatcher(redis, 'app', { retryDelayMs: 10_000 });
    const retried = outcome(acks.ack('a', '1-0'));
    await nextTurn();
    redis.sent[0]!.fail(new Error('connection lost'));
    await nextTurn();
    const inFlight = outcome(acks.ack('b', '1-0'));
    await nextTurn();
    const waiting = outcome(acks.ack('c', '1-0'));
    acks.stop();
    expect(redis.sent.map((command) => command.args[1])).toEqual(['a', 'b', 'c']);
    redis.sent[1]!.fail(new Error('connection lost'));
    redis.sent[2]!.answer(1);
    await nextTurn();
    expect(retried.value).toBeInstanceOf(Error);
    expect(inFlight.value).toBeInstanceOf(Error);
    expect(waiting.value).toBe('answered');
    await expect(acks.ack('d', '1-0')).rejects.toThrow('stopped');
    expect(redis.sent).toHaveLength(3);
  });

  it('sends a batch at once when it reaches its size, and what waits on flush()', async () => {
    const redis = recordingRedis();
    const acks = new AckBatcher(redis, 'app', { maxIds: 2 });
    void acks.ack('s', '1-0');
    void acks.ack('s', '2-0');
    void acks.ack('s', '3-0');
    expect(redis.sent.map((command) => command.args)).toEqual([['XACK', 's', 'app', '1-0', '2-0']]);
    acks.flush();
    expect(redis.sent.map((command) => command.args)).toEqual([['XACK', 's', 'app', '1-0', '2-0'], ['XACK', 's', 'app', '3-0']]);
    await nextTurn();
    expect(redis.sent).toHaveLength(2);
  });

  it('takes a client that throws instead of rejecting as a failed attempt', async () => {
    const broken = new Error('closed');
    const errors: unknown[] = [];
    const acks = new AckBatcher({ sendCommand: () => { throw broken; } }, 'app', { onError: (error) => errors.push(error) });
    const seen = outcome(acks.ack('s', '1-0'));
    await nextTurn();
    expect(errors).toEqual([broken]);
    acks.stop();
    await nextTurn();
    expect(seen.value).toBeInstanceOf(Error);
  });
});
