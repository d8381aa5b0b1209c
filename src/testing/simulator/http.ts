/**
 * The simulator's HTTP plumbing: request context, body reading, cookies, and `Reply` values that handlers return and
 * the server writes (so faults and compression apply in one place).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, gzipSync } from 'node:zlib';
import { toWireJson, type WireJson } from './wire.js';

/** What a handler answers; the server writes it. */
export interface Reply {
  readonly status: number;
  readonly type: string;
  /** Text, bytes, or bytes in pieces (written one after another, never joined unless compressed). */
  readonly body: string | Uint8Array | readonly Uint8Array[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: readonly string[];
}

/** A request as handlers see it. */
export interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly cookies: ReadonlyMap<string, string>;
  /** Registers a callback for a client that goes away before the answer (held polls use it to unregister). */
  onAbort(fn: () => void): void;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const TEXT_JS = 'text/javascript';
export const TEXT_PLAIN = 'text/plain';

export const js = (body: string, status = 200): Reply => ({ status, type: TEXT_JS, body });
export const plain = (body: string, status = 200): Reply => ({ status, type: TEXT_PLAIN, body });
/** JSON as the server sends it: `text/plain`, in its irregular layout, big integers bare. */
export const json = (value: WireJson, cookies?: readonly string[]): Reply =>
  cookies === undefined ? { status: 200, type: TEXT_PLAIN, body: toWireJson(value) } : { status: 200, type: TEXT_PLAIN, body: toWireJson(value), cookies };
export const binary = (body: Uint8Array | readonly Uint8Array[], type: string, status = 200, headers?: Record<string, string>): Reply =>
  headers === undefined ? { status, type, body } : { status, type, body, headers };
/** JSON for the `/__sim` control API (ordinary `application/json`). */
export const controlJson = (value: unknown, status = 200): Reply => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined || header === '') return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** Reads the whole body, failing with 413 past `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The JSON body of an API call, whatever `Content-Type` (or misspelled `ContentType`) the client sent. `undefined`
 * for an empty or unparsable body: handlers answer those like the server would, with a bad-parameters `Ret`.
 */
export async function readJsonBody(ctx: Ctx, limit = 4 * 1024 * 1024): Promise<Record<string, unknown> | undefined> {
  const raw = await readBody(ctx.req, limit);
  if (raw.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a reply. With `compress`, a `text/plain` answer (the API's JSON and the login page's XML) is gzipped when
 * the request accepts gzip, as the real server does; scripts, pages and media go out as they are.
 */
export function writeReply(ctx: Ctx, reply: Reply, compress: boolean): void {
  const { res } = ctx;
  if (res.writableEnded || res.destroyed) return;
  let body: string | Uint8Array | readonly Uint8Array[] = reply.body;
  const headers: Record<string, string | string[]> = { 'Content-Type': reply.type, ...reply.headers };
  if (reply.cookies !== undefined && reply.cookies.length > 0) headers['Set-Cookie'] = [...reply.cookies];
  if (compress && reply.type.startsWith(TEXT_PLAIN) && byteLength(body) > 0 && /\bgzip\b/.test(String(ctx.req.headers['accept-encoding'] ?? ''))) {
    // The fastest level: a tenth of level 6's CPU for a 60 KB webwxsync, 15 % more bytes, and the client's inflate costs
    // the same, so the simulator's own gzip stays out of the way of the client's figures in a burst.
    const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body instanceof Uint8Array ? body : Buffer.concat(body);
    body = gzipSync(raw, { level: constants.Z_BEST_SPEED });
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(byteLength(body));
  res.writeHead(reply.status, headers);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  for (const piece of body) res.write(piece);
  res.end();
}

/** Bytes in a reply body (UTF-8 for text), or in a list of pieces. */
export function byteLength(body: string | Uint8Array | readonly Uint8Array[]): number {
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  if (body instanceof Uint8Array) return body.byteLength;
  let length = 0;
  for (const piece of body) length += piece.byteLength;
  return length;
}

/** A `Set-Cookie` value. No `Domain`: everything is served from one 127.0.0.1 origin, where `.qq.com` would be refused. */
export function cookie(name: string, value: string, expires: number): string {
  return `${name}=${value}; Path=/; Expires=${cookieDate(expires)}`;
}

/** `Mon, 31-Dec-2018 11:12:21 GMT`, the dashed form the server uses. */
function cookieDate(ms: number): string {
  const [day, date, month, year, time] = new Date(ms).toUTCString().split(' ');
  return `${day ?? ''} ${date ?? ''}-${month ?? ''}-${year ?? ''} ${time ?? ''} GMT`;
}
