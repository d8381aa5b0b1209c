/**
 * `/__ui/…` on a simulator's origin: the page, its event stream and the pictures it shows. A simulator started
 * without `ui: true` has none of these routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readAsset } from './assets.js';
import type { EventStream } from './event-stream.js';

export const PLAYGROUND_PATH = '/__ui/';

export function isPlaygroundPath(path: string): boolean {
  return path === '/__ui' || path.startsWith(PLAYGROUND_PATH);
}

export interface PlaygroundRoutes {
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/** Bytes a picture in the conversation points at (an injected or uploaded image), by key. */
export type MediaLookup = (key: string) => Promise<{ readonly type: string; readonly pieces: readonly Uint8Array[] } | undefined>;

/** The page only talks to its own origin and runs only its own script. */
const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

export function playgroundRoutes(events: EventStream<unknown>, media: MediaLookup): PlaygroundRoutes {
  return {
    async handle(req, res, path) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'text/plain', 'GET only');
      if (path === '/__ui') {
        res.writeHead(301, { Location: PLAYGROUND_PATH }).end();
        return;
      }
      const name = path.slice(PLAYGROUND_PATH.length);
      if (name === 'events') {
        events.connect(res);
        return;
      }
      if (name.startsWith('media/')) {
        const found = await media(decodeURIComponent(name.slice('media/'.length)));
        if (found === undefined) return end(res, 404, 'text/plain', 'no such picture');
        res.writeHead(200, { 'Content-Type': found.type, 'Cache-Control': 'no-store' });
        for (const piece of found.pieces) res.write(piece);
        res.end();
        return;
      }
      const asset = readAsset(name === '' ? 'index.html' : name);
      if (asset === undefined) {
        const missing = name === '' || name === 'index.html';
        return end(res, missing ? 503 : 404, 'text/plain; charset=utf-8', missing ? 'The playground page is not built: run `npm run build`.' : 'not found');
      }
      end(res, 200, asset.type, asset.body, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' });
    },
  };
}

function end(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}
