/**
 * The iLink simulator's HTTP plumbing: the request as handlers see it, and `Reply` values the server writes (JSON,
 * bytes, or a file streamed from the CDN's temp folder).
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { toJson } from './json.js';

/** Which of the simulator's two listeners a request reached: the origin, or the host `scaned_but_redirect` names. */
export type Listener = 'main' | 'redirect';

export interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly query: URLSearchParams;
  readonly listener: Listener;
  /** Registers a callback for a client that goes away before the answer. */
  onAbort(fn: () => void): void;
}

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | { readonly file: string; readonly size: number };
}

export const json = (value: unknown): Reply => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: toJson(value) });

/** A CDN failure: the reason travels in `x-error-message`, as the real CDN does it (docs/ilink-protocol.md §3.2). */
export const cdnError = (status: number, message: string): Reply => ({
  status,
  headers: { 'Content-Type': 'text/plain', 'x-error-message': message },
  body: message,
});

export const notFound = (): Reply => ({ status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'not found' });

export async function writeReply(ctx: Ctx, reply: Reply): Promise<void> {
  const { res } = ctx;
  if (res.writableEnded || res.destroyed) return;
  const { body } = reply;
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : body.size;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(size) });
  if (typeof body === 'string' || body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  await pipeline(createReadStream(body.file), res);
}

/** Reads and discards the rest of a request body, so an early answer reaches the client instead of a reset. */
export function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) {
      resolve();
      return;
    }
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.on('close', resolve);
    req.resume();
  });
}
