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
import { faultReply, type IlinkEndpoint } from './faults.js';
import { drain, notFound, writeReply, type Ctx, type Listener, type Reply } from './http.js';
import { parseJsonObject } from './json.js';
import type { IlinkState } from './state.js';
import { createLongPollServer } from '../long-poll-server.js';

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

export function createIlinkServer(state: IlinkState, listener: Listener, control: IlinkControl): Server {
  return createLongPollServer((req, res) => handle(state, listener, control, req, res));
}

async function handle(state: IlinkState, listener: Listener, control: IlinkControl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const aborts: (() => void)[] = [];
  res.on('close', () => {
    if (!res.writableFinished) for (const fn of aborts) fn();
  });
  const method = req.method ?? 'GET';
  const ctx: Ctx = { req, res, method, query: url.searchParams, listener, onAbort: (fn) => aborts.push(fn) };
  if (url.pathname === '/qr') return writeReply(ctx, qrPage(state, ctx));
  if (isControlPath(url.pathname)) return writeReply(ctx, await handleIlinkControl(control, state, ctx, url.pathname));
  const route = routeOf(state, url.pathname);
  if (route === undefined) {
    await drain(req);
    return writeReply(ctx, notFound());
  }
  state.count(route.endpoint);
  const allowed = route.kind === 'bot' ? ['POST'] : route.methods;
  if (route.kind !== 'cdn' && !allowed.includes(method)) {
    await drain(req);
    return writeReply(ctx, { status: 405, headers: { 'Content-Type': 'text/plain', Allow: allowed.join(', ') }, body: 'method not allowed' });
  }
  let body: Body;
  if (route.kind !== 'cdn' && method === 'POST') {
    try {
      body = parseJsonObject(await readBody(req, JSON_BODY_LIMIT));
    } catch (error) {
      return writeReply(ctx, { status: error instanceof HttpError ? error.status : 400, headers: { 'Content-Type': 'text/plain' }, body: 'bad body' });
    }
  }
  const kind = requestKind(route, method);
  state.requestLog.record({ at: state.now(), endpoint: route.endpoint, kind, method, listener, headers: req.headers, body });
  if (!(await applyFault(state, ctx, route.endpoint))) return;
  if (route.kind !== 'bot') return writeReply(ctx, await route.handler(state, ctx, body));
  const bot = authenticate(state, req.headers);
  return writeReply(ctx, bot === undefined ? deadTokenReply(state) : await route.handler(state, ctx, body, bot));
}

/** Applies a scripted fault; false when it answered (or cut) the request itself. */
async function applyFault(state: IlinkState, ctx: Ctx, endpoint: IlinkEndpoint): Promise<boolean> {
  const fault = state.faults.take(endpoint);
  if (fault === undefined) return true;
  switch (fault.kind) {
    case 'reset':
      ctx.req.socket.destroy();
      return false;
    case 'delay': {
      const end = await state.holds.wait([], fault.value ?? 60_000, ctx.onAbort);
      return end === 'timeout';
    }
    default:
      await drain(ctx.req);
      await writeReply(ctx, faultReply(fault, endpoint));
      return false;
  }
}
