/**
 * The HTTP side: API (`/ilink/bot/...`) and CDN (`<cdnBasePath>/upload|download`) on one origin, paths as in
 * docs/ilink-protocol.md §1. Each request is counted and its headers recorded, then scripted faults apply, then
 * bearer authentication for bot calls, then the endpoint. `/__sim/…` is the control API, outside all of that. No
 * handler error can take the process down.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HttpError, readBody } from '../simulator/http.js';
import type { Bot } from './bots.js';
import type { RequestKind } from './conformance.js';
import { handleIlinkControl, isControlPath } from './control-http.js';
import type { IlinkControl } from './control.js';
import { authenticate, deadTokenReply } from './endpoints/auth.js';
import { download, upload } from './endpoints/cdn.js';
import { getBotQrcode, getQrcodeStatus, qrPage } from './endpoints/qr.js';
import { sendMessage } from './endpoints/send.js';
import { getConfig, notify, sendTyping } from './endpoints/typing.js';
import { getUpdates } from './endpoints/updates.js';
import { getUploadUrl } from './endpoints/upload-url.js';
import { faultReply, type IlinkEndpoint, type IlinkFaultSpec } from './faults.js';
import { drain, notFound, writeReply, type Ctx, type Listener, type Reply } from './http.js';
import { parseJsonObject } from './json.js';
import type { IlinkState } from './state.js';
import { createLongPollServer } from '../long-poll-server.js';
import { isPlaygroundPath, type PlaygroundRoutes } from '../playground/routes.js';
import type { FaultKind } from '../simulator/faults.js';

type Body = Readonly<Record<string, unknown>> | undefined;
type BotHandler = (state: IlinkState, ctx: Ctx, body: Body, bot: Bot) => Reply | Promise<Reply>;
type OpenHandler = (state: IlinkState, ctx: Ctx, body: Body) => Reply | Promise<Reply>;

type Route =
  | { readonly endpoint: IlinkEndpoint; readonly kind: 'bot'; readonly handler: BotHandler }
  | { readonly endpoint: IlinkEndpoint; readonly kind: 'open' | 'cdn'; readonly methods: readonly string[]; readonly handler: OpenHandler };

const API_PREFIX = '/ilink/bot/';
/** JSON bodies are small; a larger one is refused with 413. */
const JSON_BODY_LIMIT = 4 * 1024 * 1024;

const BOT_ROUTES: Readonly<Record<string, Route>> = {
  getupdates: { endpoint: 'getupdates', kind: 'bot', handler: getUpdates },
  sendmessage: { endpoint: 'sendmessage', kind: 'bot', handler: sendMessage },
  getuploadurl: { endpoint: 'getuploadurl', kind: 'bot', handler: getUploadUrl },
  getconfig: { endpoint: 'getconfig', kind: 'bot', handler: getConfig },
  sendtyping: { endpoint: 'sendtyping', kind: 'bot', handler: sendTyping },
  'msg/notifystart': { endpoint: 'notifystart', kind: 'bot', handler: notify(true) },
  'msg/notifystop': { endpoint: 'notifystop', kind: 'bot', handler: notify(false) },
  // Plugins before 2.3.1 fetched the QR code by GET; both forms are served.
  get_bot_qrcode: { endpoint: 'get_bot_qrcode', kind: 'open', methods: ['GET', 'POST'], handler: getBotQrcode },
  get_qrcode_status: { endpoint: 'get_qrcode_status', kind: 'open', methods: ['GET'], handler: getQrcodeStatus },
};

function routeOf(state: IlinkState, path: string): Route | undefined {
  if (path.startsWith(API_PREFIX)) {
    const name = path.slice(API_PREFIX.length);
    return Object.hasOwn(BOT_ROUTES, name) ? BOT_ROUTES[name] : undefined;
  }
  const cdn = state.options.cdnBasePath;
  if (path === `${cdn}/upload`) return { endpoint: 'upload', kind: 'cdn', methods: [], handler: upload };
  if (path === `${cdn}/download`) return { endpoint: 'download', kind: 'cdn', methods: [], handler: download };
  return undefined;
}

/** The headers a request should carry, by route and method (docs/ilink-protocol.md §2.1). */
function requestKind(route: Route, method: string): RequestKind {
  if (route.kind === 'bot' || route.kind === 'cdn') return route.kind;
  return method === 'POST' ? 'qr-post' : 'get';
}

/**
 * The server; `playground` (when the page is on) answers `/__ui/…` on the main listener. A request's outcome (status,
 * duration, fault, result code) is reported for the page's timeline while one listens.
 */
export function createIlinkServer(state: IlinkState, listener: Listener, control: IlinkControl, playground?: PlaygroundRoutes): Server {
  return createLongPollServer((req, res) => handle(state, listener, control, playground, req, res));
}

async function handle(state: IlinkState, listener: Listener, control: IlinkControl, playground: PlaygroundRoutes | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const aborts: (() => void)[] = [];
  res.on('close', () => {
    if (!res.writableFinished) for (const fn of aborts) fn();
  });
  const method = req.method ?? 'GET';
  const ctx: Ctx = { req, res, method, query: url.searchParams, listener, onAbort: (fn) => aborts.push(fn) };
  if (playground !== undefined && listener === 'main' && isPlaygroundPath(url.pathname)) return playground.handle(req, res, url.pathname);
  if (url.pathname === '/qr') return writeReply(ctx, qrPage(state, ctx));
  if (isControlPath(url.pathname)) return writeReply(ctx, await handleIlinkControl(control, state, ctx, url.pathname));
  const route = routeOf(state, url.pathname);
  if (route === undefined) {
    await drain(req);
    return writeReply(ctx, notFound());
  }
  state.count(route.endpoint);
  const started = performance.now();
  const { reply, fault } = await answer(state, ctx, route);
  if (reply !== undefined) await writeReply(ctx, reply);
  if (state.activity.observed) {
    const status = reply === undefined ? (fault === 'reset' ? 'reset' : 'aborted') : res.writableEnded ? reply.status : 'aborted';
    const code = reply === undefined ? undefined : resultCode(reply);
    state.report({ type: 'request', endpoint: route.endpoint, status, ms: Math.round(performance.now() - started), ...(fault === undefined ? {} : { fault }), ...(code === undefined ? {} : { code }) });
  }
}

/** How a routed request is answered (`reply` undefined: the connection was cut or the client left), and the fault applied. */
async function answer(state: IlinkState, ctx: Ctx, route: Route): Promise<{ readonly reply?: Reply; readonly fault?: FaultKind }> {
  const { req, method } = ctx;
  const allowed = route.kind === 'bot' ? ['POST'] : route.methods;
  if (route.kind !== 'cdn' && !allowed.includes(method)) {
    await drain(req);
    return { reply: { status: 405, headers: { 'Content-Type': 'text/plain', Allow: allowed.join(', ') }, body: 'method not allowed' } };
  }
  let body: Body;
  if (route.kind !== 'cdn' && method === 'POST') {
    try {
      body = parseJsonObject(await readBody(req, JSON_BODY_LIMIT));
    } catch (error) {
      return { reply: { status: error instanceof HttpError ? error.status : 400, headers: { 'Content-Type': 'text/plain' }, body: 'bad body' } };
    }
  }
  const kind = requestKind(route, method);
  state.requestLog.record({ at: state.now(), endpoint: route.endpoint, kind, method, listener: ctx.listener, headers: req.headers, body });
  const fault = state.faults.take(route.endpoint);
  if (fault !== undefined) {
    const faulty = await applyFault(state, ctx, route.endpoint, fault);
    if (faulty !== 'pass') return { ...(faulty === 'cut' ? {} : { reply: faulty }), fault: fault.kind };
  }
  const faultKind = fault === undefined ? {} : { fault: fault.kind };
  if (route.kind !== 'bot') return { reply: await route.handler(state, ctx, body), ...faultKind };
  const bot = authenticate(state, req.headers);
  return { reply: bot === undefined ? deadTokenReply(state) : await route.handler(state, ctx, body, bot), ...faultKind };
}

/** Applies a scripted fault: its own answer, `cut` (reset, or a client gone during a delay), or `pass` (a delay served). */
async function applyFault(state: IlinkState, ctx: Ctx, endpoint: IlinkEndpoint, fault: IlinkFaultSpec): Promise<Reply | 'cut' | 'pass'> {
  switch (fault.kind) {
    case 'reset':
      ctx.req.socket.destroy();
      return 'cut';
    case 'delay': {
      const end = await state.holds.wait([], fault.value ?? 60_000, ctx.onAbort);
      return end === 'timeout' ? 'pass' : 'cut';
    }
    default:
      await drain(ctx.req);
      return faultReply(fault, endpoint);
  }
}

/** `ret` (else `errcode`) of a JSON answer when it is not 0: -14 and the other refusals, for the timeline. */
function resultCode(reply: Reply): number | undefined {
  if (typeof reply.body !== 'string' || !(reply.headers['Content-Type'] ?? '').startsWith('application/json')) return undefined;
  try {
    const parsed = JSON.parse(reply.body) as { ret?: unknown; errcode?: unknown };
    const code = typeof parsed.ret === 'number' && parsed.ret !== 0 ? parsed.ret : parsed.errcode;
    return typeof code === 'number' && code !== 0 ? code : undefined;
  } catch {
    return undefined;
  }
}
