import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { NetworkError } from '../errors/network-error.js';
import { decodeContent } from './content-encoding.js';
import type { WxRequest, WxResponse } from './request.js';
import {
  type AbortHook,
  bodyOf,
  type ClosableTransport,
  type Exchange,
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

/** The response headers, cookies stored; a status >= 400 throws `NetworkError`. */
type Accept = (req: WxRequest, status: number, rawHeaders: readonly Buffer[]) => Record<string, string | string[]>;

/** Carries out requests straight through `base`'s pool, cookies through its jar (also the ky transport's media path). */
export function undiciSender(base: TransportBase): Send {
  const { jar, dispatcher } = base;

  const accept: Accept = (req, status, rawHeaders) => {
    const headers = headersOf(rawHeaders);
    const setCookie = headers['set-cookie'];
    if (setCookie !== undefined) jar.store(req.url, setCookie as string[]);
    if (failsWith(req, status)) throw new NetworkError(req.endpoint, status);
    return headers;
  };

  return (req, exchange) => {
    const encoded = bodyOf(req);
    const headers = base.headersFor(req, encoded);
    // A form goes out as its parts, with the length up front: the file bytes are written as they are, not copied.
    // A raw stream is written as it is read; undici fails the request if it is not as long as announced.
    if (encoded.kind === 'multipart' || (encoded.kind === 'raw' && encoded.length !== undefined)) headers['content-length'] = String(encoded.length);
    const body = dispatchBodyOf(encoded);
    if (req.expect !== 'stream') {
      dispatch(dispatcher, req, headers, body, new WholeExchange(exchange, req, accept));
      return;
    }
    dispatchStream(dispatcher, req, headers, body, exchange).then(
      (answer) => {
        let answerHeaders: Record<string, string | string[]>;
        try {
          answerHeaders = accept(req, answer.status, answer.rawHeaders);
        } catch (error) {
          answer.stream.cancel().catch(() => undefined);
          exchange.reject(error);
          return;
        }
        exchange.resolve({ status: answer.status, headers: answerHeaders, text: '', stream: answer.stream });
      },
      (error: unknown) => exchange.reject(error),
    );
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

/** Hands `req` to the pool with `handler`; a request undici refuses at once fails through `handler.onError`. */
function dispatch(dispatcher: Dispatcher, req: Target, headers: Record<string, string>, body: DispatchBody, handler: Dispatcher.DispatchHandlers): void {
  const parts = URL_PARTS.exec(req.url);
  if (parts === null) {
    handler.onError?.(new TypeError('Invalid URL'));
    return;
  }
  const [, origin = '', rest = ''] = parts;
  const path = rest === '' ? '/' : rest.startsWith('/') ? rest : `/${rest}`;
  // undici documents iterables as bodies (docs/api/Dispatcher.md, `body`); its type declarations omit them.
  const payload = (body ?? null) as NonNullable<Dispatcher.DispatchOptions['body']>;
  try {
    dispatcher.dispatch({ origin, path, method: req.method, headers, body: payload }, handler);
  } catch (error) {
    handler.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Wires cancelling: undici gives its cancel function once the request is on a connection (documented to take an
 * optional error); `hook` asks for it, perhaps before that.
 */
function connect(hook: AbortHook, cancel: (error?: Error) => void): void {
  if (hook.aborted) cancel();
  else hook.onAbort = cancel;
}

/**
 * undici's handler of an answer read whole, one object per request (its own methods, no closures): the bytes are
 * collected, and the answer is handed over (`answered`) once undici lets the connection go.
 */
abstract class WholeAnswerHandler implements Dispatcher.DispatchHandlers {
  #chunks: Buffer[] = [];
  #status = 0;
  #rawHeaders: readonly Buffer[] = [];

  constructor(private readonly hook: AbortHook) {}

  /** The answer, once undici is done with it. */
  abstract answered(answer: WholeAnswer): void;

  abstract onError(error: Error): void;

  onConnect(cancel: (error?: Error) => void): void {
    connect(this.hook, cancel);
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    this.#status = status;
    this.#rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const chunks = this.#chunks;
    const answer: WholeAnswer = { status: this.#status, rawHeaders: this.#rawHeaders, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) };
    // undici lets the next request onto this connection one event-loop turn after the answer ends (an immediate it
    // queues right after this call); a call the answer starts at once (the next poll, the next login step) would
    // find it busy and open another one. The answer is handed over after that immediate.
    queueMicrotask(() => setImmediate(handOver, this, answer));
  }
}

const handOver = (handler: WholeAnswerHandler, answer: WholeAnswer): void => handler.answered(answer);

/** A whole answer turned into the transport's `WxResponse` for `exchange`. */
class WholeExchange extends WholeAnswerHandler {
  constructor(
    private readonly exchange: Exchange,
    private readonly req: WxRequest,
    private readonly accept: Accept,
  ) {
    super(exchange);
  }

  answered(answer: WholeAnswer): void {
    let response: WxResponse;
    try {
      const headers = this.accept(this.req, answer.status, answer.rawHeaders);
      response = { status: answer.status, headers, text: decodeContent(answer.bytes, headers['content-encoding'] as string | undefined).toString('utf8') };
    } catch (error) {
      this.exchange.reject(error);
      return;
    }
    this.exchange.resolve(response);
  }

  onError(error: Error): void {
    this.exchange.reject(error);
  }
}

/** A whole answer as a promise (the ky transport's fetch, `dispatchFetch`). */
class PromisedAnswer extends WholeAnswerHandler {
  constructor(
    hook: AbortHook,
    private readonly resolve: (answer: WholeAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {
    super(hook);
  }

  answered(answer: WholeAnswer): void {
    this.resolve(answer);
  }

  onError(error: Error): void {
    this.reject(error);
  }
}

/** The answer collected as bytes (the ky transport's fetch, `dispatchFetch`). */
export function dispatchWhole(
  dispatcher: Dispatcher,
  req: Target,
  headers: Record<string, string>,
  body: DispatchBody,
  hook: AbortHook,
): Promise<WholeAnswer> {
  return new Promise<WholeAnswer>((resolve, reject) => dispatch(dispatcher, req, headers, body, new PromisedAnswer(hook, resolve, reject)));
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
    dispatch(dispatcher, req, headers, body, {
      onConnect: (cancel) => connect(hook, cancel),
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
