import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, retry, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import type { ClientState, LoginEvent } from '../../src/web/client/types.js';
import type { WxEvent } from '../../src/model/events.js';
import { isClientClosedError, isSessionLockedError, isSessionStoreError } from '../../src/errors/guards.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import type { SessionStore } from '../../src/web/session/session-store.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { until } from '../../src/testing/contracts/checks.js';
import { clientFor, login, recording, startFastSim } from './helpers.js';

const after = perTest();
const fastSim = async (options: Parameters<typeof startFastSim>[0] = {}) => after.closeAfter(await startFastSim(options), (s) => s.close());

const states = (client: { state$: import('rxjs').Observable<ClientState> }) => lastValueFrom(client.state$.pipe(toArray(), timeout(2000)));

describe('state$', () => {
  it('replays the final state to a subscriber that comes after close(), then completes', async () => {
    const sim = await fastSim();
    const client = clientFor(sim);
    await login(client);
    await lastValueFrom(client.close(), { defaultValue: undefined });
    expect(await states(client)).toEqual([{ status: 'logged-out', reason: { type: 'closed' } }]);
    expect(await states(client)).toEqual([{ status: 'logged-out', reason: { type: 'closed' } }]);
  });

  it('goes back to logged-out when every subscriber of login$ leaves mid-login, and a new login works', async () => {
    const sim = await fastSim({ autoConfirm: false });
    const client = clientFor(sim);
    const waiting = firstValueFrom(client.state$.pipe(filter((s) => s.status === 'waiting-for-scan'), timeout(5000)));
    const attempt = client.login$.subscribe();
    await waiting;
    attempt.unsubscribe();
    expect(await firstValueFrom(client.state$)).toEqual({ status: 'logged-out', reason: { type: 'cancelled' } });

    const again = client.login$.pipe(toArray(), timeout(5000));
    const steps = lastValueFrom(again);
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'waiting-for-scan'), timeout(5000)));
    sim.phone.scan();
    sim.phone.confirm();
    expect((await steps).at(-1)?.type).toBe('logged-in');
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });
});

describe('login$', () => {
  /** A client on `sim` whose first webwxinit fails, and how many requests it made to an endpoint. */
  function failingOnce(sim: Awaited<ReturnType<typeof fastSim>>) {
    const { transport, urls } = recording(createUndiciTransport());
    sim.fault({ endpoint: 'webwxinit', kind: 'garbage', times: 1 });
    const count = (endpoint: string) => urls.filter((url) => new URL(url).pathname.endsWith(`/${endpoint}`)).length;
    return { client: clientFor(sim, { transport }), count };
  }

  it('is one login for every subscriber while it runs, also for one that joins the login a retry started', async () => {
    const sim = await fastSim();
    const { client, count } = failingOnce(sim);
    const first = lastValueFrom(client.login$.pipe(retry(1), toArray(), timeout(10_000)));
    await until(() => count('jslogin') === 2);
    const second = lastValueFrom(client.login$.pipe(toArray(), timeout(10_000)));
    expect((await first).at(-1)?.type).toBe('logged-in');
    expect((await second).at(-1)?.type).toBe('logged-in');
    expect([count('jslogin'), count('webwxinit')]).toEqual([2, 2]);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('lets a subscriber start the next login from its error handler, and later ones join that login', async () => {
    const sim = await fastSim();
    const { client, count } = failingOnce(sim);
    let again: Promise<LoginEvent[]> | undefined;
    client.login$.subscribe({ error: () => (again = lastValueFrom(client.login$.pipe(toArray(), timeout(10_000)))) });
    await until(() => count('jslogin') === 2);
    const later = lastValueFrom(client.login$.pipe(toArray(), timeout(10_000)));
    expect((await later).at(-1)?.type).toBe('logged-in');
    expect((await again)?.at(-1)?.type).toBe('logged-in');
    expect([count('jslogin'), count('webwxinit')]).toEqual([2, 2]);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });
});

describe('ending a client', () => {
  it('logout() before any login: login$ then says plainly, with a typed error, that this client is over', async () => {
    const sim = await fastSim();
    const client = clientFor(sim);
    await lastValueFrom(client.logout(), { defaultValue: undefined });
    const error = await lastValueFrom(client.login$).catch((e: unknown) => e);
    expect(isClientClosedError(error)).toBe(true);
    expect((error as Error).message).toBe('login: this client was ended by logout(); create a new client to log in again');
    expect(sim.stats().requests).toEqual({});
  });
});

describe('a saved session that cannot be read', () => {
  const broken = (): SessionStore => ({
    load: () => Promise.reject(new SessionStoreError('load', 'the file is not JSON', { path: '/tmp/s.json' })),
    save: () => Promise.resolve(),
    clear: () => Promise.resolve(),
  });

  it('fails login$ with the SessionStoreError and sends nothing', async () => {
    const sim = await fastSim();
    const client = clientFor(sim, { store: broken() });
    const error = await lastValueFrom(client.login$).catch((e: unknown) => e);
    expect(isSessionStoreError(error)).toBe(true);
    expect((error as SessionStoreError).path).toBe('/tmp/s.json');
    expect(sim.stats().requests).toEqual({});
    expect(await firstValueFrom(client.state$)).toMatchObject({ status: 'logged-out', reason: { type: 'failed', error } });
  });

  it("with onBadSession: 'login', reports it as a store-problem and logs in with a QR code", async () => {
    const sim = await fastSim();
    const client = clientFor(sim, { store: broken(), onBadSession: 'login' });
    const events: WxEvent[] = [];
    after.subscriptions.add(client.events$.subscribe((e) => events.push(e)));
    const steps = await login(client);
    expect(steps.map((s) => s.type)).toContain('uuid');
    expect(events[0]).toMatchObject({ type: 'store-problem', error: { operation: 'load', reason: 'the file is not JSON' } });
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a session file whose cookies are not a saved jar fails the login with the field named, not its content', async () => {
    const sim = await fastSim();
    const path = join(await after.tempDir('wechat-rx-bad-cookies-'), 'session.json');
    const first = clientFor(sim, { store: new FileSessionStore(path) });
    await login(first);
    await lastValueFrom(first.close(), { defaultValue: undefined });
    const saved = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...saved, cookies: { wxsid: 'secret-sid' } }));
    const requestsBefore = sim.stats().requests;
    const error = await lastValueFrom(clientFor(sim, { store: new FileSessionStore(path) }).login$).catch((e: unknown) => e);
    expect(isSessionStoreError(error)).toBe(true);
    expect((error as Error).message).toContain('cookies');
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('secret-sid');
    expect(sim.stats().requests).toEqual(requestsBefore);
  });

  it('a corrupt session file fails the login and stays as it was', async () => {
    const sim = await fastSim();
    const dir = await after.tempDir('wechat-rx-bad-session-');
    const path = join(dir, 'session.json');
    await writeFile(path, '{"version":1,"credentials":{"skey":"@crypt_0000_secret"');
    const client = clientFor(sim, { store: new FileSessionStore(path) });
    const error = await lastValueFrom(client.login$).catch((e: unknown) => e);
    expect(isSessionStoreError(error)).toBe(true);
    expect(String((error as Error).message)).toContain(path);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('secret');
    expect(sim.stats().requests).toEqual({});
  });
});

describe('one owner per session', () => {
  it('a second client on a session in use fails fast with SessionLockedError naming the holder; after close it can log in', async () => {
    const sim = await fastSim();
    const dir = await after.tempDir('wechat-rx-lock-');
    const path = join(dir, 'session.json');
    const first = clientFor(sim, { store: new FileSessionStore(path) });
    await login(first);
    const second = clientFor(sim, { store: new FileSessionStore(path) });
    const started = Date.now();
    const error = await lastValueFrom(second.login$).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(isSessionLockedError(error)).toBe(true);
    expect(error).toMatchObject({ holder: { pid: process.pid } });
    const requests = sim.stats().requests;
    await lastValueFrom(first.close(), { defaultValue: undefined });
    expect(sim.stats().requests.webwxsync).toBe(requests.webwxsync);

    const third = clientFor(sim, { store: new FileSessionStore(path) });
    expect((await login(third)).at(-1)).toMatchObject({ type: 'logged-in', resumed: true });
    await lastValueFrom(third.close(), { defaultValue: undefined });
  });

  it('logout() of a client that never logged in leaves alone a session another client holds', async () => {
    const sim = await fastSim();
    const dir = await after.tempDir('wechat-rx-lock-');
    const path = join(dir, 'session.json');
    const owner = clientFor(sim, { store: new FileSessionStore(path) });
    await login(owner);
    const bystander = clientFor(sim, { store: new FileSessionStore(path) });
    await lastValueFrom(bystander.logout(), { defaultValue: undefined });
    expect(await new FileSessionStore(path).load()).toBeDefined();
    await lastValueFrom(owner.close(), { defaultValue: undefined });
  });
});
