import { Readable } from 'node:stream';
import { type Dispatcher, errors } from 'undici';
import { NetworkError } from '../errors/network-error.js';
import { decodeContent } from './content-encoding.js';
import type { WxRequest } from './request.js';
import {
  type AbortHook,
  bodyOf,
  type ClosableTransport,
  failsWith,
  type HttpTransportOptions,
  observe,
  type RequestBody,
  type Send,
  type TransportBase,
  transportBase,
} from './transport-core.js';

export type UndiciTransportOptions = HttpTransportOptions;

export type UndiciTransport = ClosableTransport;

/**
 * A Node-native `Transport` on undici, the HTTP client Node's own fetch is built on, over a keep-alive pool. Every
 * call goes straight through the pool's `dispatch`: text answers are collected as bytes, media downloads
 * (`expect: 'stream'`) are fed from the parser into a web stream with backpressure. No WHATWG
 * Request/Response/Headers and no `AbortController` per call, which is where fetch and ky spend most of their time.
 *
 * Same behaviour as `createKyTransport`: cookies through the jar, redirects never followed (the 301 of the desktop
 * login page is read as is), `timeoutMs` → `TimeoutError`, unsubscribe aborts, statuses >= 400 and connection
 * failures → `NetworkError` without the URL. Pick it for many sessions in one process or high message volume.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const base = transportBase(options);
  const send = undiciSender(base);
  return { jar: base.jar, close: base.close, request: (req) => observe(req, send) };
}

/** Carries out requests straight through `base`'s pool, cookies through its jar (also the ky transport's upload path). */
export function undiciSender(base: TransportBase): Send {
  const { jar, dispatcher } = base;

  /** The response headers, cookies stored; a status >= 400 throws `NetworkError`. */
  function accept(req: WxRequest, status: number, rawHeaders: readonly Buffer[]): Record<string, string | string[]> {
    const headers = headersOf(rawHeaders);
    const setCookie = headers['set-cookie'];
    if (setCookie !== undefined) jar.store(req.url, setCookie as string[]);
    if (failsWith(req, status)) throw new NetworkError(req.endpoint, status);
    return headers;
  }

  return async (req, abort) => {
    const encoded = bodyOf(req);
    const headers = base.headersFor(req, encoded);
    // A form goes out as its parts, with the length up front: the file bytes are written as they are, not copied.
    // A raw stream is written as it is read; undici fails the request if it is not as long as announced.
    if (encoded.kind === 'multipart' || (encoded.kind === 'raw' && encoded.length !== undefined)) headers['content-length'] = String(encoded.length);
    const body = dispatchBodyOf(encoded);
    if (req.expect !== 'stream') {
      const answer = await dispatchWhole(dispatcher, req, headers, body, abort);
      const answerHeaders = accept(req, answer.status, answer.rawHeaders);
      const text = decodeContent(answer.bytes, answerHeaders['content-encoding'] as string | undefined).toString('utf8');
      return { status: answer.status, headers: answerHeaders, text };
    }
    const answer = await dispatchStream(dispatcher, req, headers, body, abort);
    try {
      return { status: answer.status, headers: accept(req, answer.status, answer.rawHeaders), text: '', stream: answer.stream };
    } catch (error) {
      answer.stream.cancel().catch(() => undefined);
      throw error;
    }
  };
}

export type DispatchBody = string | readonly Buffer[] | Uint8Array | Readable | undefined;

/** Where a dispatched request goes. */
interface Target {
  readonly method: Dispatcher.HttpMethod;
  readonly url: string;
}

function dispatchBodyOf(encoded: RequestBody): DispatchBody {
  switch (encoded.kind) {
    case 'none':
      return undefined;
    case 'json':
      return encoded.text;
    case 'multipart':
      return encoded.parts;
    case 'raw':
      // undici streams a Readable with backpressure; a stream of another kind is wrapped into one.
      return encoded.data instanceof Uint8Array || encoded.data instanceof Readable ? encoded.data : new Readable().wrap(encoded.data);
  }
}

/** An answer read whole, its body as it came over the wire (perhaps compressed). */
export interface WholeAnswer {
  readonly status: number;
  readonly rawHeaders: readonly Buffer[];
  readonly bytes: Buffer;
}

interface StreamAnswer {
  readonly status: number;
  readonly rawHeaders: readonly Buffer[];
  readonly stream: ReadableStream<Uint8Array>;
}

/** `http://host:port` and the rest (path and query; `/` when empty). */
const URL_PARTS = /^(https?:\/\/[^/?#\s]+)([^#\s]*)$/i;

/** A download keeps at most this much unread before undici stops reading the socket. */
const STREAM_HIGH_WATER_BYTES = 1024 * 1024;

/**
 * Hands `req` to the pool with `handler`, and wires cancelling: undici gives the cancel function once the request
 * is on a connection; `hook` asks for it, perhaps before that.
 */
function dispatch(
  dispatcher: Dispatcher,
  req: Target,
  headers: Record<string, string>,
  body: DispatchBody,
  hook: AbortHook,
  handler: Omit<Dispatcher.DispatchHandlers, 'onConnect'>,
): void {
  const parts = URL_PARTS.exec(req.url);
  if (parts === null) {
    handler.onError?.(new TypeError('Invalid URL'));
    return;
  }
  const [, origin = '', rest = ''] = parts;
  const path = rest === '' ? '/' : rest.startsWith('/') ? rest : `/${rest}`;
  const onConnect = (cancel: (error?: Error) => void): void => {
    const abort = (): void => cancel(new errors.RequestAbortedError());
    if (hook.aborted) abort();
    else hook.onAbort = abort;
  };
  // undici documents iterables as bodies (docs/api/Dispatcher.md, `body`); its type declarations omit them.
  const payload = (body ?? null) as NonNullable<Dispatcher.DispatchOptions['body']>;
  try {
    dispatcher.dispatch({ origin, path, method: req.method, headers, body: payload }, Object.assign({ onConnect }, handler));
  } catch (error) {
    handler.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The answer collected as bytes (also the ky transport's fetch, `dispatchFetch`). */
export function dispatchWhole(
  dispatcher: Dispatcher,
  req: Target,
  headers: Record<string, string>,
  body: DispatchBody,
  hook: AbortHook,
): Promise<WholeAnswer> {
  return new Promise<WholeAnswer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let rawHeaders: readonly Buffer[] = [];
    dispatch(dispatcher, req, headers, body, hook, {
      onError: reject,
      onHeaders: (statusCode, raw) => {
        status = statusCode;
        rawHeaders = raw;
        return true;
      },
      onData: (chunk) => {
        chunks.push(chunk);
        return true;
      },
      onComplete: () => {
        const answer = { status, rawHeaders, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) };
        // undici lets the next request onto this connection one event-loop turn after the answer ends (an immediate
        // it queues right after this call); a call the answer starts at once (the next poll, the next login step)
        // would find it busy and open another one. The answer is handed over after that immediate.
        queueMicrotask(() => setImmediate(resolve, answer));
      },
    });
  });
}

/**
 * Resolves at the response headers with the body as a web stream fed straight from the parser: reading pauses the
 * socket while `STREAM_HIGH_WATER_BYTES` wait unread, and cancelling the stream aborts the request.
 */
function dispatchStream(
  dispatcher: Dispatcher,
  req: WxRequest,
  headers: Record<string, string>,
  body: DispatchBody,
  hook: AbortHook,
): Promise<StreamAnswer> {
  return new Promise<StreamAnswer>((resolve, reject) => {
    let resume: (() => void) | undefined;
    let started = false;
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (c) => void (controller = c),
        pull: () => resume?.(),
        cancel: () => {
          hook.aborted = true;
          hook.onAbort?.();
        },
      },
      { highWaterMark: STREAM_HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
    );
    dispatch(dispatcher, req, headers, body, hook, {
      onError: (error) => {
        if (started) controller?.error(error);
        else reject(error);
      },
      onHeaders: (status, rawHeaders, resumeReading) => {
        started = true;
        resume = resumeReading;
        resolve({ status, rawHeaders, stream });
        return true;
      },
      onData: (chunk) => {
        // A cancelled stream takes nothing more; the abort it started is on its way.
        if (hook.aborted) return false;
        controller?.enqueue(chunk);
        return (controller?.desiredSize ?? 0) > 0;
      },
      onComplete: () => {
        if (!hook.aborted) controller?.close();
      },
    });
  });
}

/** Lower-case names; `set-cookie` always an array, any other repeated header joined with `, ` as fetch does. */
function headersOf(raw: readonly Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1').toLowerCase();
    const value = (raw[i + 1] as Buffer).toString('latin1');
    const previous = out[name];
    if (name === 'set-cookie') out[name] = previous === undefined ? [value] : [...(previous as string[]), value];
    else out[name] = previous === undefined ? value : `${previous as string}, ${value}`;
  }
  return out;
}
