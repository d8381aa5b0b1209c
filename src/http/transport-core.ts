import { Observable, type Subscriber, type Unsubscribable } from 'rxjs';
import { Agent, type Dispatcher } from 'undici';
import { NetworkError } from '../errors/network-error.js';
import { redact } from '../errors/redact.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { ACCEPT_ENCODING } from './content-encoding.js';
import type { WxRequest, WxResponse } from './request.js';
import { WxCookieJar } from './cookie-jar.js';
import { encodeMultipart, type MultipartBody } from './multipart.js';
import type { Transport } from './transport.js';

/*
 * What every HTTP adapter shares: options, default headers, cookie sync, the cold/abortable Observable with its
 * per-request timeout, the keep-alive pool the adapter owns, and the mapping of failures to our errors.
 */

/** A desktop Chrome on Windows, as the web client is usually run. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export interface HttpTransportOptions {
  /** The jar synced before and after every request; pass a restored one to resume a session. @default new WxCookieJar() */
  readonly jar?: WxCookieJar;
  /** @default DEFAULT_USER_AGENT */
  readonly userAgent?: string;
  /**
   * Headers for every request; a request's own headers win over these. Answers read whole are asked for with
   * `accept-encoding: gzip, deflate` and inflated by the transport; `{ 'accept-encoding': 'identity' }` here asks for
   * them uncompressed (less CPU, more bytes: docs/benchmarks.md weighs the two). @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The connection pool. The transport owns (and `close()` ends) the keep-alive pool it creates; a pool passed in
   * is the caller's to close (share one between many sessions). @default a new undici `Agent` with keep-alive
   */
  readonly dispatcher?: Dispatcher;
}

/** A transport with a cookie jar and a pool of its own to close. */
export interface ClosableTransport extends Transport {
  readonly jar: WxCookieJar;
  /** Closes the transport's own connection pool, so no socket outlives the client. */
  close(): Promise<void>;
}

/**
 * How `observe` cancels a request in flight (unsubscribe, timeout). The adapter sets `onAbort` as soon as it can
 * cancel, and checks `aborted` when that moment comes late. Cheaper than an `AbortController` per request where the
 * HTTP library offers its own cancel function (undici's dispatcher does).
 */
export interface AbortHook {
  aborted: boolean;
  onAbort: (() => void) | undefined;
}

/** One request in flight, as `observe` hands it to an adapter: how to cancel it, and where its outcome goes. */
export interface Exchange extends AbortHook {
  /** The answer; only the first outcome counts. */
  resolve(response: WxResponse): void;
  /** Anything that went wrong (mapped to the transport's errors by `observe`); only the first outcome counts. */
  reject(error: unknown): void;
}

/** Carries out one request, answering through `exchange` (perhaps before it returns). */
export type Send = (req: WxRequest, exchange: Exchange) => void;

/** `Send` for an adapter written as an async function. */
export function sendingAsync(send: (req: WxRequest, hook: AbortHook) => Promise<WxResponse>): Send {
  return (req, exchange) => {
    send(req, exchange).then(
      (response) => exchange.resolve(response),
      (error: unknown) => exchange.reject(error),
    );
  };
}

/** An `AbortSignal` that follows `hook`, for libraries that take one (fetch and ky). */
export function signalOf(hook: AbortHook): AbortSignal {
  const controller = new AbortController();
  hook.onAbort = () => controller.abort();
  return controller.signal;
}

/** setTimeout fires at once above this; longer limits are clamped to it. */
const MAX_TIMER_MS = 2_147_483_647;

/** The parts of an adapter that don't depend on its HTTP library. */
export interface TransportBase {
  readonly jar: WxCookieJar;
  readonly dispatcher: Dispatcher;
  /** The headers of `req` with the defaults, cookies and the body's content type applied. */
  headersFor(req: WxRequest, body: RequestBody): Record<string, string>;
  close(): Promise<void>;
}

export function transportBase(options: HttpTransportOptions): TransportBase {
  const jar = options.jar ?? new WxCookieJar();
  const ownPool = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  const defaults: Record<string, string> = Object.assign(
    { accept: 'application/json, text/plain, */*', 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT },
    options.headers,
  );
  // Answers read whole may come compressed (the adapter inflates them); a streamed body is handed over as it arrives.
  const readWhole: Record<string, string> = Object.assign({ 'accept-encoding': ACCEPT_ENCODING }, defaults);
  return {
    jar,
    dispatcher,
    headersFor: (req, body) => {
      const headers = Object.assign({}, req.expect === 'stream' ? defaults : readWhole, req.headers);
      const cookie = jar.cookieHeader(req.url);
      if (cookie !== '') headers['cookie'] = cookie;
      if (body.kind === 'json') headers['content-type'] = JSON_TYPE;
      else if (body.kind === 'multipart' || body.kind === 'raw') headers['content-type'] = body.contentType;
      return headers;
    },
    close: async () => {
      if (ownPool) await dispatcher.close().catch(() => dispatcher.destroy());
    },
  };
}

/** What a request sends: JSON text, a multipart form (fields in order, see `encodeMultipart`), raw bytes, or nothing. */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly text: string }
  | ({ readonly kind: 'multipart' } & MultipartBody)
  | RawBody;

/** Raw bytes or a stream of them (`WxRequest.body`), with their type and, for a stream, the length when known. */
export interface RawBody {
  readonly kind: 'raw';
  readonly data: Uint8Array | NodeJS.ReadableStream;
  readonly contentType: string;
  readonly length: number | undefined;
}

const NO_BODY: RequestBody = { kind: 'none' };

export function bodyOf(req: WxRequest): RequestBody {
  if (req.form !== undefined) return Object.assign({ kind: 'multipart' as const }, encodeMultipart(req.form));
  if (req.body !== undefined) {
    const length = req.body instanceof Uint8Array ? req.body.byteLength : req.bodyLength;
    return { kind: 'raw', data: req.body, contentType: req.contentType ?? RAW_TYPE, length };
  }
  return req.json === undefined ? NO_BODY : { kind: 'json', text: JSON.stringify(req.json) };
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const RAW_TYPE = 'application/octet-stream';

/** Whether `status` fails the request as `NetworkError` (the default), or is handed back as an answer. */
export function failsWith(req: WxRequest, status: number): boolean {
  return status >= 400 && req.throwHttpErrors !== false;
}

/**
 * The cold, abortable Observable around one `send`: nothing is sent before subscription, each subscription sends
 * once, unsubscribing before the answer aborts it, and `timeoutMs` aborts it as a `TimeoutError`.
 */
export function observe(req: WxRequest, send: Send): Observable<WxResponse> {
  return new Observable<WxResponse>((subscriber) => {
    const exchange = new PendingRequest(req, subscriber);
    exchange.start(send);
    return exchange;
  });
}

/**
 * `observe`'s one subscription, as a single object: the adapter's `Exchange`, the timer's target and the teardown.
 * A poll is held for seconds on every session, so what it keeps alive counts: closures for each of these parts, and for
 * undici's handler (now `WholeExchange`), kept about 1.6 KB per request (docs/benchmarks.md, "Many sessions, the held
 * poll").
 */
class PendingRequest implements Exchange, Unsubscribable {
  aborted = false;
  onAbort: (() => void) | undefined = undefined;
  #timedOut = false;
  /** Answered or failed: unsubscribing no longer aborts (a streamed body belongs to the subscriber now). */
  #settled = false;
  /** Inside `send`: an outcome given now reaches the subscriber a microtask later, as one from a promise would. */
  #sending = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly req: WxRequest,
    private readonly subscriber: Subscriber<WxResponse>,
  ) {}

  start(send: Send): void {
    if (this.req.timeoutMs !== undefined) this.#timer = setTimeout(timeOut, Math.min(this.req.timeoutMs, MAX_TIMER_MS), this);
    this.#sending = true;
    try {
      send(this.req, this);
    } catch (error) {
      this.reject(error);
    }
    this.#sending = false;
  }

  resolve(response: WxResponse): void {
    if (!this.#settle()) return;
    if (this.#sending) queueMicrotask(() => this.#emit(response));
    else this.#emit(response);
  }

  reject(error: unknown): void {
    if (!this.#settle()) return;
    if (this.#sending) queueMicrotask(() => this.#emitError(error));
    else this.#emitError(error);
  }

  timeOut(): void {
    this.#timedOut = true;
    this.#abort();
  }

  unsubscribe(): void {
    clearTimeout(this.#timer);
    if (!this.#settled) this.#abort();
  }

  #emit(response: WxResponse): void {
    this.subscriber.next(response);
    this.subscriber.complete();
  }

  #emitError(error: unknown): void {
    const req = this.req;
    this.subscriber.error(this.#timedOut ? new TimeoutError(req.endpoint, req.timeoutMs ?? 0) : toNetworkError(req, error));
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    return true;
  }

  #abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.onAbort?.();
  }
}

const timeOut = (request: PendingRequest): void => request.timeOut();

/**
 * HTTP libraries wrap the socket error (ECONNRESET…) in their own (fetch: `TypeError('fetch failed')` with it as
 * `cause`); the inner one is the useful one. The cause is rebuilt from its name, code and masked message only:
 * errors about an invalid URL quote it (in the message or an `input` property), and the URL holds the credentials.
 */
function toNetworkError(req: WxRequest, error: unknown): NetworkError {
  if (error instanceof NetworkError) return error;
  const inner = error instanceof TypeError && error.cause instanceof Error ? error.cause : error;
  return new NetworkError(req.endpoint, undefined, sanitize(inner, req.url));
}

function sanitize(error: unknown, url: string): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(source.message.split(url).join('<url>')));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

export function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}
