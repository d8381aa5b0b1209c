import { Observable, Subject } from 'rxjs';

/**
 * A hot stream that keeps what arrives while it has no subscriber and hands it to the next one, before live
 * values. At most `capacity` values are kept (the oldest are dropped first, and counted). A stream that has never
 * had a subscriber can be told to stop keeping (`release`), so a stream nobody uses does not hold memory forever.
 */
export class BacklogStream<T> {
  private readonly subject = new Subject<T>();
  /** A ring: `size` values from `head`, wrapping at `capacity`. */
  private ring: T[] = [];
  private head = 0;
  private size = 0;
  private listeners = 0;
  private subscribed = false;
  private keeping = true;
  /** Values dropped because the backlog was full. */
  dropped = 0;

  constructor(private readonly capacity: number) {}

  readonly stream$: Observable<T> = new Observable<T>((subscriber) => {
    this.subscribed = true;
    this.keeping = true;
    // Replay before going live, so values the subscriber's own handlers cause queue up behind the backlog; a
    // subscriber that stops halfway (`take`) leaves the rest for the next one.
    for (let pending = this.drain(); pending.length > 0; pending = this.drain()) {
      for (let i = 0; i < pending.length; i++) {
        if (subscriber.closed) {
          const rest = [...pending.slice(i), ...this.drain()];
          for (const value of rest) this.next(value);
          return;
        }
        subscriber.next(pending[i] as T);
      }
    }
    if (subscriber.closed) return;
    this.listeners++;
    const subscription = this.subject.subscribe(subscriber);
    return () => {
      this.listeners--;
      subscription.unsubscribe();
    };
  });

  /** Whether a subscriber is listening: the next value goes to it. */
  get live(): boolean {
    return this.listeners > 0;
  }

  /** Hands `value` to the subscribers, or keeps it for the next one unless `keep` is false. */
  next(value: T, keep = true): void {
    if (this.listeners > 0) {
      this.subject.next(value);
      return;
    }
    if (!keep || !this.keeping || this.capacity <= 0) return;
    if (this.size === this.capacity) {
      this.ring[this.head] = value;
      this.head = (this.head + 1) % this.capacity;
      this.dropped++;
      return;
    }
    this.ring[(this.head + this.size) % this.capacity] = value;
    this.size++;
  }

  /** Drops the backlog and keeps nothing more until a first subscriber comes, if none ever came. */
  release(): void {
    if (this.subscribed) return;
    this.keeping = false;
    this.drain();
  }

  complete(): void {
    this.drain();
    this.subject.complete();
  }

  private drain(): T[] {
    const out: T[] = new Array<T>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.ring[(this.head + i) % this.capacity] as T;
    this.ring = [];
    this.head = 0;
    this.size = 0;
    return out;
  }
}
