/** The device simulator's playground, server side: its own HTTP server, what its event stream carries, what it never does. */
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, type DeviceClient } from '../../src/device/index.js';
import { startDeviceSimulator, type DeviceSimulator, type DeviceSimulatorOptions } from '../../src/testing/index.js';
import type { PageEvent } from '../../src/testing/playground/page-events.js';
import { buildPlayground } from '../../scripts/build-playground.js';
import { leaksOf } from '../support/credential-scan.js';
import { perTest } from '../support/per-test.js';
import { is, tapEvents, type EventTap } from './event-tap.js';

const after = perTest();
beforeAll(async () => {
  await buildPlayground();
});

const IMEI = 'IMEI-359881234567890';

async function start(options: DeviceSimulatorOptions = {}): Promise<{ sim: DeviceSimulator; origin: string; tap: EventTap }> {
  const sim = after.closeAfter(await startDeviceSimulator({ ui: true, credentials: [IMEI], ...options }), (s) => s.close());
  const origin = new URL(sim.playgroundUrl ?? '').origin;
  const tap = after.closeAfter(await tapEvents(origin), (t) => t.close());
  return { sim, origin, tap };
}

async function online(sim: DeviceSimulator): Promise<DeviceClient> {
  const client = after.closeAfter(connectDevice({ host: sim.host, port: sim.port, credential: IMEI }), (c) => c.close());
  // The client keeps its connection while something is subscribed.
  after.subscriptions.add(client.events$.subscribe());
  await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(10_000)));
  return client;
}

async function control(origin: string, path: string, body?: object, method = 'POST'): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin}/__sim/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(res.status, `${method} /__sim/${path}`).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('the device simulator playground (server side)', () => {
  it('is off by default', async () => {
    const sim = after.closeAfter(await startDeviceSimulator(), (s) => s.close());
    expect(sim.playgroundUrl).toBeUndefined();
  });

  it('serves the page on an HTTP port of its own and opens with a work-phone snapshot: accounts, contacts, no QR login, frames', async () => {
    const { sim, origin, tap } = await start();
    expect(sim.playgroundUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__ui\/$/);
    expect(new URL(origin).port).not.toBe(String(sim.port));
    const page = await fetch(sim.playgroundUrl ?? '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await fetch(`${origin}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${origin}/__sim/nothing`, { method: 'POST' })).status).toBe(404);
    const hello = await tap.waitFor(is('hello'));
    expect(hello.protocol).toBe('device');
    expect(hello.world.accounts).toEqual([{ id: 'wxid_sim_self', name: 'Sim Phone' }]);
    expect(hello.world.friends.map((f) => f.id)).toEqual(['wxid_friend', 'wxid_colleague']);
    expect(hello.world.groups.map((g) => g.id)).toEqual(['sim_team@chatroom']);
    expect(hello.features.login).toBeUndefined();
    expect(hello.features.timeline).toBe('frames');
  });

  it('closes its HTTP server with the simulator', async () => {
    const sim = await startDeviceSimulator({ ui: true });
    const url = sim.playgroundUrl ?? '';
    expect((await fetch(url)).status).toBe(200);
    await sim.close();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('pushes the session, the frames, what contacts write, the bot\'s tasks with their results, fault switches and the force-offline', async () => {
    const { sim, origin, tap } = await start();
    const client = await online(sim);
    expect(await tap.waitFor((e) => e.t === 'session' && e.active)).toMatchObject({ uuid: 'connection-1', selfName: 'Sim Phone' });
    await tap.waitFor((e) => e.t === 'frame' && e.dir === 'in' && e.type === 'DeviceAuthReq');
    await tap.waitFor((e) => e.t === 'frame' && e.dir === 'out' && e.type === 'WeChatOnlineNotice');

    const said = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text'), timeout(10_000)));
    await control(origin, 'inject', { from: 'wxid_friend', kind: 'text', text: 'hi phone bot' });
    expect(await tap.waitFor((e) => e.t === 'message' && e.dir === 'in')).toMatchObject({ chat: 'wxid_friend', chatName: 'Zhang San', from: 'wxid_friend', kind: 'text', text: 'hi phone bot' });
    expect((await said).chat).toBe('wxid_friend');
    await control(origin, 'inject', { from: 'wxid_member', group: 'sim_team@chatroom', text: 'hi team' });
    expect(await tap.waitFor((e) => e.t === 'message' && e.text === 'hi team')).toMatchObject({ chat: 'sim_team@chatroom', chatName: 'Team chat', from: 'wxid_member', fromName: 'Wang Wu' });

    await lastValueFrom(client.send('wxid_friend', 'hello friend'));
    const task = await tap.waitFor((e): e is Extract<PageEvent, { t: 'message' }> => e.t === 'message' && e.dir === 'bot');
    expect(task).toMatchObject({ chat: 'wxid_friend', from: 'wxid_sim_self', text: 'hello friend', state: 'pending' });
    await tap.waitFor((e) => e.t === 'state' && e.msgId === task.msgId && e.state === 'sent');

    expect(await control(origin, 'fault', { endpoint: '*', kind: 'silence', forMs: 1000 })).toEqual({ id: 1 });
    expect(await tap.waitFor((e) => e.t === 'faults' && e.faults.length === 1)).toMatchObject({ faults: [{ id: 1, endpoint: '*', kind: 'silence' }] });
    await control(origin, 'fault?id=1', undefined, 'DELETE');
    await tap.waitFor((e) => e.t === 'faults' && e.faults.length === 0);

    await control(origin, 'kick', {});
    expect(await tap.waitFor((e) => e.t === 'session' && !e.active)).toMatchObject({ uuid: 'connection-1', endCode: 1 });
    await tap.waitFor((e) => e.t === 'frame' && e.dir === 'out' && e.type === 'AccountForceOfflineNotice');
  });

  it('shows a task the phone reports as failed, with its code', async () => {
    const { sim, tap } = await start({ taskOutcome: () => ({ type: 'failure', code: 1004, errMsg: 'friend offline' }) });
    const client = await online(sim);
    await expect(lastValueFrom(client.send('wxid_colleague', 'are you there'))).rejects.toThrow();
    expect(await tap.waitFor((e) => e.t === 'state')).toMatchObject({ state: 'failed', reason: '1004 friend offline' });
  });

  it('delivers an uploaded picture as a reference to the playground, which serves its bytes', async () => {
    const { sim, origin, tap } = await start();
    const client = await online(sim);
    const picture = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 2, 3]);
    const received = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'image'), timeout(10_000)));
    await control(origin, 'inject', { from: 'wxid_friend', kind: 'image', data: picture.toString('base64') });
    const shown = await tap.waitFor((e): e is Extract<PageEvent, { t: 'message' }> => e.t === 'message' && e.kind === 'image');
    const url = `${origin}/__ui/media/${shown.media ?? ''}`;
    expect((await received).raw.Url).toBe(url);
    const served = await fetch(url);
    expect(served.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(picture);
    const refused = await fetch(`${origin}/__sim/inject`, { method: 'POST', body: JSON.stringify({ from: 'wxid_friend', kind: 'image' }) });
    expect(refused.status).toBe(400);
  });

  it('never sends the IMEI or the access token to the page', async () => {
    const { sim, origin, tap } = await start({ accounts: [{ WeChatId: 'wxid_sim_self', WeChatNo: 'sim_self', WeChatNick: 'Sim Phone', IMEI }] });
    const client = await online(sim);
    await control(origin, 'inject', { from: 'wxid_friend', text: 'scan me' });
    await lastValueFrom(client.send('wxid_friend', 'answer'));
    await tap.waitFor((e) => e.t === 'state' && e.state === 'sent');
    await control(origin, 'reset');
    await sim.waitForAuthentications(2, 10_000);
    await tap.waitFor((e) => e.t === 'session' && e.uuid === 'connection-2' && e.active);
    await lastValueFrom(client.send('wxid_friend', 'again'));

    const tokens = sim.received.map((f) => f.AccessToken).filter((token) => token !== '');
    expect(new Set(tokens)).toEqual(new Set(['sim-token-1', 'sim-token-2']));
    const raw = tap.raw();
    for (const secret of [IMEI, ...new Set(tokens)]) expect(leaksOf(raw, secret)).toEqual([]);
    expect(raw).toContain('scan me');
  });
});
