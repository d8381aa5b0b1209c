import type { Observable } from 'rxjs';
import type { Logger } from '../../logging/logger.js';
import type { WxEvent } from '../../model/events.js';
import type { WxMessage } from '../../model/message.js';
import type { RetryNotice } from '../../retry/retry-on-retcode.js';
import { logEvent } from './client-log.js';
import { EventHub } from './event-hub.js';
import { rateLimitedEvent } from './retry-notice.js';

/**
 * Where the client's events go: the logger (if any), then `events$` / `messages$`. A stream nobody has subscribed
 * to a while after the first login stops keeping a backlog for nobody.
 */
export class ClientEvents {
  private readonly hub: EventHub;
  private backlogTimer: ReturnType<typeof setTimeout> | undefined;
  readonly events$: Observable<WxEvent>;
  readonly messages$: Observable<WxMessage>;

  constructor(
    capacity: number,
    private readonly backlogMs: number,
    private readonly log: Logger | undefined,
    private readonly now: () => number,
  ) {
    this.hub = new EventHub(capacity);
    this.events$ = this.hub.events$;
    this.messages$ = this.hub.messages$;
  }

  emit(event: WxEvent): void {
    if (this.log !== undefined) logEvent(this.log, event);
    this.hub.next(event);
  }

  /** 1205 waits show on `events$` while they last. */
  noticeRetry(notice: RetryNotice): void {
    const event = rateLimitedEvent(notice, this.now());
    if (event !== undefined) this.emit(event);
  }

  /** Starts the backlog window (once, at the first login). */
  startBacklogWindow(): void {
    if (this.backlogTimer !== undefined) return;
    this.backlogTimer = setTimeout(() => this.hub.releaseUnclaimed(), this.backlogMs);
    this.backlogTimer.unref?.();
  }

  stopBacklogWindow(): void {
    clearTimeout(this.backlogTimer);
  }

  complete(): void {
    this.hub.complete();
  }
}
