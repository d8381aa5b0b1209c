import { filter, firstValueFrom, lastValueFrom, Subscription, timeout, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WxEvent } from '../../src/model/events.js';
import { isNotFriendError, isRateLimitedError } from '../../src/errors/guards.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import type { Simulator } from '../../src/testing/index.js';
import { clientFor, login, nextEvent, startFastSim, textOf } from './helpers.js';

let sim: Simulator;
let subscriptions: Subscription;
beforeEach(() => {
  subscriptions = new Subscription();
});
afterEach(async () => {
  subscriptions.unsubscribe();
  await sim.close();
});

const isMessage = (text: string) => (e: WxEvent): e is Extract<WxEvent, { type: 'message' }> =>
  e.type === 'message' && textOf(e.message) === text;

describe('the client under faults', () => {
  it('backs off through a 1205 storm on webwxsync and then delivers, without ending the session', async () => {
    sim = await startFastSim();
    const client = clientFor(sim);
    const events: WxEvent['type'][] = [];
    subscriptions.add(client.events$.subscribe((e) => events.push(e.type)));
    await login(client);
    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: 1205, times: 4 });
    const started = Date.now();
    const message = nextEvent(client, isMessage('after the storm'));
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'after the storm' });
    await message;
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect(events).not.toContain('session-ended');
    expect(sim.stats().requests.webwxsync).toBeGreaterThanOrEqual(5);
    await lastValueFrom(client.logout());
  });

  it('reports garbage bodies and 5xx answers as events naming the endpoint, then recovers', async () => {
    sim = await startFastSim();
    const client = clientFor(sim);
    const problems: WxEvent[] = [];
    subscriptions.add(
      client.events$.pipe(filter((e) => e.type === 'decode-problem' || e.type === 'network-problem')).subscribe((e) => problems.push(e)),
    );
    await login(client);
    sim.fault({ endpoint: 'webwxsync', kind: 'garbage', times: 2 });
    sim.fault({ endpoint: 'synccheck', kind: 'http', value: 502, times: 2 });
    const message = nextEvent(client, isMessage('still here'));
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'still here' });
    await message;
    const decode = problems.find((e) => e.type === 'decode-problem');
    const network = problems.find((e) => e.type === 'network-problem');
    expect(decode?.type === 'decode-problem' && decode.error.endpoint).toBe('webwxsync');
    expect(decode?.type === 'decode-problem' && decode.error.issues.length).toBeGreaterThan(0);
    expect(network?.type === 'network-problem' && network.error.message).toBe('synccheck request failed: HTTP 502');
    await lastValueFrom(client.logout());
  });

  it('fails only the send that was refused (1204), and retries one answered 1205', async () => {
    sim = await startFastSim();
    const client = clientFor(sim);
    await login(client);
    const friend = sim.world().friends()[0]!;
    const received = nextEvent(client, isMessage('hi'));
    sim.inject({ from: friend.id, text: 'hi' });
    const chat = (await received).message.chat;

    sim.fault({ endpoint: 'webwxsendmsg', kind: 'retcode', value: 1204, times: 1 });
    const refused = await firstValueFrom(client.send(chat, 'nope')).catch((error: unknown) => error);
    expect(isNotFriendError(refused)).toBe(true);

    sim.fault({ endpoint: 'webwxsendmsg', kind: 'retcode', value: 1205, times: 2 });
    const sent = await firstValueFrom(client.send(chat, 'eventually'));
    expect(sent.msgId).toMatch(/^\d+$/);
    expect(sim.outbox().map((o) => o.content)).toEqual(['eventually']);

    sim.fault({ endpoint: 'webwxsendmsg', kind: 'retcode', value: 1205, times: 20 });
    const throttled = await firstValueFrom(client.send(chat, 'never')).catch((error: unknown) => error);
    expect(isRateLimitedError(throttled)).toBe(true);

    const still = nextEvent(client, isMessage('events go on'));
    sim.inject({ from: friend.id, text: 'events go on' });
    await still;
    await lastValueFrom(client.logout());
  });

  it('marks a chat read on the phone', async () => {
    sim = await startFastSim();
    const client = clientFor(sim);
    await login(client);
    const before = sim.stats().requests.webwxstatusnotify ?? 0;
    await lastValueFrom(client.markRead('filehelper'), { defaultValue: undefined });
    expect(sim.stats().requests.webwxstatusnotify).toBe(before + 1);
    await lastValueFrom(client.logout());
  });

  it('falls back to push login when a saved session is no longer accepted', async () => {
    sim = await startFastSim();
    const store = new MemorySessionStore();
    const first = clientFor(sim, { store });
    await login(first);
    await lastValueFrom(first.close(), { defaultValue: undefined });
    sim.phone.kick({ code: 1101 });

    const second = clientFor(sim, { store });
    const steps = await login(second);
    expect(steps.map((s) => s.type)).not.toContain('uuid');
    expect(steps.at(-1)).toMatchObject({ type: 'logged-in', resumed: false });
    const message = nextEvent(second, isMessage('hello again'));
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'hello again' });
    await message;
    await lastValueFrom(second.logout());
  });

  it('logout tears everything down: streams complete, the store is cleared, no socket or timer is left', async () => {
    sim = await startFastSim();
    const store = new MemorySessionStore();
    const client = clientFor(sim, { store });
    const completed = lastValueFrom(client.events$.pipe(toArray(), timeout(10_000)));
    const states = lastValueFrom(client.state$.pipe(toArray(), timeout(10_000)));
    await login(client);
    const handlesBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(await store.load()).toBeDefined();
    await lastValueFrom(client.logout(), { defaultValue: undefined });
    await completed;
    expect((await states).at(-1)).toMatchObject({ status: 'logged-out', reason: { type: 'logout' } });
    expect(await store.load()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sockets = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap');
    expect(sockets).toEqual([]);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(handlesBefore);
    expect(sim.stats().requests.webwxlogout).toBe(1);
  });
});
