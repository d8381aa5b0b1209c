import ky, { type Options } from 'ky';
import { NetworkError } from '../errors/network-error.js';
import { dispatchFetch } from './dispatch-fetch.js';
import type { WxRequest, WxResponse } from './request.js';
import { undiciSender } from './undici-transport.js';
import {
  type AbortHook,
  bodyOf,
  type ClosableTransport,
  emptyStream,
  failsWith,
  type HttpTransportOptions,
  observe,
  sendingAsync,
  signalOf,
  transportBase,
} from './transport-core.js';

export { DEFAULT_USER_AGENT } from './transport-core.js';

export interface KyTransportOptions extends HttpTransportOptions {
  /**
   * The fetch ky calls (tests, proxies, instrumentation); every request, uploads and downloads included, then goes
   * through it. @default a fetch on undici's dispatcher that inflates answers in one zlib call (`dispatchFetch`)
   */
  readonly fetch?: typeof fetch;
}

export type KyTransport = ClosableTransport;

/**
 * A `Transport` on ky, over a fetch that goes straight through undici's dispatcher (keep-alive by default) unless
 * you give it a fetch of your own. ky's own retry and timeout are off: RxJS owns retries and the per-request
 * `timeoutMs` becomes our `TimeoutError`. Redirects are never followed (the desktop login page answers a 301 that
 * carries the credentials). Statuses >= 400 and connection failures become `NetworkError`; no error message or cause
 * ever contains the URL, which holds skey, sid and pass_ticket.
 *
 * `createUndiciTransport` (the client's default) does the same without ky's `Request`/`Response` objects, with
 * less CPU per request.
 */
export function createKyTransport(options: KyTransportOptions = {}): KyTransport {
  const base = transportBase(options);
  const { jar } = base;
  const fixed: Options = {
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    redirect: 'manual',
    fetch: options.fetch ?? dispatchFetch(base.dispatcher),
  };
  // Passed through to a fetch of the caller's own, Node's say (undici): the pool this transport can close.
  if (options.fetch !== undefined) Object.assign(fixed, { dispatcher: base.dispatcher });

  // Media bytes skip ky and fetch: ky clones every request to be able to retry it (we never let it), and fetch
  // moves bodies through web streams, copying each upload chunk; uploads ran at half speed and downloads at 66–92 %
  // of a raw transfer. Node 20's fetch also keeps every chunk of a streamed upload until the answer (64 MiB held
  // for a 64 MiB upload; none through undici's dispatch). Uploads and downloads go through the same pool with the
  // same jar and headers, unless a fetch of the caller's own (a proxy, a test fake) must see every request.
  const direct = options.fetch === undefined ? undiciSender(base) : undefined;
  const fetchRaw = options.fetch ?? globalThis.fetch;

  async function send(req: WxRequest, abort: AbortHook): Promise<WxResponse> {
    const encoded = bodyOf(req);
    const headers = base.headersFor(req, encoded);
    if (encoded.kind === 'raw') {
      // Past ky: its retry clone would tee a streamed body and keep a second copy of every chunk.
      const init: RequestInit = { method: req.method, headers, signal: signalOf(abort), redirect: 'manual', duplex: 'half', body: fetchBodyOf(encoded.data) };
      return answerOf(req, await fetchRaw(req.url, Object.assign(init, { dispatcher: base.dispatcher })));
    }
    const init: Options = Object.assign({ method: req.method, headers, signal: signalOf(abort) }, fixed);
    const body = encoded.kind === 'json' ? encoded.text : encoded.kind === 'multipart' ? Buffer.concat(encoded.parts, encoded.length) : undefined;
    return answerOf(req, await ky(req.url, body === undefined ? init : Object.assign(init, { body })));
  }

  async function answerOf(req: WxRequest, response: Response): Promise<WxResponse> {
    jar.store(req.url, response.headers.getSetCookie());
    if (failsWith(req, response.status)) {
      response.body?.cancel().catch(() => undefined);
      throw new NetworkError(req.endpoint, response.status);
    }
    const responseHeaders = headersOf(response.headers);
    if (req.expect === 'stream') {
      return { status: response.status, headers: responseHeaders, text: '', stream: response.body ?? emptyStream() };
    }
    return { status: response.status, headers: responseHeaders, text: await textOf(response) };
  }

  const viaKy = sendingAsync(send);
  const isMedia = (req: WxRequest): boolean => req.form !== undefined || req.body !== undefined || req.expect === 'stream';
  return { jar, close: base.close, request: (req) => observe(req, direct !== undefined && isMedia(req) ? direct : viaKy) };
}

/** A raw body as fetch takes it: bytes as they are, a Node stream as a web stream read only when fetch asks. */
function fetchBodyOf(data: Uint8Array | NodeJS.ReadableStream): Uint8Array | ReadableStream<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  const chunks = data[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
      },
      cancel: async () => void (await chunks.return?.()),
    },
    { highWaterMark: 0 },
  );
}

/** Bodies declared larger than this are decoded as they arrive (contact pages, webwxinit of a big account). */
const DECODE_AS_IT_COMES_BYTES = 256 * 1024;

/**
 * The body as text. fetch's own `text()` keeps every chunk and then a joined copy of the body outside the JS heap,
 * and the allocator keeps much of that memory from the system once freed: decoding big bodies chunk by chunk took
 * the RSS of a 5,000-contact login from about 21.7 MB to 17 MB. Smaller bodies keep `text()`, which costs less CPU
 * (about 2 µs per message of a burst).
 */
async function textOf(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (response.body === null || !(declared > DECODE_AS_IT_COMES_BYTES)) return response.text();
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let text = '';
  for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value, { stream: true });
  return text + decoder.decode();
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
