/**
 * The last `capacity` message ids, oldest dropped first. Saved with the session so a resumed client neither
 * repeats what it delivered before nor grows without bound.
 */
export class DedupeWindow {
  private readonly ids = new Set<string>();

  constructor(
    readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    for (const id of initial) this.add(id);
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  toArray(): string[] {
    return [...this.ids];
  }
}
