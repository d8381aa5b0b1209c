/**
 * The HTTP server: one origin serves the paths of every WeChat host (`/jslogin`, `/qrcode/{uuid}`,
 * `/cgi-bin/mmwebwx-bin/*`) plus the `/__sim` control API. Requests are counted per endpoint, scripted faults are
 * applied before the handler runs, and no handler error can take the process down.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { retcodeReply } from './bodies.js';
import { handleControl } from './control-http.js';
import type { Control } from './control.js';
import { init, batchGetContact, getContact, statusNotify } from './endpoints/session.js';
import { jslogin, loginPoll, newLoginPage, pushLoginUrl, qrcode } from './endpoints/login.js';
import { attachment, avatar, messageMedia, upload, video } from './endpoints/media.js';
import { createChatroom, logout, oplog, statReport, updateChatroom, verifyUser } from './endpoints/misc.js';
import { revoke, send } from './endpoints/send.js';
import { synccheck, webwxsync } from './endpoints/sync.js';
import { HttpError, parseCookies, plain, writeReply, type Ctx, type Reply } from './http.js';
import type { FaultKind } from './faults.js';
import type { SimState } from './state.js';
import { createLongPollServer } from '../long-poll-server.js';
import { isPlaygroundPath, type PlaygroundRoutes } from '../playground/routes.js';

/** How the simulator answers one endpoint: a `Reply` for the request, from the simulator's state. */
export type EndpointHandler = (sim: SimState, ctx: Ctx) => Reply | Promise<Reply>;
type Handler = EndpointHandler;

const API: Readonly<Record<string, Handler>> = {
  login: loginPoll,
  webwxnewloginpage: newLoginPage,
  webwxpushloginurl: pushLoginUrl,
  webwxinit: init,
  webwxstatusnotify: statusNotify,
  webwxgetcontact: getContact,
  webwxbatchgetcontact: batchGetContact,
  synccheck,
  webwxsync,
  webwxsendmsg: (sim, ctx) => send(sim, ctx, 'webwxsendmsg'),
  webwxsendmsgimg: (sim, ctx) => send(sim, ctx, 'webwxsendmsgimg'),
  webwxsendvideomsg: (sim, ctx) => send(sim, ctx, 'webwxsendvideomsg'),
  webwxsendemoticon: (sim, ctx) => send(sim, ctx, 'webwxsendemoticon'),
  webwxsendappmsg: (sim, ctx) => send(sim, ctx, 'webwxsendappmsg'),
  webwxrevokemsg: revoke,
  webwxuploadmedia: upload,
  webwxgetmsgimg: (sim, ctx) => messageMedia(sim, ctx, 'webwxgetmsgimg'),
  webwxgetvoice: (sim, ctx) => messageMedia(sim, ctx, 'webwxgetvoice'),
  webwxgetvideo: video,
  webwxgetmedia: attachment,
  webwxgeticon: (sim, ctx) => avatar(sim, ctx, 'webwxgeticon'),
  webwxgetheadimg: (sim, ctx) => avatar(sim, ctx, 'webwxgetheadimg'),
  webwxoplog: oplog,
  webwxverifyuser: verifyUser,
  webwxcreatechatroom: createChatroom,
  webwxupdatechatroom: updateChatroom,
  webwxstatreport: statReport,
  webwxlogout: logout,
};

/** Every endpoint name a fault can name (besides `*`). */
export const ENDPOINT_NAMES: readonly string[] = ['jslogin', 'qrcode', ...Object.keys(API)];

const API_PREFIX = '/cgi-bin/mmwebwx-bin/';
const INDEX = '<!DOCTYPE html><html><head><title>Web WeChat simulator</title></head><body>wechat-rx simulator</body></html>';

/** Which endpoint a path names, and how to answer it: a built-in handler, else one of `extra`. */
function routeOf(path: string, extra: Readonly<Record<string, Handler>>): { endpoint: string; handler: Handler } | undefined {
  if (path === '/jslogin') return { endpoint: 'jslogin', handler: jslogin };
  if (path.startsWith('/qrcode/')) {
    const uuid = decodeURIComponent(path.slice('/qrcode/'.length));
    return { endpoint: 'qrcode', handler: (sim) => qrcode(sim, uuid) };
  }
  if (path.startsWith(API_PREFIX)) {
    const name = path.slice(API_PREFIX.length);
    const handler = API[name] ?? (Object.hasOwn(extra, name) ? extra[name] : undefined);
    return handler === undefined ? undefined : { endpoint: name, handler };
  }
  return undefined;
}

/**
 * The server; `extra` endpoints are answered like the built-in ones (a built-in name keeps its own handler), and
 * `playground` (when the page is on) answers `/__ui/…`.
 */
export function createSimServer(sim: SimState, control: Control, extra: Readonly<Record<string, EndpointHandler>> = {}, playground?: PlaygroundRoutes): Server {
  return createLongPollServer((req, res) => handle(sim, control, extra, playground, req, res));
}

async function handle(
  sim: SimState,
  control: Control,
  extra: Readonly<Record<string, EndpointHandler>>,
  playground: PlaygroundRoutes | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const aborts: (() => void)[] = [];
  res.on('close', () => {
    if (!res.writableFinished) for (const fn of aborts) fn();
  });
  const ctx: Ctx = {
    req,
    res,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    cookies: parseCookies(req.headers.cookie),
    onAbort: (fn) => aborts.push(fn),
  };
  const compress = sim.options.compress;
  if (playground !== undefined && isPlaygroundPath(url.pathname)) {
    await playground.handle(req, res, url.pathname);
    return;
  }
  if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
    writeReply(ctx, await handleControl(control, ctx), false);
    return;
  }
  if (url.pathname === '/' || url.pathname.startsWith('/l/')) {
    writeReply(ctx, { status: 200, type: 'text/html; charset=utf-8', body: INDEX }, compress);
    return;
  }
  const route = routeOf(url.pathname, extra);
  const endpoint = route?.endpoint ?? 'unknown';
  sim.count(endpoint);
  const started = performance.now();
  const { status, fault } = await answer(sim, ctx, route, compress);
  if (sim.activity.observed) {
    const ms = Math.round(performance.now() - started);
    sim.report({ type: 'request', endpoint, status: res.writableEnded || status === 'reset' ? status : 'aborted', ms, ...(fault === undefined ? {} : { fault }) });
  }
}

/** Answers a protocol request (scripted fault first) and says how: the status written, and the fault applied. */
async function answer(
  sim: SimState,
  ctx: Ctx,
  route: { endpoint: string; handler: Handler } | undefined,
  compress: boolean,
): Promise<{ status: number | 'reset'; fault?: FaultKind }> {
  if (route === undefined) {
    writeReply(ctx, plain('not found', 404), false);
    return { status: 404 };
  }
  const fault = sim.faults.take(route.endpoint);
  if (fault !== undefined) {
    sim.report({ type: 'faults' });
    const kind = fault.spec.kind;
    const faulty = (reply: Reply, compressed = false) => {
      writeReply(ctx, reply, compressed);
      return { status: reply.status, fault: kind };
    };
    switch (kind) {
      case 'reset':
        ctx.req.socket.destroy();
        return { status: 'reset', fault: kind };
      case 'http':
        return faulty({ status: fault.spec.value ?? 500, type: 'text/html', body: '<html><body><h1>Internal Server Error</h1></body></html>' });
      case 'garbage':
        return faulty({ status: 200, type: 'text/plain', body: '\u0000\u001f<html>garbage{"BaseResponse":' });
      case 'retcode':
        return faulty(retcodeReply(route.endpoint, fault.spec.value ?? 1205), compress);
      case 'delay':
        await new Promise<void>((resolve) => {
          const timer = sim.timers.set(resolve, fault.spec.value ?? 60_000);
          ctx.onAbort(() => {
            sim.timers.clear(timer);
            resolve();
          });
        });
        if (ctx.res.destroyed) return { status: 0, fault: kind };
        break;
    }
  }
  let reply: Reply;
  try {
    reply = await route.handler(sim, ctx);
  } catch (error) {
    reply = error instanceof HttpError ? plain(error.message, error.status) : plain('internal error', 500);
  }
  writeReply(ctx, reply, compress);
  return fault === undefined ? { status: reply.status } : { status: reply.status, fault: fault.spec.kind };
}
