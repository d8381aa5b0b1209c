import { Observable, Subject } from 'rxjs';

/**
 * A hot stream that never drops what arrives while nobody listens: events emitted with no subscriber are kept (up
 * to `capacity`, oldest dropped first and counted) and handed to the next subscriber before live ones. This is
 * how a client that logs in before the bot subscribes still delivers the first messages.
 */
export class EventHub<T> {
  private readonly subject = new Subject<T>();
  private buffer: T[] = [];
  private listeners = 0;
  /** Events dropped because the buffer was full while nobody listened. */
  dropped = 0;

  constructor(private readonly capacity: number) {}

  readonly events$: Observable<T> = new Observable<T>((subscriber) => {
    this.listeners++;
    const subscription = this.subject.subscribe(subscriber);
    if (this.buffer.length > 0) {
      const pending = this.buffer;
      this.buffer = [];
      for (const event of pending) subscriber.next(event);
    }
    return () => {
      this.listeners--;
      subscription.unsubscribe();
    };
  });

  next(event: T): void {
    if (this.listeners > 0) {
      this.subject.next(event);
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) {
      this.buffer.shift();
      this.dropped++;
    }
  }

  complete(): void {
    this.buffer = [];
    this.subject.complete();
  }
}
