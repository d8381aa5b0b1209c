/**
 * One session's pending events (messages, contact changes) with a monotonically increasing sequence number. The
 * client's position travels inside its SyncKey (see sync-keys.ts): webwxsync with position P returns the events
 * after P and acknowledges everything up to P, which is then dropped. A request with an older (but not yet
 * acknowledged) position gets those events again, as after a lost response. Memory is bounded by `maxSize`: past
 * it the oldest unacknowledged events are dropped (counted in `dropped`), like a server that gave up on a client.
 */
import { Selector } from '../../web/protocol/codes.js';

export type SyncEventKind = 'message' | 'mod-contact' | 'del-contact' | 'mod-member' | 'profile';

export interface SyncEvent {
  readonly kind: SyncEventKind;
  /**
   * The list element's wire JSON, rendered once when the event is queued and kept as UTF-8 bytes: a backlog of
   * 100,000 messages as JS strings (ropes built by concatenation) costs the GC several times more than as buffers.
   */
  readonly wire: Buffer;
  /** What synccheck reports while this is the first pending event. */
  readonly selector: number;
  /** Unix seconds (messages: `CreateTime`). */
  readonly time: number;
}

export interface StoredEvent extends SyncEvent {
  readonly seq: number;
}

export interface Batch {
  readonly events: readonly StoredEvent[];
  /** The position after this batch (the seq of its last event, or the start when empty). */
  readonly next: number;
  /** More events wait after `next` (`ContinueFlag`). */
  readonly more: boolean;
}

type Waiter = (selector: number) => void;

export class SyncQueue {
  private items: StoredEvent[] = [];
  private head = 0;
  private last = 0;
  private floor = 0;
  private readonly waiters = new Set<Waiter>();
  /** Events dropped unacknowledged because the queue was full. */
  dropped = 0;

  constructor(private readonly maxSize: number) {}

  /** The seq of the newest event. */
  get lastSeq(): number {
    return this.last;
  }

  /** Every event up to here has been acknowledged (or dropped). */
  get ackedSeq(): number {
    return this.floor;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Queues events and wakes every held synccheck. */
  push(events: readonly SyncEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.items.push({ ...event, seq: ++this.last });
    const overflow = this.size - this.maxSize;
    if (overflow > 0) {
      const lost = this.items[this.head + overflow - 1];
      this.head += overflow;
      this.dropped += overflow;
      if (lost !== undefined) this.floor = lost.seq;
      this.compact();
    }
    const first = events[0];
    if (first !== undefined && this.waiters.size > 0) {
      const waiters = [...this.waiters];
      this.waiters.clear();
      for (const wake of waiters) wake(first.selector);
    }
  }

  /** A position the queue can serve from: below the floor means "from the floor", beyond the end means "now". */
  clamp(position: number): number {
    return Math.min(Math.max(position, this.floor), this.last);
  }

  /** The selector to report to a synccheck at `position` (0 when nothing is pending). */
  selectorAfter(position: number): number {
    const from = this.clamp(position);
    if (from >= this.last) return Selector.NONE;
    return this.at(from + 1)?.selector ?? Selector.NEW_MESSAGE;
  }

  /** Up to `limit` events after `position`. Does not acknowledge anything. */
  take(position: number, limit: number): Batch {
    const from = this.clamp(position);
    const count = Math.min(limit, this.last - from);
    const events: StoredEvent[] = [];
    for (let i = 0; i < count; i++) {
      const event = this.at(from + 1 + i);
      if (event !== undefined) events.push(event);
    }
    const next = from + count;
    return { events, next, more: next < this.last };
  }

  /** Drops every event up to `position` (the client has them). */
  ack(position: number): void {
    const upTo = Math.min(position, this.last);
    if (upTo <= this.floor) return;
    this.head += upTo - this.floor;
    this.floor = upTo;
    this.compact();
  }

  /** Calls `wake` once, at the next push. Returns the function that unregisters it. */
  wait(wake: Waiter): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  /** Wakes every held poll now with `selector` (used when the session ends). */
  wakeAll(selector: number): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake(selector);
  }

  get waiting(): number {
    return this.waiters.size;
  }

  private at(seq: number): StoredEvent | undefined {
    return this.items[this.head + (seq - this.floor - 1)];
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
