import { afterEach, describe, expect, it } from 'vitest';
import { runKillScenario } from '../../bench/kill-run.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
});

const BATCH = 20;

describe('after a hard kill', () => {
  it('nothing is lost and at most one webwxsync batch is delivered again per kill, however long the stream has flowed', async () => {
    // A server that re-delivers everything after a stale key: only what the bot saved bounds the repeats.
    sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300, batchSize: BATCH, replayAcknowledged: true });
    const result = await runKillScenario({ sim, rate: 440, kills: 3, lifeMs: [600, 1500], from: 'src' });
    expect(result.injected).toBeGreaterThan(1000);
    expect(result.lost).toBe(0);
    expect(result.duplicatesPerKill).toHaveLength(3);
    for (const duplicates of result.duplicatesPerKill) expect(duplicates).toBeLessThanOrEqual(BATCH);
    expect(result.saveMs.length).toBeGreaterThan(10);
  }, 90_000);
});
