/**
 * What every simulator's playground keeps and pushes: the recent messages, requests and frames (for pages that
 * connect later) and each change as an event. A simulator's own playground module supplies the rest of the snapshot
 * (its world, login, sessions, faults) and calls these methods as things happen.
 */
import { EventStream } from './event-stream.js';
import type { PageEvent, PageFrame, PageMessage, PageRequest, PageSendState, PageSnapshot } from './page-events.js';
import { playgroundRoutes, type MediaLookup, type PlaygroundRoutes } from './routes.js';

const MAX_MESSAGES = 1000;
const MAX_REQUESTS = 200;
const MAX_FRAMES = 200;

/** The part of the snapshot that only the simulator knows. */
export type PageView = Omit<PageSnapshot, 't' | 'messages' | 'requests' | 'frames'>;

export class PageFeed {
  private readonly messages: PageMessage[] = [];
  private readonly requests: PageRequest[] = [];
  private readonly frames: PageFrame[] = [];
  private seq = 0;
  private readonly events: EventStream<PageEvent>;

  constructor(view: () => PageView) {
    this.events = new EventStream<PageEvent>(() => ({ t: 'hello', ...view(), messages: this.messages, requests: this.requests, frames: this.frames }));
  }

  /** Whether a page listens (so a simulator can skip building events nobody sees). */
  get listening(): boolean {
    return this.events.listening;
  }

  send(event: PageEvent): void {
    this.events.send(event);
  }

  message(m: PageMessage): void {
    keep(this.messages, m, MAX_MESSAGES);
    this.events.send({ t: 'message', ...m });
  }

  recall(msgId: string): void {
    this.update(msgId, { recalled: true });
    this.events.send({ t: 'recall', msgId });
  }

  /** What became of a bot's message after it was shown (a phone's late result). */
  state(msgId: string, state: PageSendState, reason?: string): void {
    this.update(msgId, { state, ...(reason === undefined ? {} : { reason }) });
    this.events.send({ t: 'state', msgId, state, ...(reason === undefined ? {} : { reason }) });
  }

  request(r: Omit<PageRequest, 'seq'>): void {
    const request = { seq: ++this.seq, ...r };
    keep(this.requests, request, MAX_REQUESTS);
    this.events.send({ t: 'request', ...request });
  }

  frame(f: Omit<PageFrame, 'seq'>): void {
    const frame = { seq: ++this.seq, ...f };
    keep(this.frames, frame, MAX_FRAMES);
    this.events.send({ t: 'frame', ...frame });
  }

  /** Forgets the history and sends every page a fresh snapshot (the simulator was reset). */
  reset(): void {
    this.messages.length = 0;
    this.requests.length = 0;
    this.frames.length = 0;
    this.events.resend();
  }

  routes(media: MediaLookup): PlaygroundRoutes {
    return playgroundRoutes(this.events as EventStream<unknown>, media);
  }

  close(): void {
    this.events.close();
  }

  private update(msgId: string, patch: Partial<PageMessage>): void {
    const at = this.messages.findIndex((m) => m.msgId === msgId);
    if (at >= 0) this.messages[at] = { ...(this.messages[at] as PageMessage), ...patch };
  }
}

function keep<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
