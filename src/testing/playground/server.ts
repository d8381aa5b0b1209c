/**
 * A playground on a port of its own, for a simulator that speaks no HTTP (the work phone): the page at `/__ui/` and
 * the calls its buttons make at `/__sim/…` (JSON in and out, `{ "error": "…" }` with a 4xx when refused), on
 * 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControlError } from '../simulator/control-error.js';
import { controlFailure, readControlBody } from '../simulator/control-http.js';
import { isPlaygroundPath, PLAYGROUND_PATH, type PlaygroundRoutes } from './routes.js';

export interface PageControlRoute {
  readonly method: 'POST' | 'DELETE';
  /** Under `/__sim/`. */
  readonly path: string;
  run(body: Readonly<Record<string, unknown>>, query: URLSearchParams): unknown;
}

export interface PlaygroundServer {
  /** `http://127.0.0.1:<port>/__ui/`. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

/** Uploads travel base64 in the body. */
const BODY_LIMIT = 32 * 1024 * 1024;

export async function startPlaygroundServer(page: PlaygroundRoutes, control: readonly PageControlRoute[]): Promise<PlaygroundServer> {
  const server = createServer((req, res) => {
    handle(page, control, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${PLAYGROUND_PATH}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(page: PlaygroundRoutes, control: readonly PageControlRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://playground');
  if (isPlaygroundPath(url.pathname)) return page.handle(req, res, url.pathname);
  if (!url.pathname.startsWith('/__sim/')) return reply(res, 404, { error: 'not found' });
  const path = url.pathname.slice('/__sim/'.length);
  try {
    const routes = control.filter((r) => r.path === path);
    const route = routes.find((r) => r.method === req.method);
    if (routes.length === 0) throw new ControlError(404, `unknown control route /__sim/${path}`);
    if (route === undefined) throw new ControlError(405, `use ${routes.map((r) => r.method).join(', ')} for /__sim/${path}`);
    const body = req.method === 'POST' ? await readControlBody(req, BODY_LIMIT) : {};
    reply(res, 200, (await route.run(body, url.searchParams)) ?? { ok: true });
  } catch (error) {
    const failure = controlFailure(error);
    reply(res, failure.status, { error: failure.message });
  }
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}
