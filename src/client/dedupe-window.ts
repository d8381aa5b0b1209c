/**
 * The last `capacity` message ids, oldest dropped first. Saved with the session so a resumed client neither
 * repeats what it delivered before nor grows without bound.
 *
 * Ids sit in a ring array beside the Set: evicting through `set.values().next()` walks past every deleted entry V8
 * keeps until it rebuilds the table, which cost 3 µs per message in a burst; the ring finds the oldest at once.
 */
export class DedupeWindow {
  private readonly ids = new Set<string>();
  private readonly ring: string[];
  private next = 0;

  constructor(
    readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    this.ring = new Array<string>(Math.max(1, capacity));
    for (const id of initial) this.add(id);
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.ring.length;
    this.ids.add(id);
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** The ids, oldest first. */
  toArray(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const id = this.ring[(this.next + i) % this.ring.length];
      if (id !== undefined) out.push(id);
    }
    return out;
  }
}
