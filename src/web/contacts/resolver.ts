import { defer, Observable, Subscription } from 'rxjs';
import { retryOnRetcode, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import type { RawContact } from '../../model/raw/shapes.js';
import { type BatchContactEntry, MAX_BATCH_CONTACTS } from '../protocol/endpoints/contacts.js';

export interface ResolverDeps {
  /** One webwxbatchgetcontact call of at most 50 entries. */
  readonly fetch: (entries: readonly BatchContactEntry[]) => Observable<readonly RawContact[]>;
  /** Puts what came back into the store. */
  readonly apply: (contacts: readonly RawContact[]) => void;
  /** Spaces the calls (docs/protocol.md §5: bursts of batch lookups after login draw 1205). */
  readonly limit: <T>(work: Observable<T>) => Observable<T>;
  /** Back-off on 1205. */
  readonly rateLimited?: RetryOnRetcodeConfig['rateLimited'];
  /** A name asked for in the background is not asked for again within this many ms. @default 60000 */
  readonly cooldownMs?: number;
  readonly now: () => number;
}

/** Told when the batch holding an entry is done: with no argument on success, with the error otherwise. */
type Waiter = (failure?: { readonly error: unknown }) => void;

interface Pending {
  readonly entry: BatchContactEntry;
  readonly waiters: Waiter[];
}

/** Names remembered for the cool-down; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;
/** Background lookups waiting at most; past it new ones are dropped (the next message asks again). */
const MAX_PENDING = 5_000;

/**
 * Looks contacts up in batches: names collected from messages and notices (`request`, fire and forget) and lookups
 * someone waits for (`resolve$`) share one queue, sent as webwxbatchgetcontact calls of up to 50 entries, one at a
 * time, through the rate limit, with back-off on 1205. A message never waits for it: it carries the raw UserName
 * and the name is known for the next one.
 */
export class ContactResolver {
  private readonly pending = new Map<string, Pending>();
  private readonly asked = new Map<string, number>();
  private readonly subscription = new Subscription();
  private running = false;
  private stopped = false;

  constructor(private readonly deps: ResolverDeps) {}

  /** Queues a background lookup unless the name was asked for recently (or the queue was stopped). */
  request(userName: string, encryChatRoomId?: string): void {
    if (this.stopped || this.pending.size >= MAX_PENDING) return;
    const last = this.asked.get(userName);
    if (last !== undefined && this.deps.now() - last < (this.deps.cooldownMs ?? 60_000)) return;
    this.enqueue({ UserName: userName, ...(encryChatRoomId === undefined ? {} : { EncryChatRoomId: encryChatRoomId }) });
    this.pump();
  }

  /** Looks these up (queued with the rest); emits once their batches were applied, then completes; errors if a batch failed. */
  resolve$(entries: readonly BatchContactEntry[]): Observable<void> {
    return new Observable<void>((subscriber) => {
      let left = entries.length;
      let active = true;
      const settle: Waiter = (failure) => {
        if (!active) return;
        if (failure !== undefined) {
          active = false;
          subscriber.error(failure.error);
        } else if (--left === 0) {
          active = false;
          subscriber.next();
          subscriber.complete();
        }
      };
      if (left === 0) {
        subscriber.next();
        subscriber.complete();
      }
      for (const entry of entries) this.enqueue(entry).waiters.push(settle);
      this.pump();
      return () => {
        active = false;
      };
    });
  }

  stop(): void {
    this.stopped = true;
    this.subscription.unsubscribe();
    for (const { waiters } of this.pending.values()) for (const settle of waiters) settle();
    this.pending.clear();
  }

  private enqueue(entry: BatchContactEntry): Pending {
    let pending = this.pending.get(entry.UserName);
    if (pending === undefined) {
      pending = { entry, waiters: [] };
      this.pending.set(entry.UserName, pending);
    }
    this.asked.delete(entry.UserName);
    this.asked.set(entry.UserName, this.deps.now());
    if (this.asked.size > MAX_REMEMBERED) this.asked.delete(this.asked.keys().next().value as string);
    return pending;
  }

  private pump(): void {
    if (this.running || this.stopped || this.pending.size === 0) return;
    this.running = true;
    const batch: Pending[] = [];
    for (const [name, pending] of this.pending) {
      batch.push(pending);
      this.pending.delete(name);
      if (batch.length === MAX_BATCH_CONTACTS) break;
    }
    const finish = (failed: boolean, error?: unknown) => {
      for (const { waiters } of batch) for (const settle of waiters) settle(failed ? { error } : undefined);
      this.running = false;
      this.pump();
    };
    this.subscription.add(
      this.deps
        .limit(defer(() => this.deps.fetch(batch.map((p) => p.entry))))
        .pipe(retryOnRetcode({ rateLimited: this.deps.rateLimited ?? {}, transient: { count: 1, initialDelay: 1000 } }))
        .subscribe({
          next: (contacts) => this.deps.apply(contacts),
          error: (error: unknown) => finish(true, error),
          complete: () => finish(false),
        }),
    );
  }
}
