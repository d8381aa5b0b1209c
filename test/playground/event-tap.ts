/** Listens to a playground's event stream like the page does, keeping the raw text and the parsed events. */
import type { PageEvent } from '../../src/testing/playground/page-events.js';

/** A type guard for one kind of event, for `waitFor`. */
export const is =
  <T extends PageEvent['t']>(t: T) =>
  (event: PageEvent): event is Extract<PageEvent, { t: T }> =>
    event.t === t;

export interface EventTap {
  /** Everything the stream carried, as sent. */
  readonly raw: () => string;
  readonly events: PageEvent[];
  /** The first event (already received or coming) that matches, within `ms`. */
  waitFor<E extends PageEvent>(match: (event: PageEvent) => event is E, ms?: number): Promise<E>;
  waitFor(match: (event: PageEvent) => boolean, ms?: number): Promise<PageEvent>;
  close(): void;
}

export async function tapEvents(origin: string): Promise<EventTap> {
  const abort = new AbortController();
  const res = await fetch(`${origin}/__ui/events`, { signal: abort.signal });
  if (res.status !== 200 || res.body === null) throw new Error(`event stream answered ${res.status}`);
  const events: PageEvent[] = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let pending = '';
  const decoder = new TextDecoder();
  void (async () => {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done === true || value === undefined) return;
      const text = decoder.decode(value, { stream: true });
      raw += text;
      pending += text;
      for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
        const frame = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as PageEvent);
      }
      for (const wake of [...waiters]) wake();
    }
  })();
  return {
    raw: () => raw,
    events,
    waitFor(match: (event: PageEvent) => boolean, ms = 10_000): Promise<PageEvent> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching playground event within ${ms} ms; got ${events.map((e) => e.t).join(', ')}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
