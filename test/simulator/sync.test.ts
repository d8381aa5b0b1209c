import { afterEach, describe, expect, it } from 'vitest';
import { parseSynccheck } from '../../src/web/protocol/login-bodies.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import { ManualClock, startSimulator, type Simulator } from '../../src/testing/index.js';
import { get, init, Jar, login, sync, synccheckPath, syncKeyString, type Logged } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

async function ready(options: Parameters<typeof startSimulator>[0] = {}): Promise<{ s: Logged; key: unknown }> {
  sim = await startSimulator({ loginHoldMs: 200, syncHoldMs: 200, ...options });
  const s = await login(sim);
  const body = await init(sim, s);
  return { s, key: body['SyncKey'] };
}

describe('synccheck', () => {
  it('holds, then answers selector 0 in the exact format', async () => {
    const { s, key } = await ready();
    const started = Date.now();
    const r = await get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar);
    expect(r.text).toBe('window.synccheck={retcode:"0",selector:"0"}');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('wakes a held poll early when a message arrives, and answers at once while one is pending', async () => {
    const { s, key } = await ready({ syncHoldMs: 10_000 });
    const held = get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    sim.inject({ from: 'Alice', text: 'wake up' });
    const r = await held;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(parseSynccheck(r.text)).toEqual({ retcode: 0, selector: 2 });
    expect((await get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar)).text).toBe('window.synccheck={retcode:"0",selector:"2"}');
  });

  it('answers instantly without a synckey parameter', async () => {
    const { s } = await ready({ syncHoldMs: 10_000 });
    const started = Date.now();
    expect(parseSynccheck((await get(sim.origin, synccheckPath(s, undefined), s.jar)).text).retcode).toBe(0);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers 1101 once kicked, waking a held poll', async () => {
    const { s, key } = await ready({ syncHoldMs: 10_000 });
    const held = get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar);
    await new Promise((r) => setTimeout(r, 50));
    sim.phone.kick();
    expect((await held).text).toBe('window.synccheck={retcode:"1101",selector:"0"}');
    expect((await get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar)).text).toBe('window.synccheck={retcode:"1101",selector:"0"}');
  });

  it('answers 1100 after a phone logout and 1102 with a kick code', async () => {
    const { s, key } = await ready();
    sim.phone.logout();
    expect(parseSynccheck((await get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar)).text).retcode).toBe(1100);
    const second = await login(sim);
    await init(sim, second);
    sim.phone.kick({ code: 1102 });
    expect(parseSynccheck((await get(sim.origin, synccheckPath(second, syncKeyString(key)), second.jar)).text).retcode).toBe(1102);
  });

  it('ends an idle session on the virtual clock (1101)', async () => {
    const clock = new ManualClock();
    const { s, key } = await ready({ clock, sessionIdleMs: 60_000 });
    clock.advance(121_000);
    expect(parseSynccheck((await get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar)).text).retcode).toBe(1101);
  });

  it('answers 1102 without the cookie jar', async () => {
    const { s, key } = await ready();
    const r = await get(sim.origin, synccheckPath(s, syncKeyString(key)), new Jar());
    expect(r.text).toBe('window.synccheck={retcode:"1102",selector:"0"}');
  });

  it('runs on a virtual clock: the hold ends when the clock moves, not before', async () => {
    const clock = new ManualClock();
    const { s, key } = await ready({ clock, syncHoldMs: 25_000 });
    let done = false;
    const held = get(sim.origin, synccheckPath(s, syncKeyString(key)), s.jar).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    clock.advance(25_000);
    expect((await held).text).toBe('window.synccheck={retcode:"0",selector:"0"}');
  });
});

describe('webwxsync', () => {
  it('delivers, advances SyncKey and a different SyncCheckKey, and sets the first-sync cookies', async () => {
    const { s, key } = await ready();
    sim.inject({ from: 'Alice', text: 'one' });
    const r = await sync(sim, s, key);
    expect(r.res.headers.getSetCookie().some((c) => c.startsWith('wxloadtime=') && c.includes('_expired'))).toBe(true);
    const body = webwxsync.decode(r.text);
    expect(body.AddMsgCount).toBe(1);
    const before = new Map((key as { List: { Key: number; Val: number }[] }).List.map((k) => [k.Key, k.Val]));
    for (const k of body.SyncKey.List) if (before.has(k.Key) && k.Key < 1000) expect(k.Val).toBeGreaterThan(before.get(k.Key) ?? 0);
    expect(body.SyncCheckKey).toBeDefined();
    expect(body.SyncCheckKey?.List.map((k) => k.Key)).not.toEqual(body.SyncKey.List.map((k) => k.Key));
    const again = await sync(sim, s, body.SyncKey);
    expect(webwxsync.decode(again.text).AddMsgCount).toBe(0);
    expect(again.res.headers.getSetCookie()).toEqual([]);
  });

  it('writes NewMsgId as a bare integer with the exact digits of MsgId', async () => {
    const { s, key } = await ready();
    const { msgIds } = sim.inject({ from: 'Alice', text: 'id check' });
    const r = await sync(sim, s, key);
    const id = msgIds[0] ?? '';
    expect(BigInt(id)).toBeGreaterThan(2n ** 53n);
    expect(r.text).toContain(`"MsgId": "${id}"`);
    expect(r.text).toContain(`"NewMsgId": ${id},`);
    const [message] = webwxsync.decode(r.text).lists.messages.ok;
    expect(message?.NewMsgId).toBe(id);
  });

  it('splits a backlog into batches with ContinueFlag', async () => {
    const { s, key } = await ready({ batchSize: 10 });
    sim.inject({ from: 'Alice', text: 'bulk', count: 25 });
    let current = key;
    const counts: number[] = [];
    const flags: number[] = [];
    for (let i = 0; i < 5; i++) {
      const body = webwxsync.decode((await sync(sim, s, current)).text);
      counts.push(body.AddMsgCount ?? 0);
      flags.push(body.ContinueFlag ?? 0);
      current = body.SyncKey;
      if (body.ContinueFlag === 0) break;
    }
    expect(counts).toEqual([10, 10, 5]);
    expect(flags).toEqual([1, 1, 0]);
  });

  it('re-delivers for a stale key (a lost answer) but drops what the next key acknowledged', async () => {
    const { s, key } = await ready();
    sim.inject({ from: 'Alice', text: 'first' });
    const a = webwxsync.decode((await sync(sim, s, key)).text);
    const replay = webwxsync.decode((await sync(sim, s, key)).text);
    expect(replay.AddMsgCount).toBe(1);
    sim.inject({ from: 'Alice', text: 'second' });
    const b = webwxsync.decode((await sync(sim, s, a.SyncKey)).text);
    const texts = (list: unknown[]) => list.map((m) => (m as { Content: string }).Content);
    expect(texts(b.AddMsgList)).toEqual(['second']);
    const stale = webwxsync.decode((await sync(sim, s, key)).text);
    expect(texts(stale.AddMsgList)).toEqual(['second']);
    expect(sim.sessions()[0]?.acked).toBeGreaterThan(0);
  });

  it('with replayAcknowledged, a stale key gets acknowledged messages again', async () => {
    const { s, key } = await ready({ replayAcknowledged: true });
    sim.inject({ from: 'Alice', text: 'first' });
    const a = webwxsync.decode((await sync(sim, s, key)).text);
    sim.inject({ from: 'Alice', text: 'second' });
    await sync(sim, s, a.SyncKey);
    const texts = (list: unknown[]) => list.map((m) => (m as { Content: string }).Content);
    expect(texts(webwxsync.decode((await sync(sim, s, key)).text).AddMsgList)).toEqual(['first', 'second']);
  });

  it('bounds the queue: past maxQueue the oldest unacknowledged events are dropped', async () => {
    const { s, key } = await ready({ maxQueue: 10, batchSize: 100 });
    sim.inject({ from: 'Alice', text: 'flood', count: 30 });
    const body = webwxsync.decode((await sync(sim, s, key)).text);
    expect((body.AddMsgList as { Content: string }[]).map((m) => m.Content)).toEqual(Array.from({ length: 10 }, (_, i) => `flood #${i + 21}`));
    expect(sim.sessions()[0]?.dropped).toBe(20);
  });

  it('delivers contact changes as ModContactList / DelContactList', async () => {
    const { s, key } = await ready();
    const added = sim.contacts.add({ nickName: 'Newcomer' });
    const group = sim.world().groups()[0];
    sim.groups.renameMember({ group: group?.id ?? '', member: 'self', displayName: 'me here' });
    sim.contacts.remove({ contact: 'Bob' });
    const lists = webwxsync.decode((await sync(sim, s, key)).text).lists;
    expect(lists.modifiedContacts.ok.map((c) => c.UserName)).toContain(added.userName);
    expect(lists.modifiedContacts.ok.some((c) => c.UserName.startsWith('@@') && (c.MemberList?.length ?? 0) > 0)).toBe(true);
    expect(lists.deletedContacts.ok).toHaveLength(1);
    expect(lists.messages.ok.some((m) => m.MsgType === 10000)).toBe(true);
  });
});
