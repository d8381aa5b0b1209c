/**
 * Simulator throughput: messages per second delivered to one session (inject N, then drain with raw webwxsync
 * loops until `ContinueFlag` is 0), and long polls held at once (open N synccheck requests on keep-alive sockets,
 * check the simulator holds all of them, then wake them with one message). Targets on the 2-core reference
 * machine: ≥ 20,000 messages/s and ≥ 2,000 held polls.
 */
import { Agent, request } from 'node:http';
import { parseJsLogin, parseLoginPage, parseLoginPoll } from '../src/web/protocol/login-bodies.js';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { fmt, median } from './stats.js';

export interface SimulatorBenchOptions {
  readonly quick?: boolean;
}

export interface SimulatorBenchResult {
  readonly messages: number;
  /** Delivered per second while draining (webwxsync round trips, client-side JSON.parse included). */
  readonly drainPerSecond: number;
  /** Per second from the first inject to the last delivery. */
  readonly endToEndPerSecond: number;
  readonly polls: number;
  /** How many polls the simulator held at once. */
  readonly held: number;
  /** ms from the waking message to the last of the held polls answering. */
  readonly wakeMs: number;
  readonly runs: number;
}

interface Session {
  readonly cookie: string;
  readonly base: { Uin: number; Sid: string; Skey: string; DeviceID: string };
  readonly passTicket: string;
  syncKey: unknown;
}

function call(agent: Agent, origin: string, path: string, cookie: string, body?: string): Promise<{ status: number; text: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { agent, method: body === undefined ? 'GET' : 'POST', headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), cookies: res.headers['set-cookie'] ?? [] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function logIn(sim: Simulator, agent: Agent): Promise<Session> {
  const { uuid } = parseJsLogin((await call(agent, sim.origin, '/jslogin', '')).text);
  sim.phone.confirm({ session: uuid });
  const poll = parseLoginPoll((await call(agent, sim.origin, `/cgi-bin/mmwebwx-bin/login?uuid=${encodeURIComponent(uuid)}`, '')).text);
  if (poll.kind !== 'confirmed') throw new Error('login not confirmed');
  const url = new URL(poll.redirectUri);
  const page = await call(agent, sim.origin, url.pathname + url.search, '');
  const creds = parseLoginPage(page.text);
  const cookie = page.cookies.map((c) => c.split(';')[0]).join('; ');
  const base = { Uin: Number(creds.wxuin), Sid: creds.wxsid, Skey: creds.skey, DeviceID: 'e000000000000001' };
  const init = JSON.parse((await call(agent, sim.origin, `/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=${creds.passTicket}`, cookie, JSON.stringify({ BaseRequest: base }))).text) as { SKey: string; SyncKey: unknown };
  base.Skey = init.SKey;
  return { cookie, base, passTicket: creds.passTicket, syncKey: init.SyncKey };
}

async function throughput(messages: number): Promise<{ drain: number; endToEnd: number }> {
  const sim = await startSimulator({ loginHoldMs: 100, syncHoldMs: 100, maxQueue: messages + 10 });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const s = await logIn(sim, agent);
    const start = performance.now();
    sim.inject({ from: 'Alice', text: '你好 benchmark <b>&</b> 😂', count: messages });
    const drainStart = performance.now();
    let delivered = 0;
    for (let guard = 0; guard < messages; guard++) {
      const r = await call(agent, sim.origin, `/cgi-bin/mmwebwx-bin/webwxsync?pass_ticket=${s.passTicket}`, s.cookie, JSON.stringify({ BaseRequest: s.base, SyncKey: s.syncKey, rr: -1 }));
      const body = JSON.parse(r.text) as { AddMsgCount: number; ContinueFlag: number; SyncKey: unknown };
      delivered += body.AddMsgCount;
      s.syncKey = body.SyncKey;
      if (body.ContinueFlag === 0) break;
    }
    const end = performance.now();
    if (delivered !== messages) throw new Error(`delivered ${delivered} of ${messages}`);
    return { drain: (messages / (end - drainStart)) * 1000, endToEnd: (messages / (end - start)) * 1000 };
  } finally {
    agent.destroy();
    await sim.close();
  }
}

async function heldPolls(polls: number): Promise<{ held: number; wakeMs: number }> {
  const sim = await startSimulator({ loginHoldMs: 100, syncHoldMs: 120_000 });
  const agent = new Agent({ keepAlive: true, maxSockets: polls + 10 });
  try {
    const s = await logIn(sim, agent);
    const key = (s.syncKey as { List: { Key: number; Val: number }[] }).List.map((k) => `${k.Key}_${k.Val}`).join('|');
    const q = new URLSearchParams({ r: '1', skey: s.base.Skey, sid: s.base.Sid, uin: String(s.base.Uin), deviceid: s.base.DeviceID, synckey: key });
    const answers = Array.from({ length: polls }, () => call(agent, sim.origin, `/cgi-bin/mmwebwx-bin/synccheck?${q.toString()}`, s.cookie));
    const deadline = Date.now() + 30_000;
    while (sim.stats().heldSyncchecks < polls && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const held = sim.stats().heldSyncchecks;
    const start = performance.now();
    sim.inject({ from: 'Alice', text: 'wake' });
    const texts = await Promise.all(answers);
    const wakeMs = performance.now() - start;
    if (!texts.every((t) => t.text === 'window.synccheck={retcode:"0",selector:"2"}')) throw new Error('a held poll did not wake with selector 2');
    return { held, wakeMs };
  } finally {
    agent.destroy();
    await sim.close();
  }
}

export async function runSimulatorBench(options: SimulatorBenchOptions = {}): Promise<SimulatorBenchResult> {
  const quick = options.quick ?? false;
  const messages = quick ? 20_000 : 100_000;
  const polls = 2_000;
  const runs = quick ? 1 : 3;
  const drains: number[] = [];
  const ends: number[] = [];
  const helds: number[] = [];
  const wakes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await throughput(messages);
    drains.push(t.drain);
    ends.push(t.endToEnd);
    const h = await heldPolls(polls);
    helds.push(h.held);
    wakes.push(h.wakeMs);
  }
  return { messages, drainPerSecond: median(drains), endToEndPerSecond: median(ends), polls, held: Math.min(...helds), wakeMs: median(wakes), runs };
}

export function printSimulator(r: SimulatorBenchResult): void {
  process.stdout.write(
    `simulator (median of ${r.runs}):\n` +
      `  ${fmt(r.messages, 0)} messages to one session: ${fmt(r.drainPerSecond, 0)} msg/s delivered while draining, ${fmt(r.endToEndPerSecond, 0)} msg/s inject + drain (target ≥ 20,000)\n` +
      `  ${fmt(r.polls, 0)} synccheck long polls: ${fmt(r.held, 0)} held at once (target ≥ 2,000), all woken in ${fmt(r.wakeMs)} ms\n`,
  );
}
