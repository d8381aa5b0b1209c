/**
 * The page's push channel: Server-Sent Events (a `text/event-stream` answer kept open), so the page sees changes as
 * they happen without polling and without a WebSocket dependency. Each new page first gets a snapshot.
 */
import type { ServerResponse } from 'node:http';

export class EventStream<E> {
  private readonly pages = new Set<ServerResponse>();

  constructor(private readonly snapshot: () => E) {}

  /** Keeps `res` open as an event stream; the snapshot goes first. */
  connect(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(frame(this.snapshot()));
    this.pages.add(res);
    res.on('close', () => this.pages.delete(res));
  }

  get listening(): boolean {
    return this.pages.size > 0;
  }

  send(event: E): void {
    if (this.pages.size === 0) return;
    const data = frame(event);
    for (const page of this.pages) page.write(data);
  }

  /** Sends every page a fresh snapshot (after a reset). */
  resend(): void {
    if (this.pages.size > 0) this.send(this.snapshot());
  }

  close(): void {
    for (const page of this.pages) page.end();
    this.pages.clear();
  }
}

/** One event: JSON never holds a raw newline, so one `data:` line is enough. */
function frame(event: unknown): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
