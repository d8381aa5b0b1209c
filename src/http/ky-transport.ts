import ky from 'ky';
import { Observable } from 'rxjs';
import { Agent, type Dispatcher } from 'undici';
import { NetworkError } from '../errors/network-error.js';
import { redact } from '../errors/redact.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { FormField, WxRequest, WxResponse } from '../protocol/request.js';
import { WxCookieJar } from './cookie-jar.js';
import type { Transport } from './transport.js';

/** A desktop Chrome on Windows, as the web client is usually run. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export interface KyTransportOptions {
  /** The jar synced before and after every request; pass a restored one to resume a session. @default new WxCookieJar() */
  readonly jar?: WxCookieJar;
  /** @default DEFAULT_USER_AGENT */
  readonly userAgent?: string;
  /** The fetch implementation (tests, proxies). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Headers for every request; a request's own headers win over these. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The connection pool. The transport owns (and `close()` ends) the keep-alive pool it creates; a pool passed in
   * is the caller's to close. @default a new undici `Agent` with keep-alive
   */
  readonly dispatcher?: Dispatcher;
}

export interface KyTransport extends Transport {
  readonly jar: WxCookieJar;
  /** Closes the transport's own connection pool, so no socket outlives the client. */
  close(): Promise<void>;
}

/** setTimeout fires at once above this; longer limits are clamped to it. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The default `Transport`: ky over Node's fetch (keep-alive by default). ky's own retry and timeout are off: RxJS
 * owns retries and the per-request `timeoutMs` becomes our `TimeoutError`. Redirects are never followed (the desktop
 * login page answers a 301 that carries the credentials). Statuses >= 400 and connection failures become
 * `NetworkError`; no error message or cause ever contains the URL, which holds skey, sid and pass_ticket.
 */
export function createKyTransport(options: KyTransportOptions = {}): KyTransport {
  const jar = options.jar ?? new WxCookieJar();
  const ownPool = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  const defaults = {
    accept: 'application/json, text/plain, */*',
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    ...options.headers,
  };

  async function send(req: WxRequest, signal: AbortSignal): Promise<WxResponse> {
    const headers = new Headers({ ...defaults, ...req.headers });
    const cookie = jar.cookieHeader(req.url);
    if (cookie !== '') headers.set('cookie', cookie);
    let body: FormData | string | undefined;
    if (req.form !== undefined) body = toFormData(req.form);
    else if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers.set('content-type', 'application/json;charset=UTF-8');
    }
    const response = await ky(req.url, {
      method: req.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      redirect: 'manual',
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      // Passed through to Node's fetch, which is undici: the pool this transport can close.
      ...({ dispatcher } as Record<string, unknown>),
    });
    jar.store(req.url, response.headers.getSetCookie());
    if (response.status >= 400) {
      response.body?.cancel().catch(() => undefined);
      throw new NetworkError(req.endpoint, response.status);
    }
    const responseHeaders = headersOf(response.headers);
    if (req.expect === 'stream') {
      return { status: response.status, headers: responseHeaders, text: '', stream: response.body ?? emptyStream() };
    }
    return { status: response.status, headers: responseHeaders, text: await response.text() };
  }

  return {
    jar,
    close: async () => {
      if (ownPool) await dispatcher.close().catch(() => dispatcher.destroy());
    },
    request: (req) =>
      new Observable<WxResponse>((subscriber) => {
        const controller = new AbortController();
        let timedOut = false;
        // Once delivered, a streamed body belongs to the subscriber: completing must not abort it.
        let delivered = false;
        const timer =
          req.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                controller.abort();
              }, Math.min(req.timeoutMs, MAX_TIMER_MS));
        send(req, controller.signal).then(
          (response) => {
            clearTimeout(timer);
            delivered = true;
            subscriber.next(response);
            subscriber.complete();
          },
          (error: unknown) => {
            clearTimeout(timer);
            subscriber.error(
              timedOut ? new TimeoutError(req.endpoint, req.timeoutMs ?? 0) : toNetworkError(req, error),
            );
          },
        );
        return () => {
          clearTimeout(timer);
          if (!delivered) controller.abort();
        };
      }),
  };
}

function toFormData(fields: readonly FormField[]): FormData {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.data], { type: value.contentType }), value.fileName);
  }
  return form;
}

function headersOf(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const setCookie = headers.getSetCookie();
  if (setCookie.length > 0) out['set-cookie'] = setCookie;
  return out;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

/**
 * fetch reports connection failures as `TypeError('fetch failed')` with the socket error (ECONNRESET…) as `cause`;
 * that inner error is the useful one. The cause is rebuilt from its name, code and masked message only: errors about
 * an invalid URL quote it (in the message or an `input` property), and the URL holds the credentials.
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
