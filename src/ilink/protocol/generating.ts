import { MessageState } from './messages/wire.js';

/**
 * Messages still being generated (`message_state` 1, docs/ilink-protocol.md §6.1) held back until the `FINISH` of
 * the same id arrives, so each is delivered once, complete. How in-place updates work is not documented (an open question): the
 * finished message is taken as carrying the whole content. At most `capacity` are held; when one more arrives, the
 * oldest is released as it last was (state 1) rather than dropped.
 */
export class GeneratingHold<T> {
  private readonly held = new Map<string, T>();

  constructor(readonly capacity: number) {}

  /**
   * What to deliver now for a message of `state` with `key`: nothing while it is generating (plus the oldest held one
   * when the hold overflows), else the message itself (its held version forgotten).
   */
  offer(key: string, state: number, item: T): T[] {
    if (state !== MessageState.GENERATING) {
      this.held.delete(key);
      return [item];
    }
    this.held.delete(key);
    this.held.set(key, item);
    if (this.held.size <= Math.max(0, this.capacity)) return [];
    const [oldestKey, oldest] = this.held.entries().next().value as [string, T];
    this.held.delete(oldestKey);
    return [oldest];
  }

  get size(): number {
    return this.held.size;
  }
}
