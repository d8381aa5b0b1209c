/**
 * The ids of the messages delivered last, to drop repeats (docs/ilink-protocol.md §5.2: delivery is at-least-once):
 * always at least the last `capacity`, never more than twice that. Saved with the session, newest last, so a resumed
 * client does not deliver again what it delivered before. Two generations of Sets: a full one is dropped whole, which
 * is cheaper than evicting one id per message.
 */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();

  constructor(
    readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    for (const id of initial) this.add(id);
  }

  /** Records `id`; false when it was already there (a repeat). */
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
