import type { Observable } from 'rxjs';
import type { WxMessage } from '../../model/message.js';
import { BacklogStream } from './backlog-stream.js';
import type { WxEvent } from '../../model/events.js';

/**
 * The client's two public event streams, each with its own backlog: `events$` (everything) and `messages$` (the
 * messages). What arrives while a stream has no subscriber is kept for that stream's next subscriber, so a logger
 * on `events$` never takes the first messages away from a bot that subscribes to `messages$` later. A message that
 * `messages$` delivered is not kept for `events$` (its other events are): it reached the bot, and a process of
 * many sessions whose bots read `messages$` would otherwise hold every message of the backlog window. A stream that
 * has never had a subscriber stops keeping when `releaseUnclaimed` is called (the client does it a while after
 * login), so an unused stream holds no memory.
 */
export class EventHub {
  private readonly events: BacklogStream<WxEvent>;
  private readonly messages: BacklogStream<WxMessage>;
  readonly events$: Observable<WxEvent>;
  readonly messages$: Observable<WxMessage>;

  constructor(capacity: number) {
    this.events = new BacklogStream(capacity);
    this.messages = new BacklogStream(capacity);
    this.events$ = this.events.stream$;
    this.messages$ = this.messages.stream$;
  }

  /** Events dropped from a full backlog, per stream. */
  get dropped(): { readonly events: number; readonly messages: number } {
    return { events: this.events.dropped, messages: this.messages.dropped };
  }

  next(event: WxEvent): void {
    if (event.type !== 'message') {
      this.events.next(event);
      return;
    }
    const delivered = this.messages.live;
    this.events.next(event, !delivered);
    this.messages.next(event.message);
  }

  releaseUnclaimed(): void {
    this.events.release();
    this.messages.release();
  }

  complete(): void {
    this.events.complete();
    this.messages.complete();
  }
}
