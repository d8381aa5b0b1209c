import type { Observable, Subscription } from 'rxjs';
import type { LeaseEvent } from '../../../src/redis/fleet/lease-keeper.js';

/** What a lease keeper emitted, with the time (performance.now) of each event, and how its stream ended. */
export interface Recording {
  readonly events: Array<LeaseEvent & { readonly at: number }>;
  readonly subscription: Subscription;
  readonly ended: () => 'complete' | { readonly error: unknown } | undefined;
  /** The first recorded event that matches, waiting for it up to `ms`. */
  until(match: (event: LeaseEvent) => boolean, ms?: number): Promise<LeaseEvent & { readonly at: number }>;
}

export function record(events$: Observable<LeaseEvent>): Recording {
  const events: Array<LeaseEvent & { readonly at: number }> = [];
  let end: 'complete' | { readonly error: unknown } | undefined;
  const subscription = events$.subscribe({
    next: (event) => events.push({ ...event, at: performance.now() }),
    error: (error: unknown) => (end = { error }),
    complete: () => (end = 'complete'),
  });
  return {
    events,
    subscription,
    ended: () => end,
    until: async (match, ms = 3_000) => {
      const deadline = performance.now() + ms;
      for (;;) {
        const found = events.find(match);
        if (found !== undefined) return found;
        if (performance.now() > deadline) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

export const is =
  (type: LeaseEvent['type'], holder?: string) =>
  (event: LeaseEvent): boolean =>
    event.type === type && (holder === undefined || event.lease.holder === holder);
