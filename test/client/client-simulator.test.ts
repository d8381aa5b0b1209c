import { filter, firstValueFrom, lastValueFrom, Subscription, tap, timeout } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientState } from '../../src/web/client/types.js';
import type { WxEvent } from '../../src/model/events.js';
import { createKyTransport, type KyTransport } from '../../src/http/ky-transport.js';
import type { WxMessage } from '../../src/model/message.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import type { Simulator } from '../../src/testing/index.js';
import { clientFor, collect, login, nextEvent, startFastSim, textOf } from './helpers.js';

let sim: Simulator;
let subscriptions: Subscription;
beforeEach(() => {
  subscriptions = new Subscription();
});
const transports: KyTransport[] = [];
afterEach(async () => {
  subscriptions.unsubscribe();
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await sim.close();
});

/** A ky transport that records the status and headers of each answer. */
function recordingTransport() {
  const inner = createKyTransport();
  transports.push(inner);
  const seen: Array<{ endpoint: string; status: number; headers: Readonly<Record<string, string>> }> = [];
  return {
    seen,
    transport: {
      request: (req: Parameters<typeof inner.request>[0]) =>
        inner.request(req).pipe(tap((res) => seen.push({ endpoint: req.endpoint, status: res.status, headers: req.headers ?? {} }))),
    },
  };
}

describe('createClient against the simulator', () => {
  it('logs in with a QR scan in desktop mode (the 301 login page) and walks every state', async () => {
    sim = await startFastSim();
    const { transport, seen } = recordingTransport();
    const client = clientFor(sim, { transport });
    const states: ClientState['status'][] = [];
    subscriptions.add(client.state$.subscribe((s) => states.push(s.status)));
    const steps = await login(client);
    expect(steps.map((s) => s.type)).toEqual(['uuid', 'scanned', 'confirmed', 'logged-in']);
    expect(states).toEqual(['logged-out', 'waiting-for-scan', 'scanned', 'initializing', 'online']);
    const page = seen.find((r) => r.endpoint === 'webwxnewloginpage');
    expect(page?.status).toBe(301);
    expect(page?.headers.extspam).toBeTruthy();
    const last = steps.at(-1);
    expect(last?.type === 'logged-in' && last.user.UserName).toMatch(/^@/);
    await lastValueFrom(client.logout());
  });

  it('logs in the standard way when desktop mode is off', async () => {
    sim = await startFastSim();
    const { transport, seen } = recordingTransport();
    const client = clientFor(sim, { transport, desktop: false });
    await login(client);
    expect(seen.find((r) => r.endpoint === 'webwxnewloginpage')?.status).toBe(200);
    expect(seen.find((r) => r.endpoint === 'webwxnewloginpage')?.headers.extspam).toBeUndefined();
    expect(client.user?.UserName).toMatch(/^@/);
    await lastValueFrom(client.logout());
  });

  it("runs on the undici transport it creates and closes itself (transport: 'undici')", async () => {
    sim = await startFastSim();
    const client = clientFor(sim, { transport: 'undici' });
    await login(client);
    const message = nextEvent(client, (e): e is Extract<WxEvent, { type: 'message' }> => e.type === 'message' && textOf(e.message) === 'via undici');
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'via undici' });
    const { chat } = (await message).message;
    expect((await lastValueFrom(client.send(chat, 'ok'))).msgId).toMatch(/^\d+$/);
    await lastValueFrom(client.logout());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap')).toEqual([]);
  });

  it('delivers 10,000 messages exactly once and in order per chat', async () => {
    sim = await startFastSim({ batchSize: 200 });
    const client = clientFor(sim);
    const texts = client.messages$.pipe(filter((m): m is Extract<WxMessage, { kind: 'text' }> => m.kind === 'text'));
    const received = collect(texts, 10_000, 60_000);
    await login(client);
    const world = sim.world();
    const senders = world.friends().slice(0, 3).map((f) => ({ from: f.id }));
    const group = world.groups()[0]!;
    const member = group.members.find((m) => m.id !== world.self.id)!;
    senders.push({ from: member.id, group: group.id } as { from: string; group: string });
    for (const [i, sender] of senders.entries()) sim.inject({ ...sender, text: `chat${i}`, count: 2500 });
    const messages = await received;
    expect(new Set(messages.map((m) => m.id)).size).toBe(10_000);
    const perChat = new Map<string, number[]>();
    for (const m of messages) {
      const [, chatIndex, n] = /^chat(\d) #(\d+)$/.exec(textOf(m)) ?? [];
      const list = perChat.get(chatIndex!) ?? [];
      list.push(Number(n));
      perChat.set(chatIndex!, list);
    }
    expect(perChat.size).toBe(4);
    for (const ns of perChat.values()) expect(ns).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    await lastValueFrom(client.logout());
  }, 90_000);

  it('resumes from the store after the client is dropped mid-stream: nothing lost, nothing repeated, no scan', async () => {
    sim = await startFastSim({ batchSize: 50 });
    const store = new MemorySessionStore();
    const first = clientFor(sim, { store });
    const seenByFirst: string[] = [];
    await login(first);
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'm', count: 1500 });
    // The bot listens until the very moment the client is dropped, in the middle of a batch.
    subscriptions.add(
      first.messages$.pipe(filter((m) => m.kind === 'text')).subscribe((m) => {
        seenByFirst.push(m.id);
        if (seenByFirst.length === 400) first.close().subscribe();
      }),
    );
    await lastValueFrom(first.state$, { defaultValue: undefined });
    const firstIds = [...seenByFirst];

    const second = clientFor(sim, { store });
    const rest = collect(second.messages$.pipe(filter((m) => m.kind === 'text')), 1500 - firstIds.length, 20_000);
    const steps = await login(second);
    expect(steps.map((s) => s.type)).toEqual(['logged-in']);
    expect(steps[0]?.type === 'logged-in' && steps[0].resumed).toBe(true);
    const secondIds = (await rest).map((m) => m.id);
    const all = [...firstIds, ...secondIds];
    expect(new Set(all).size).toBe(1500);
    expect(all.length).toBe(1500);
    await lastValueFrom(second.logout());
  }, 60_000);

  it('polls on after a generic error (-1) from webwxsync, and ends the session as failed after four in a row', async () => {
    sim = await startFastSim();
    const client = clientFor(sim, { loopRetry: { transient: { initialDelay: 10, maxDelay: 20 } } });
    const states: ClientState['status'][] = [];
    subscriptions.add(client.state$.subscribe((s) => states.push(s.status)));
    await login(client);
    const friend = sim.world().friends()[0]!;
    const text = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text' && textOf(m) === 'after one -1'), timeout(10_000)));
    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: -1 });
    sim.inject({ from: friend.id, text: 'after one -1' });
    await text;
    expect(states.at(-1)).toBe('online');

    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: -1, times: 4 });
    sim.inject({ from: friend.id, text: 'never read' });
    const ended = await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'logged-out'), timeout(10_000)));
    expect(ended).toMatchObject({ reason: { type: 'failed', error: { retcode: -1 } } });
  }, 30_000);

  it('ends the session on a ticket error (-14) from synccheck and gets a new one by push login', async () => {
    sim = await startFastSim();
    const client = clientFor(sim);
    subscriptions.add(client.events$.subscribe());
    await login(client);
    const ended = nextEvent(client, (e): e is Extract<WxEvent, { type: 'session-ended' }> => e.type === 'session-ended');
    sim.fault({ endpoint: 'synccheck', kind: 'retcode', value: -14 });
    expect((await ended).retcode).toBe(-14);
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'reconnecting'), timeout(10_000)));
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online'), timeout(10_000)));
    await lastValueFrom(client.logout());
  }, 30_000);

  for (const code of [1100, 1101, 1102]) {
    it(`reports a session end (${code}) and gets a new session by push login`, async () => {
      sim = await startFastSim();
      const client = clientFor(sim);
      const events: WxEvent['type'][] = [];
      subscriptions.add(client.events$.subscribe((e) => events.push(e.type)));
      const states: ClientState['status'][] = [];
      subscriptions.add(client.state$.subscribe((s) => states.push(s.status)));
      await login(client);
      const firstUser = client.user?.UserName;
      const ended = nextEvent(client, (e): e is Extract<WxEvent, { type: 'session-ended' }> => e.type === 'session-ended');
      sim.phone.kick({ code });
      expect((await ended).retcode).toBe(code);
      await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online'), timeout(10_000)));
      const afterKick = states.slice(states.lastIndexOf('reconnecting'));
      expect(afterKick[0]).toBe('reconnecting');
      expect(afterKick.at(-1)).toBe('online');
      expect(afterKick).not.toContain('waiting-for-scan');
      expect(client.user?.UserName).not.toBe(firstUser);
      const message = nextEvent(client, (e): e is Extract<WxEvent, { type: 'message' }> => e.type === 'message' && textOf(e.message) === 'after relogin');
      sim.inject({ from: sim.world().friends()[0]!.id, text: 'after relogin' });
      expect((await message).message.kind).toBe('text');
      await lastValueFrom(client.logout());
    }, 30_000);
  }
});
