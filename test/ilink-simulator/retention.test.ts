import { afterEach, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { getUpdates, msgs, type Answer } from './helpers.js';

let sim: IlinkSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const texts = (a: Answer): string[] => msgs(a).map((m) => ((m['item_list'] as { text_item: { text: string } }[])[0] as { text_item: { text: string } }).text_item.text);
const cursorOf = (a: Answer): string => a.body['get_updates_buf'] as string;

describe('getupdates retention (maxRetained)', () => {
  it('keeps every message not yet acknowledged, however many are queued', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50, maxRetained: 3, batchSize: 100 });
    const { token } = sim.createBot();
    for (let i = 0; i < 10; i++) sim.inject({ kind: 'text', text: String(i) });
    expect(texts(await getUpdates(sim, token))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('forgets only acknowledged messages past the bound: an older cursor replays the newest acknowledged ones', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50, maxRetained: 3, batchSize: 4 });
    const { token } = sim.createBot();
    for (let i = 0; i < 10; i++) sim.inject({ kind: 'text', text: String(i) });
    const first = await getUpdates(sim, token);
    expect(texts(first)).toEqual(['0', '1', '2', '3']);
    const second = await getUpdates(sim, token, cursorOf(first));
    expect(texts(second)).toEqual(['4', '5', '6', '7']);
    // Presenting the second cursor acknowledges 0–7: only 5, 6, 7 stay for replay, and 8, 9 are still queued.
    expect(texts(await getUpdates(sim, token, cursorOf(second)))).toEqual(['8', '9']);
    expect(sim.bot()?.acknowledged).toBe(8);
    expect(texts(await getUpdates(sim, token, cursorOf(first)))).toEqual(['5', '6', '7', '8']);
  });
});
