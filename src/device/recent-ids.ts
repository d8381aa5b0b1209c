/**
 * The last `capacity` ids seen, oldest forgotten first, in O(1) per id: a ring of slots beside a Set. (Deleting the
 * oldest entry of a Set through its iterator gets slower as deleted slots pile up; the ring avoids that.)
 */
export class RecentIds {
  private readonly set = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(Math.max(1, capacity));
  }

  has(id: string): boolean {
    return this.set.has(id);
  }

  /** Records `id`; false when it was already among the recent ones. */
  add(id: string): boolean {
    if (this.set.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.set.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.ring.length;
    this.set.add(id);
    return true;
  }
}
