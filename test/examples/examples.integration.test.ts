import { lastValueFrom, type Observable, Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultKeywords, keywordReply } from '../../examples/keyword-reply.js';
import { echoBot } from '../../examples/echo-bot.js';
import { fileForwarder } from '../../examples/file-forwarder.js';
import { recallLogger } from '../../examples/recall-logger.js';
import { orderDialog } from '../../examples/two-step.js';
import { welcome } from '../../examples/welcome.js';
import type { WeChatClient } from '../../src/web/client/client.js';
import type { OutboxEntry, Simulator } from '../../src/testing/index.js';
import { clientFor, login, startFastSim } from '../client/helpers.js';

let sim: Simulator;
let client: WeChatClient;
let running: Subscription;

beforeEach(async () => {
  sim = await startFastSim();
  client = clientFor(sim);
  running = new Subscription();
});

afterEach(async () => {
  running.unsubscribe();
  await lastValueFrom(client.logout(), { defaultValue: undefined });
  await sim.close();
});

/** Logs in, then runs the bot (subscribed before any message is injected). */
async function start(bot: (client: WeChatClient) => Observable<unknown>): Promise<void> {
  await login(client);
  running.add(bot(client).subscribe());
}

/** Waits until the simulator's outbox holds `count` entries matching `predicate`. */
async function sent(predicate: (entry: OutboxEntry) => boolean, count = 1, ms = 10_000): Promise<OutboxEntry[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = sim.outbox().filter(predicate);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`outbox: ${JSON.stringify(sim.outbox().map((e) => [e.to, e.content]))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const friend = () => sim.world().friends()[0]!;
const team = () => sim.world().groups()[0]!;

describe('examples against the simulator', () => {
  it('echo bot echoes a friend', async () => {
    await start(echoBot);
    sim.inject({ from: friend().id, text: 'hello there' });
    const [entry] = await sent((e) => e.content === 'hello there');
    expect(entry?.to).toBe(friend().id);
  });

  it('keyword reply answers a keyword', async () => {
    await start(keywordReply);
    sim.inject({ from: friend().id, text: 'what are your hours?' });
    const [entry] = await sent((e) => e.content === defaultKeywords['hours']);
    expect(entry?.to).toBe(friend().id);
  });

  it('welcome greets who joins a group', async () => {
    await start((c) => welcome(c));
    const group = team();
    sim.inject({ kind: 'join', group: group.id, members: [friend().id] });
    const [entry] = await sent((e) => e.content.startsWith('Welcome, '));
    expect(entry?.to).toBe(group.id);
  });

  it('file forwarder forwards a received file to filehelper by its MediaId', async () => {
    await start((c) => fileForwarder(c, 'filehelper'));
    sim.inject({ from: friend().id, kind: 'file', text: 'plan.pdf', size: 4096 });
    const [entry] = await sent((e) => e.toUserName === 'filehelper');
    expect(entry).toMatchObject({ endpoint: 'webwxsendappmsg', type: 6 });
    expect(entry?.content).toContain('plan.pdf');
  });

  it('two-step conversation takes an order', async () => {
    await start((c) => orderDialog(c));
    const from = friend().id;
    sim.inject({ from, text: '/order' });
    await sent((e) => e.content === 'Which size? S, M or L');
    sim.inject({ from, text: 'L' });
    await sent((e) => e.content === 'Size L. Confirm with yes or no.');
    sim.inject({ from, text: 'yes' });
    const [entry] = await sent((e) => e.content === 'Ordered one size L. Thank you!');
    expect(entry?.to).toBe(from);
  });

  it('recall logger reports a recalled text with its original', async () => {
    await start((c) => recallLogger(c, { reportTo: 'filehelper' }));
    const from = friend().id;
    const { msgIds } = sim.inject({ from, text: 'delete me' });
    sim.inject({ from, kind: 'recall', recalledId: msgIds[0]! });
    const [entry] = await sent((e) => e.toUserName === 'filehelper');
    expect(entry?.content).toMatch(/recalled "delete me"$/);
  });
});
