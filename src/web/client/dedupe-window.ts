/**
 * Recent message ids, to drop repeats: always at least the last `capacity` ids, never more than twice that. Saved
 * with the session (the last `capacity`) so a resumed client neither repeats what it delivered before nor grows
 * without bound.
 *
 * Two generations of Sets instead of evicting one id per message: deleting from a V8 Set leaves holes that its
 * periodic rehash has to copy over, which cost about 1 µs per message in a burst; a full generation is dropped
 * whole.
 */
export class DedupeWindow {
  private current = new Set<string>();
  private previous = new Set<string>();

  constructor(
    readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    for (const id of initial) this.add(id);
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string): boolean {
    if (this.current.has(id) || this.previous.has(id)) return false;
    if (this.current.size >= Math.max(1, this.capacity)) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
    return true;
  }

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  /** The last `capacity` ids, oldest first. */
  toArray(): string[] {
    return [...this.previous, ...this.current].slice(-Math.max(1, this.capacity));
  }
}
