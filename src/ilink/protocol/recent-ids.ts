/**
 * The ids of the messages delivered last, to drop repeats (docs/ilink-protocol.md §5.2: delivery is at-least-once):
 * always at least the last `capacity`, never more than twice that. Saved with the session, newest last, so a resumed
 * client does not deliver again what it delivered before. Two generations of Sets: a full one is dropped whole, which
 * is cheaper than evicting one id per message. The ids also sit in an array in arrival order, so the saved list is
 * one copy of its tail (spreading the two Sets cost about 30 µs a save).
 */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  /** The ids of both generations, oldest first. */
  private order: string[] = [];

  constructor(
    readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    for (const id of initial) this.add(id);
  }

  /** Records `id`; false when it was already there (a repeat). */
  add(id: string): boolean {
    if (this.current.has(id) || this.previous.has(id)) return false;
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
      this.order = this.order.slice(-this.generation);
    }
    this.current.add(id);
    this.order.push(id);
    return true;
  }

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  /** The last `capacity` ids, oldest first, in a new array. */
  toArray(): string[] {
    return this.order.slice(-this.generation);
  }

  private get generation(): number {
    return Math.max(1, this.capacity);
  }
}
