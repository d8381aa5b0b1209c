import { filter, lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { IlinkSimulator } from '../../src/testing/index.js';
import { collect, ilinkClientFor, qrLogin, startFastIlinkSim, textOf } from './helpers.js';

let sim: IlinkSimulator | undefined;
let clients: IlinkClient[] = [];
afterEach(async () => {
  for (const client of clients) await lastValueFrom(client.close(), { defaultValue: undefined });
  clients = [];
  await sim?.close();
  sim = undefined;
});

const texts = (client: IlinkClient) => client.messages$.pipe(filter((m) => m.kind === 'text'));

describe('the saved dedupe window', () => {
  it('drops, after a resume, the batches a server replays from an older cursor', async () => {
    const batchSize = 20;
    sim = await startFastIlinkSim({ batchSize });
    const store = ilinkMemoryStore();
    const first = ilinkClientFor(sim, { store });
    clients.push(first);
    await qrLogin(first, sim);
    const peer = sim.userId(1);
    // The first message of the second batch arrives once the first batch's save is done, and before the second's.
    let afterFirstBatch: IlinkSavedSession | undefined;
    let seen = 0;
    const firstBatchSaved = new Promise<void>((resolve) => {
      texts(first).subscribe(() => {
        if (++seen === batchSize + 1) void store.load().then((saved) => ((afterFirstBatch = saved), resolve()));
      });
    });
    const received = collect(texts(first), 100);
    for (let i = 0; i < 100; i++) sim.inject({ kind: 'text', from: peer, text: String(i) });
    await Promise.all([received, firstBatchSaved]);
    await lastValueFrom(first.close(), { defaultValue: undefined });
    const saved = await store.load();
    expect(afterFirstBatch?.recentMessageIds).toHaveLength(batchSize);
    expect(saved?.recentMessageIds).toHaveLength(100);

    // The server re-delivers everything after the first batch: four batches the client already delivered.
    const second = ilinkClientFor(sim, { store: ilinkMemoryStore({ ...saved!, cursor: afterFirstBatch!.cursor }) });
    clients.push(second);
    const next = collect(texts(second), 5);
    await lastValueFrom(second.login$);
    for (let i = 100; i < 105; i++) sim.inject({ kind: 'text', from: peer, text: String(i) });
    expect((await next).map(textOf)).toEqual(['100', '101', '102', '103', '104']);
  }, 20_000);
});
