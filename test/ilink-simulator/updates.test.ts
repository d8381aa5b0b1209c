import { afterEach, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { getUpdates, msgs, sleep } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

const texts = (a: Awaited<ReturnType<typeof getUpdates>>): string[] =>
  msgs(a).map((m) => ((m['item_list'] as Record<string, { text: string }>[])[0]?.['text_item'] as { text: string }).text);
const cursorOf = (a: Awaited<ReturnType<typeof getUpdates>>): string => a.body['get_updates_buf'] as string;

describe('getupdates', () => {
  it('holds the poll until a message arrives', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 10_000 });
    const { token } = sim.createBot();
    const started = Date.now();
    const held = getUpdates(sim, token);
    await sleep(150);
    sim.inject({ kind: 'text', text: 'hello' });
    const answer = await held;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(texts(answer)).toEqual(['hello']);
    expect(answer.body['ret']).toBe(0);
    // the woken hold took its timer with it
    expect(sim.stats()).toMatchObject({ held: 0, timers: 0 });
  });

  it('answers empty with longpolling_timeout_ms and a new cursor when the hold ends', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 100, longPollingTimeoutMs: 35_000 });
    const { token } = sim.createBot();
    const first = await getUpdates(sim, token);
    expect(first.body).toMatchObject({ ret: 0, msgs: [], longpolling_timeout_ms: 35_000 });
    const second = await getUpdates(sim, token, cursorOf(first));
    expect(cursorOf(second)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(cursorOf(second)).not.toBe(cursorOf(first));
    expect(second.body['longpolling_timeout_ms']).toBe(35_000);
  });

  it('acknowledges up to a presented cursor, replays after an older one, resumes after the acknowledged on empty or garbage', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    sim.inject({ kind: 'text', text: 'a' });
    sim.inject({ kind: 'text', text: 'b' });
    const first = await getUpdates(sim, token);
    expect(texts(first)).toEqual(['a', 'b']);
    // nothing acknowledged yet: an empty cursor gets the same messages again
    expect(texts(await getUpdates(sim, token, ''))).toEqual(['a', 'b']);
    sim.inject({ kind: 'text', text: 'c' });
    const second = await getUpdates(sim, token, cursorOf(first));
    expect(texts(second)).toEqual(['c']);
    expect(sim.bot()?.acknowledged).toBe(2);
    await getUpdates(sim, token, cursorOf(second));
    expect(sim.bot()?.acknowledged).toBe(3);
    // an older cursor replays what came after it, without taking the acknowledgement back
    expect(texts(await getUpdates(sim, token, cursorOf(first)))).toEqual(['c']);
    expect(sim.bot()?.acknowledged).toBe(3);
    expect(texts(await getUpdates(sim, token, ''))).toEqual([]);
    expect(texts(await getUpdates(sim, token, '!!not base64!!'))).toEqual([]);
    sim.inject({ kind: 'text', text: 'd' });
    expect(texts(await getUpdates(sim, token, 'AAAAAAAAAAAAAAAAAAAAAA=='))).toEqual(['d']);
  });

  it('treats another bot\'s cursor as unknown', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const a = sim.createBot({ userId: sim.userId(1) });
    const b = sim.createBot({ userId: sim.userId(2) });
    sim.inject({ kind: 'text', text: 'for b', botId: b.botId });
    const foreign = cursorOf(await getUpdates(sim, a.token));
    expect(texts(await getUpdates(sim, b.token, foreign))).toEqual(['for b']);
  });

  it('delivers in batches of 20 (configurable)', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    for (let i = 0; i < 45; i++) sim.inject({ kind: 'text', text: `m${i}` });
    const sizes: number[] = [];
    let cursor = '';
    for (let i = 0; i < 4; i++) {
      const answer = await getUpdates(sim, token, cursor);
      sizes.push(msgs(answer).length);
      cursor = cursorOf(answer);
    }
    expect(sizes).toEqual([20, 20, 5, 0]);
    await sim.close();
    sim = await startIlinkSimulator({ updatesHoldMs: 50, batchSize: 3 });
    const bot = sim.createBot();
    for (let i = 0; i < 5; i++) sim.inject({ kind: 'text', text: `m${i}` });
    expect(msgs(await getUpdates(sim, bot.token)).length).toBe(3);
  });

  it('re-delivers duplicates on demand and at the configured rate', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    const once = sim.inject({ kind: 'text', text: 'twice', duplicate: true });
    const ids = msgs(await getUpdates(sim, token)).map((m) => m['seq']);
    expect(ids).toEqual([once.seq, once.seq]);
    await sim.close();
    sim = await startIlinkSimulator({ updatesHoldMs: 50, duplicateRate: 1 });
    const bot = sim.createBot();
    sim.inject({ kind: 'text', text: 'x' });
    expect(msgs(await getUpdates(sim, bot.token)).length).toBe(2);
  });

  it('answers an older held poll empty when a newer one of the same bot arrives', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 10_000 });
    const { token } = sim.createBot();
    const older = getUpdates(sim, token);
    await sleep(100);
    const newer = getUpdates(sim, token);
    expect(msgs(await older)).toEqual([]);
    sim.inject({ kind: 'text', text: 'to the newer' });
    expect(texts(await newer)).toEqual(['to the newer']);
  });
});
