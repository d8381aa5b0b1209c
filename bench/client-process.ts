/**
 * One benchmark client in a process of its own: logs in `sessions` sessions of one kind against the simulator at
 * `origin`, then answers commands on stdin with one JSON line each on stdout. CPU (`process.cpuUsage`) and RSS
 * (`process.memoryUsage`, after a forced GC) are this process's alone; the simulator runs elsewhere.
 *
 * Kinds: `rx-ky` and `rx-undici` (the wechat-rx client on each transport), `wechat4u` (0.7.14, its URLs rewritten to
 * the simulator as in test/simulator/wechat4u.test.ts), and the floor: `bare-undici`, `bare-fetch`, `bare-ky`, a
 * login plus a synccheck/webwxsync loop built from the pure request builders, raw HTTP and `JSON.parse`, with no
 * decoding, dedupe, streams or store. Each asks for gzip as its stack does: undici `request` and ky (over the fetch
 * of the library's ky transport) like the library, inflating the whole body; Node's fetch through its own streams.
 * `bare-undici-book` is `bare-undici` keeping the address book as the server sent it (`AddressBook`): the memory
 * floor of a client that knows its contacts.
 *
 * Commands: `{"cmd":"arm","count":n}` resets the counters and answers `armed`; once n marked texts have arrived it
 * sends `done`. `{"cmd":"sample"}` answers `sample` with the figures since `arm`. `{"cmd":"exit"}` (or stdin closing)
 * closes the sessions and exits. Marked texts carry `bench@<epoch ms>`; the latency is the time from that stamp to
 * the handler.
 */
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import ky from 'ky';
import { lastValueFrom, timeout } from 'rxjs';
import { Agent, request } from 'undici';
import type { Transport } from '../src/http/transport.js';
import type { SyncKey } from '../src/web/protocol/codecs/common.js';
import type { RawContact } from '../src/model/raw/shapes.js';
import type { WxRequest } from '../src/http/request.js';
import type { SessionContext } from '../src/web/protocol/endpoints/context.js';
import { built } from './built.js';
import { epochMs } from './procs.js';
import { percentile } from './stats.js';

const { createClient, createKyTransport, createUndiciTransport } = await built<typeof import('../src/index.js')>('index.js');
const { dispatchFetch } = await built<typeof import('../src/http/dispatch-fetch.js')>('http/dispatch-fetch.js');
const { defaultHosts } = await built<typeof import('../src/web/protocol/hosts.js')>('web/protocol/hosts.js');
const { parseJsLogin, parseLoginPage, parseLoginPoll } = await built<typeof import('../src/web/protocol/login-bodies.js')>('web/protocol/login-bodies.js');
const { jslogin, login, webwxnewloginpage } = await built<typeof import('../src/web/protocol/endpoints/login.js')>('web/protocol/endpoints/login.js');
const { webwxinit } = await built<typeof import('../src/web/protocol/endpoints/account.js')>('web/protocol/endpoints/account.js');
const { webwxbatchgetcontact, webwxgetcontact } = await built<typeof import('../src/web/protocol/endpoints/contacts.js')>('web/protocol/endpoints/contacts.js');
const { stripContactCredentials } = await built<typeof import('../src/model/raw/without-credentials.js')>('model/raw/without-credentials.js');
const { synccheck, webwxsync } = await built<typeof import('../src/web/protocol/endpoints/sync.js')>('web/protocol/endpoints/sync.js');

export const CLIENT_KINDS = ['rx-ky', 'rx-undici', 'wechat4u', 'bare-undici', 'bare-undici-book', 'bare-fetch', 'bare-ky'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface ClientConfig {
  readonly kind: ClientKind;
  readonly origin: string;
  /** Sessions logged in by this process. @default 1 */
  readonly sessions?: number;
  /** Logins in flight at once. @default 50 */
  readonly concurrency?: number;
  /** wechat-rx and the bare undici client: every session uses one keep-alive pool instead of one each. @default false */
  readonly sharedPool?: boolean;
}

/** The marker of benchmark texts: `bench@<epoch ms>`. */
export const MARK = 'bench@';
const LOGIN_TIMEOUT_MS = 120_000;

interface Session {
  readonly uin: number;
  close(): Promise<void>;
}

type Counts = Map<string, number>;

const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

const count = (counts: Counts, endpoint: string): void => void counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);

/** Counts and latencies of marked texts since `arm`. */
class Probe {
  received = 0;
  target = Number.POSITIVE_INFINITY;
  latencies: number[] = [];
  onTarget: () => void = () => undefined;

  onText(text: string): void {
    const at = text.indexOf(MARK);
    if (at < 0) return;
    this.latencies.push(epochMs() - Number.parseFloat(text.slice(at + MARK.length)));
    if (++this.received === this.target) this.onTarget();
  }

  reset(target: number): void {
    this.received = 0;
    this.target = target;
    this.latencies = [];
  }

  summary() {
    const l = this.latencies;
    return l.length === 0
      ? { n: 0 }
      : { n: l.length, p50: percentile(l, 50), p99: percentile(l, 99), max: Math.max(...l), mean: l.reduce((a, b) => a + b, 0) / l.length };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// wechat-rx

let sharedPool: Agent | undefined;
const poolFor = (shared: boolean): Agent | undefined => (shared ? (sharedPool ??= new Agent({ keepAliveTimeout: 30_000 })) : undefined);

function rxSession(kind: 'rx-ky' | 'rx-undici', origin: string, probe: Probe, counts: Counts, shared: boolean): Promise<Session> {
  const pool = poolFor(shared);
  const options = pool === undefined ? {} : { dispatcher: pool };
  const transport = kind === 'rx-undici' ? createUndiciTransport(options) : createKyTransport(options);
  // The simulator targets a session by its uin, which the client keeps to itself: read it off the wire.
  let uin = 0;
  const counted: Transport = {
    request: (req) => {
      count(counts, req.endpoint);
      if (req.endpoint === 'webwxinit') uin = Number((req.json as { BaseRequest?: { Uin?: unknown } }).BaseRequest?.Uin ?? 0);
      return transport.request(req);
    },
  };
  const client = createClient({ server: origin, transport: counted, sendRate: false, relogin: false });
  client.messages$.subscribe((message) => {
    if (message.kind === 'text') probe.onText(message.text);
  });
  return lastValueFrom(client.login$.pipe(timeout(LOGIN_TIMEOUT_MS))).then(() => ({
    uin,
    close: async () => {
      await lastValueFrom(client.close(), { defaultValue: undefined });
      await transport.close();
    },
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// wechat4u

interface W4uMessage {
  readonly MsgType: number;
  readonly Content: string;
}
interface W4uBot {
  request: (options: { url: string }) => Promise<unknown>;
  user: { Uin?: number };
  _getContact(seq?: number): Promise<unknown>;
  on(event: 'message', fn: (msg: W4uMessage) => void): void;
  on(event: 'login', fn: () => void): void;
  on(event: 'error', fn: (error: unknown) => void): void;
  start(): Promise<void>;
  stop(): void;
}

let wechat4u: (new () => W4uBot) | undefined;

/** Loads wechat4u once, removing the process-wide `uncaughtException` handler it installs. */
function loadWechat4u(): new () => W4uBot {
  if (wechat4u !== undefined) return wechat4u;
  const before = process.listeners('uncaughtException');
  wechat4u = createRequire(import.meta.url)('wechat4u') as new () => W4uBot;
  for (const handler of process.listeners('uncaughtException')) if (!before.includes(handler)) process.off('uncaughtException', handler);
  return wechat4u;
}

let w4uErrors = 0;

/** Online once it emitted `login` and its address book (pages plus group details) is loaded. */
function w4uSession(origin: string, probe: Probe, counts: Counts): Promise<Session> {
  const Wechat = loadWechat4u();
  const bot = new Wechat();
  const send = bot.request;
  bot.request = (options) => {
    const url = new URL(options.url);
    count(counts, url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
    return send(Object.assign({}, options, { url: origin + url.pathname + url.search }));
  };
  const getContact = bot._getContact.bind(bot);
  let contacts: Promise<unknown> | undefined;
  bot._getContact = (seq = 0) => {
    const listed = getContact(seq);
    if (seq === 0) contacts = listed;
    return listed;
  };
  bot.on('message', (msg) => {
    if (msg.MsgType === 1) probe.onText(msg.Content);
  });
  bot.on('error', () => void w4uErrors++);
  const loggedIn = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('wechat4u did not log in')), LOGIN_TIMEOUT_MS);
    bot.on('login', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  void bot.start();
  return loggedIn
    .then(() => contacts)
    .then(() => ({
      uin: Number(bot.user.Uin ?? 0),
      close: async () => bot.stop(),
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// The floor: raw HTTP and JSON.parse

interface RawAnswer {
  readonly text: string;
  readonly setCookie: readonly string[];
}
type RawHttp = (req: WxRequest, headers: Record<string, string>, body: string | undefined) => Promise<RawAnswer>;

function rawHttp(kind: 'bare-undici' | 'bare-fetch' | 'bare-ky', shared: boolean): RawHttp {
  if (kind === 'bare-undici') {
    const dispatcher = poolFor(shared) ?? new Agent({ keepAliveTimeout: 30_000 });
    // Asks for gzip as the library's transports do, and inflates the whole body at once.
    return async (req, headers, body) => {
      const res = await request(req.url, { method: req.method, headers: Object.assign({ 'accept-encoding': 'gzip' }, headers), body: body ?? null, dispatcher });
      const cookies = res.headers['set-cookie'];
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
      return { text, setCookie: cookies === undefined ? [] : typeof cookies === 'string' ? [cookies] : cookies };
    };
  }
  const init = (req: WxRequest, headers: Record<string, string>, body: string | undefined): RequestInit =>
    body === undefined ? { method: req.method, headers, redirect: 'manual' } : { method: req.method, headers, body, redirect: 'manual' };
  if (kind === 'bare-fetch') {
    return async (req, headers, body) => {
      const res = await fetch(req.url, init(req, headers, body));
      return { text: await res.text(), setCookie: res.headers.getSetCookie() };
    };
  }
  // ky over the fetch the library's ky transport runs on (undici's dispatcher, whole bodies inflated at once).
  const kyFetch = dispatchFetch(poolFor(shared) ?? new Agent({ keepAliveTimeout: 30_000 }));
  return async (req, headers, body) => {
    const asked = Object.assign({ 'accept-encoding': 'gzip' }, headers);
    const res = await ky(req.url, Object.assign(init(req, asked, body), { retry: 0, timeout: false as const, throwHttpErrors: false, fetch: kyFetch }));
    return { text: await res.text(), setCookie: res.headers.getSetCookie() };
  };
}

interface RawSync {
  readonly AddMsgList: readonly { readonly Content: string; readonly FromUserName: string }[];
  readonly ContinueFlag: number;
  readonly SyncKey: SyncKey;
  readonly SyncCheckKey?: SyncKey;
}

type Call = (req: WxRequest) => Promise<string>;

/**
 * The address book as wechat-rx gets it, kept as the server sent it: webwxinit's contacts, every webwxgetcontact page,
 * and a group's members fetched with webwxbatchgetcontact at the group's first message, one object per UserName (the
 * latest) in a map by UserName, the least a client needs to name a sender. Avatar URLs lose their credentials as in
 * wechat-rx, which also makes them shorter. No model objects, no other index: what is left of a client's memory once
 * its own structures are taken away.
 */
class AddressBook {
  private readonly contacts = new Map<string, RawContact>();
  private readonly groupsWithMembers = new Set<string>();

  private constructor(private readonly call: Call, private readonly session: SessionContext) {}

  static async load(call: Call, session: SessionContext, initContacts: readonly RawContact[]): Promise<AddressBook> {
    const book = new AddressBook(call, session);
    book.keep(initContacts);
    for (let seq = 0, pages = 0; pages < 100; pages++) {
      const page = JSON.parse(await call(webwxgetcontact.request(session, seq))) as { MemberList: RawContact[]; Seq: number | string };
      book.keep(page.MemberList);
      seq = Number(page.Seq);
      if (seq === 0) break;
    }
    return book;
  }

  /** Fetches the members of the groups these messages came from, the first time each speaks. */
  async membersFor(messages: RawSync['AddMsgList']): Promise<void> {
    for (const { FromUserName: group } of messages) {
      if (!group.startsWith('@@') || this.groupsWithMembers.has(group)) continue;
      this.groupsWithMembers.add(group);
      const answer = JSON.parse(await this.call(webwxbatchgetcontact.request(this.session, [{ UserName: group }]))) as { ContactList: RawContact[] };
      this.keep(answer.ContactList);
    }
  }

  private keep(contacts: readonly RawContact[]): void {
    for (const contact of contacts) this.contacts.set(contact.UserName, stripContactCredentials(contact));
  }
}

type BareKind = 'bare-undici' | 'bare-undici-book' | 'bare-fetch' | 'bare-ky';

/** The HTTP stack of a bare kind: keeping the address book changes what a session holds, not how it asks. */
const stackOf = (kind: BareKind): 'bare-undici' | 'bare-fetch' | 'bare-ky' => (kind === 'bare-undici-book' ? 'bare-undici' : kind);

async function bareSession(kind: BareKind, origin: string, probe: Probe, counts: Counts, shared: boolean): Promise<Session> {
  const http = rawHttp(stackOf(kind), shared);
  const cookies = new Map<string, string>();
  const call: Call = async (req) => {
    count(counts, req.endpoint);
    const headers: Record<string, string> = Object.assign({}, req.headers);
    if (cookies.size > 0) headers['cookie'] = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (req.json !== undefined) headers['content-type'] = 'application/json;charset=UTF-8';
    const answer = await http(req, headers, req.json === undefined ? undefined : JSON.stringify(req.json));
    for (const line of answer.setCookie) {
      const pair = line.slice(0, line.indexOf(';') >>> 0);
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return answer.text;
  };
  const env = { now: () => Date.now(), random: () => Math.random() };
  const hosts = defaultHosts(origin);
  const { uuid } = parseJsLogin(await call(jslogin.request({ hosts, env }, { desktop: true })));
  let redirectUri: string | undefined;
  for (let polls = 0; redirectUri === undefined && polls < 20; polls++) {
    const poll = parseLoginPoll(await call(login.request({ hosts, env }, { uuid })));
    if (poll.kind === 'confirmed') redirectUri = poll.redirectUri;
  }
  if (redirectUri === undefined) throw new Error('bare login was not confirmed');
  const page = parseLoginPage(await call(webwxnewloginpage.request({ hosts, env }, { redirectUri, desktop: true })));
  const credentials = { uin: Number(page.wxuin), sid: page.wxsid, skey: page.skey, passTicket: page.passTicket, deviceId: 'e123456789012345' };
  const init = JSON.parse(await call(webwxinit.request({ hosts, env, credentials }))) as { SKey: string; SyncKey: SyncKey; ContactList: RawContact[] };
  const s: SessionContext = { hosts, env, credentials: Object.assign(credentials, { skey: init.SKey || credentials.skey }) };
  const book = kind === 'bare-undici-book' ? await AddressBook.load(call, s, init.ContactList) : undefined;
  let syncKey = init.SyncKey;
  let checkKey = init.SyncKey;
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const check = await call(synccheck.request(s, checkKey));
      if (!check.includes('retcode:"0"')) return;
      if (check.includes('selector:"0"')) continue;
      for (let more = true; more && !stopped; ) {
        const sync = JSON.parse(await call(webwxsync.request(s, syncKey))) as RawSync;
        for (const m of sync.AddMsgList) probe.onText(m.Content);
        await book?.membersFor(sync.AddMsgList);
        syncKey = sync.SyncKey;
        checkKey = sync.SyncCheckKey !== undefined && sync.SyncCheckKey.List.length > 0 ? sync.SyncCheckKey : sync.SyncKey;
        more = sync.ContinueFlag !== 0;
      }
    }
  };
  void loop().catch(() => undefined);
  return { uin: credentials.uin, close: async () => void (stopped = true) };
}

// ---------------------------------------------------------------------------------------------------------------
// The process

/**
 * One throwaway request on the kind's own HTTP stack before the baseline is taken: Node loads its fetch internals
 * and the HTTP libraries set themselves up on first use, which would otherwise count as memory of the first session.
 */
async function primeHttp(config: ClientConfig): Promise<void> {
  const url = `${config.origin}/`;
  const kind = config.kind;
  if (kind === 'wechat4u') {
    const Wechat = loadWechat4u();
    await new Wechat().request({ url }).catch(() => undefined);
    return;
  }
  if (kind === 'rx-ky' || kind === 'rx-undici') {
    const transport = kind === 'rx-undici' ? createUndiciTransport() : createKyTransport();
    await lastValueFrom(transport.request({ endpoint: 'jslogin', method: 'GET', url })).catch(() => undefined);
    await transport.close();
    return;
  }
  await rawHttp(stackOf(kind), false)({ endpoint: 'jslogin', method: 'GET', url }, {}, undefined);
}

function logIn(config: ClientConfig, probe: Probe, counts: Counts): Promise<Session> {
  const { kind, origin } = config;
  switch (kind) {
    case 'rx-ky':
    case 'rx-undici':
      return rxSession(kind, origin, probe, counts, config.sharedPool === true);
    case 'wechat4u':
      return w4uSession(origin, probe, counts);
    default:
      return bareSession(kind, origin, probe, counts, config.sharedPool === true);
  }
}

async function logInAll(config: ClientConfig, probe: Probe, counts: Counts): Promise<Session[]> {
  const total = config.sessions ?? 1;
  const sessions: Session[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      sessions.push(await logIn(config, probe, counts));
    }
  };
  await Promise.all(Array.from({ length: Math.min(total, config.concurrency ?? 50) }, worker));
  return sessions;
}

const SETTLE_MS = 100;

function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

/**
 * `memory()` once the GC's helper threads are done: V8 frees a dead buffer's backing store (a response body) on a
 * background thread after the collection that found it, so RSS read right after `gc()` still counts bodies nobody
 * holds. Used for the login figures (scenarios 4 and 5), the same way for every client.
 */
async function settledMemory(): Promise<{ rss: number; heap: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return memory();
}

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ClientConfig;
  await primeHttp(config);
  const probe = new Probe();
  const counts: Counts = new Map();
  const baseline = await settledMemory();
  const loginCpu = process.cpuUsage();
  const started = epochMs();
  const sessions = await logInAll(config, probe, counts);
  const loginMs = epochMs() - started;
  const loginCpuUs = cpuMicros(loginCpu);
  const requests = Object.fromEntries(counts);
  const online = await settledMemory();
  emit({
    type: 'ready',
    uins: sessions.map((s) => s.uin),
    loginMs,
    loginCpuUs,
    requests,
    baseline,
    online,
  });

  let armedCpu = process.cpuUsage();
  let armedMemory = online;
  let armedAt = epochMs();
  const figures = () => ({
    received: probe.received,
    cpuUs: cpuMicros(armedCpu),
    elapsedMs: epochMs() - armedAt,
    requests: Object.fromEntries(counts),
    memory: memory(),
    armedMemory,
    latency: probe.summary(),
    errors: w4uErrors,
  });
  probe.onTarget = () => emit(Object.assign({ type: 'done', endEpoch: epochMs() }, figures()));

  let exiting = false;
  const exit = async (): Promise<void> => {
    if (exiting) return;
    exiting = true;
    const deadline = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([Promise.allSettled(sessions.map((s) => s.close())), deadline]);
    process.exit(0);
  };
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const command = JSON.parse(line) as { cmd: string; count?: number };
    if (command.cmd === 'arm') {
      counts.clear();
      probe.reset(command.count ?? Number.POSITIVE_INFINITY);
      armedMemory = memory();
      armedCpu = process.cpuUsage();
      armedAt = epochMs();
      emit({ type: 'armed' });
      if (probe.target === 0) probe.onTarget();
    } else if (command.cmd === 'sample') emit(Object.assign({ type: 'sample' }, figures()));
    else if (command.cmd === 'exit') void exit();
  });
  input.on('close', () => void exit());
}

main().catch((error: unknown) => {
  emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
