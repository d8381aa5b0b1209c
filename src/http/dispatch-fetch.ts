import type { Dispatcher } from 'undici';
import { decodeContent } from './content-encoding.js';
import type { AbortHook } from './transport-core.js';
import { dispatchWhole } from './undici-transport.js';

/** Statuses whose answer has no body (a `Response` refuses one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * The fetch under the ky transport's calls whose answer is read whole: the request goes straight through undici's
 * dispatcher, the answer is collected as bytes and inflated in one zlib call (`decodeContent`), and ky gets a
 * `Response` of the decoded bytes. Node's own fetch inflates through a zlib stream and moves every chunk through web
 * streams; on gzipped webwxsync answers this fetch took the ky transport from about the CPU of wechat4u to about half
 * of it (docs/benchmarks.md). Like the transport, it never follows a redirect; like fetch, it leaves
 * `content-encoding` and the wire's `content-length` in the headers.
 */
export function dispatchFetch(dispatcher: Dispatcher): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const target = { method: request.method as Dispatcher.HttpMethod, url: request.url };
    const answer = await dispatchWhole(dispatcher, target, headers, body, hookOf(request.signal));
    const answerHeaders = new Headers();
    for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
      answerHeaders.append((answer.rawHeaders[i] as Buffer).toString('latin1'), (answer.rawHeaders[i + 1] as Buffer).toString('latin1'));
    }
    const decoded = NULL_BODY_STATUSES.has(answer.status) ? null : decodeContent(answer.bytes, answerHeaders.get('content-encoding') ?? undefined);
    return new Response(decoded === null || decoded.length <= HANDED_OVER_BYTES ? decoded : handedOver(decoded), { status: answer.status, headers: answerHeaders });
  };
}

/**
 * Bodies longer than this reach ky as a stream of the one buffer: a `Response` made from bytes copies them first,
 * which for a big account's address book is megabytes more outside the heap at its peak.
 */
const HANDED_OVER_BYTES = 256 * 1024;

function handedOver(bytes: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start: (controller) => {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Follows `signal` (ky's, which follows the transport's own) for the dispatcher's cancel. */
function hookOf(signal: AbortSignal): AbortHook {
  const hook: AbortHook = { aborted: signal.aborted, onAbort: undefined };
  signal.addEventListener(
    'abort',
    () => {
      hook.aborted = true;
      hook.onAbort?.();
    },
    { once: true },
  );
  return hook;
}
