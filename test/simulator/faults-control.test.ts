import { afterEach, describe, expect, it } from 'vitest';
import { parseSynccheck } from '../../src/web/protocol/login-bodies.js';
import { parseJson } from '../../src/web/protocol/json.js';
import { webwxsendmsg } from '../../src/web/protocol/endpoints/send.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { API, get, init, login, post, sync, synccheckPath, syncKeyString } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

const ret = (text: string): number => (parseJson(text, 'webwxsync') as { BaseResponse: { Ret: number } }).BaseResponse.Ret;

describe('faults', () => {
  it('answers retcode 1205 for N calls, then recovers; 1101 at synccheck in its own format', async () => {
    sim = await startSimulator({ loginHoldMs: 200, syncHoldMs: 200 });
    const s = await login(sim);
    const body = await init(sim, s);
    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: 1205, times: 2 });
    expect(ret((await sync(sim, s, body['SyncKey'])).text)).toBe(1205);
    expect(ret((await sync(sim, s, body['SyncKey'])).text)).toBe(1205);
    expect(ret((await sync(sim, s, body['SyncKey'])).text)).toBe(0);
    sim.fault({ endpoint: 'synccheck', kind: 'retcode', value: 1101 });
    expect(parseSynccheck((await get(sim.origin, synccheckPath(s, syncKeyString(body['SyncKey'])), s.jar)).text)).toEqual({ retcode: 1101, selector: 0 });
    sim.fault({ endpoint: 'webwxsendmsg', kind: 'retcode', value: 1205, after: 1 });
    const sendOnce = async () =>
      webwxsendmsg.decode((await post(sim.origin, `${API}/webwxsendmsg`, { BaseRequest: s.base, Msg: { Type: 1, Content: 'x', FromUserName: (body['User'] as { UserName: string }).UserName, ToUserName: 'filehelper', LocalID: '1', ClientMsgId: '1' } }, s.jar)).text).BaseResponse.Ret;
    expect([await sendOnce(), await sendOnce(), await sendOnce()]).toEqual([0, 1205, 0]);
  });

  it('answers HTTP 5xx, resets the connection, sends garbage, and delays', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    sim.fault({ endpoint: 'jslogin', kind: 'http', value: 503 });
    expect((await get(sim.origin, '/jslogin')).status).toBe(503);
    sim.fault({ endpoint: 'jslogin', kind: 'reset' });
    await expect(fetch(`${sim.origin}/jslogin`)).rejects.toThrow();
    sim.fault({ endpoint: 'jslogin', kind: 'garbage' });
    const garbage = await get(sim.origin, '/jslogin');
    expect(garbage.status).toBe(200);
    expect(garbage.text).not.toMatch(/QRLogin/);
    sim.fault({ endpoint: '*', kind: 'delay', value: 300 });
    const started = Date.now();
    expect((await get(sim.origin, '/jslogin')).text).toMatch(/QRLogin\.code = 200/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    sim.fault({ endpoint: 'jslogin', kind: 'delay', value: 60_000 });
    await expect(fetch(`${sim.origin}/jslogin`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(sim.stats().requests['jslogin']).toBe(5);
  });

  it('limits a fault to a time window', async () => {
    sim = await startSimulator();
    sim.fault({ endpoint: 'jslogin', kind: 'http', value: 500, forMs: 150 });
    expect((await get(sim.origin, '/jslogin')).status).toBe(500);
    expect((await get(sim.origin, '/jslogin')).status).toBe(500);
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(sim.origin, '/jslogin')).status).toBe(200);
  });
});

describe('control API over HTTP', () => {
  const control = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${sim.origin}/__sim/${path}`, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('drives a login, injects, reads the outbox and stats', async () => {
    sim = await startSimulator({ loginHoldMs: 200, syncHoldMs: 200 });
    const help = await control('');
    expect(help.json['routes']).toBeInstanceOf(Array);
    const { uuid } = { uuid: (await get(sim.origin, '/jslogin')).text.split('"')[1] ?? '' };
    expect((await control('phone/confirm', { session: uuid })).json).toEqual({ ok: true });
    const poll = await get(sim.origin, `${API}/login?uuid=${encodeURIComponent(uuid)}&tip=0`);
    expect(poll.text).toMatch(/^window\.code=200;/);
    const sessions = await control('sessions');
    expect(sessions.json['sessions']).toEqual([]);

    sim.phone.confirm({ session: (await get(sim.origin, '/jslogin')).text.split('"')[1] ?? '' });
    const s = await login(sim);
    const initBody = await init(sim, s);
    const injected = await control('inject', { from: 'Alice', text: 'over http', count: 3 });
    expect(injected.status).toBe(200);
    expect(injected.json['count']).toBe(3);
    const msgs = webwxsync.decode((await sync(sim, s, initBody['SyncKey'])).text).AddMsgList as { Content: string }[];
    expect(msgs.map((m) => m.Content)).toEqual(['over http #1', 'over http #2', 'over http #3']);
    await post(sim.origin, `${API}/webwxsendmsg`, { BaseRequest: s.base, Msg: { Type: 1, Content: 'reply', FromUserName: (initBody['User'] as { UserName: string }).UserName, ToUserName: 'filehelper', LocalID: '1', ClientMsgId: '1' } }, s.jar);
    const outbox = await control(`outbox?session=${encodeURIComponent(s.uuid)}`);
    expect((outbox.json['outbox'] as { content: string }[]).map((e) => e.content)).toEqual(['reply']);
    const added = await control('contacts/add', { nickName: 'Via HTTP' });
    expect(added.json['userName']).toMatch(/^@/);
    expect((await control('fault', { endpoint: 'webwxsync', kind: 'retcode', value: 1100 })).json['id']).toBeGreaterThan(0);
    expect((await control('fault', undefined, 'DELETE')).json['cleared']).toBe(1);
    const stats = await control('stats');
    expect((stats.json['requests'] as Record<string, number>)['webwxsendmsg']).toBe(1);
    expect((await control('phone/kick', {})).json).toEqual({ ok: true });
    expect(((await control('sessions')).json['sessions'] as { active: boolean }[]).some((x) => x.active)).toBe(false);
    expect((await control('reset', {})).json).toEqual({ ok: true });
  });

  it('answers bad input with 4xx and a JSON error, and keeps serving', async () => {
    sim = await startSimulator();
    expect(await control('inject', { from: 'Alice' })).toMatchObject({ status: 404, json: { error: expect.stringMatching(/no client is logged in yet: inject needs a logged-in session/) } });
    expect(await control('phone/kick', { session: 'nope' })).toMatchObject({ status: 404, json: { error: expect.stringMatching(/unknown session/) } });
    expect(await control('inject', '{broken')).toMatchObject({ status: 400, json: { error: 'malformed JSON body' } });
    expect(await control('inject', '[1,2]')).toMatchObject({ status: 400 });
    expect(await control('phone/dance', {})).toMatchObject({ status: 404 });
    expect(await control('fault', { endpoint: 'x', kind: 'explode' })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/unknown fault kind/) } });
    expect(await control('nowhere')).toMatchObject({ status: 404 });
    expect(await control('sessions', {}, 'POST')).toMatchObject({ status: 200 });
    expect(await control('reset')).toMatchObject({ status: 405 });
    expect((await get(sim.origin, '/jslogin')).status).toBe(200);
  });

  it('rejects an unknown kind and an unknown sender once a session exists', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    await login(sim);
    expect(await control('inject', { from: 'Alice', kind: 'hologram' })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/unknown kind/) } });
    expect(await control('inject', { from: 'Nobody At All' })).toMatchObject({ status: 404 });
    expect(() => sim.inject({ from: 'Alice', count: 0 })).toThrow(/count/);
  });
});

describe('server', () => {
  it('gzips its text/plain answers for clients that accept gzip, by default; scripts, and every answer with compress: false, go out as they are', async () => {
    const answer = async (path: string, acceptEncoding: string) => {
      const res = await fetch(`${sim.origin}${path}`, { method: 'POST', body: '{}', headers: { 'accept-encoding': acceptEncoding } });
      return { type: res.headers.get('content-type'), encoding: res.headers.get('content-encoding'), text: await res.text() };
    };
    sim = await startSimulator();
    const init = await answer(`${API}/webwxinit`, 'gzip, deflate');
    expect(init).toMatchObject({ type: 'text/plain', encoding: 'gzip' });
    expect(init.text).toMatch(/"Ret": ?1/);
    expect(await answer(`${API}/webwxinit`, 'identity')).toMatchObject({ encoding: null, text: init.text });
    expect(await answer('/jslogin', 'gzip')).toMatchObject({ type: 'text/javascript', encoding: null, text: expect.stringMatching(/^window\.QRLogin\.code = 200;/) });
    await sim.close();
    sim = await startSimulator({ compress: false });
    expect(await answer(`${API}/webwxinit`, 'gzip, deflate')).toMatchObject({ encoding: null, text: init.text });
  });

  it('answers unknown paths with 404 and keeps going after a client hangs up mid-poll', async () => {
    sim = await startSimulator({ loginHoldMs: 5_000 });
    expect((await get(sim.origin, `${API}/webwxnothing`)).status).toBe(404);
    const uuid = (await get(sim.origin, '/jslogin')).text.split('"')[1] ?? '';
    await expect(fetch(`${sim.origin}${API}/login?uuid=${encodeURIComponent(uuid)}`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect((await get(sim.origin, '/jslogin')).status).toBe(200);
    expect(sim.stats().requests['unknown']).toBe(1);
  });
});

describe('many sessions', () => {
  it('keeps sessions apart: own uin, sid, UserNames, queue and outbox', async () => {
    sim = await startSimulator({ loginHoldMs: 200, syncHoldMs: 200 });
    const logged = await Promise.all(Array.from({ length: 8 }, () => login(sim)));
    const bodies = await Promise.all(logged.map((s) => init(sim, s)));
    expect(new Set(logged.map((s) => s.base.Uin)).size).toBe(8);
    expect(new Set(logged.map((s) => s.base.Sid)).size).toBe(8);
    expect(new Set(bodies.map((b) => (b['User'] as { UserName: string }).UserName)).size).toBe(8);
    logged.forEach((s, i) => sim.inject({ session: s.uuid, from: 'Alice', text: `to session ${i}` }));
    const received = await Promise.all(logged.map(async (s, i) => (webwxsync.decode((await sync(sim, s, bodies[i]?.['SyncKey'])).text).AddMsgList as { Content: string }[]).map((m) => m.Content)));
    received.forEach((texts, i) => expect(texts).toEqual([`to session ${i}`]));
    sim.phone.kick({ session: logged[3]?.uuid ?? '' });
    const checks = await Promise.all(logged.map(async (s, i) => parseSynccheck((await get(sim.origin, synccheckPath(s, syncKeyString(bodies[i]?.['SyncKey'])), s.jar)).text).retcode));
    expect(checks.filter((c) => c === 1101)).toHaveLength(1);
    expect(sim.stats().activeSessions).toBe(7);
  });
});
