/**
 * A bot's inbound queue (docs/ilink-protocol.md §5.2): messages numbered from 1; a presented cursor acknowledges
 * everything up to its position, an older cursor replays what came after it, and an empty or unknown one resumes
 * after the last acknowledged message. Every message not yet acknowledged is kept, whatever its age; of the
 * acknowledged ones, the newest `maxRetained` are kept for replay to older cursors.
 */
import { Signal } from './signal.js';

/** One WeixinMessage as written on the wire (message ids are `bigint`). */
export type WireMessage = Readonly<Record<string, unknown>>;

export interface Batch {
  readonly messages: readonly WireMessage[];
  /** The position of the last message in the batch, or the one before `from` when empty. */
  readonly last: number;
}

export class Inbox {
  /** Fires when a message arrives. */
  readonly arrived = new Signal();
  private readonly kept: WireMessage[] = [];
  /** Position of `kept[0]`. */
  private first = 1;
  private acked = 0;

  constructor(private readonly maxRetained: number) {}

  /** Position of the newest message (0 before any). */
  get head(): number {
    return this.first + this.kept.length - 1;
  }

  get acknowledged(): number {
    return this.acked;
  }

  append(message: WireMessage): void {
    this.kept.push(message);
    this.arrived.emit();
  }

  /**
   * Where delivery starts for a presented cursor position (`undefined`: empty or undecodable), acknowledging up to
   * it. A position beyond the newest message is treated as undecodable.
   */
  start(position: number | undefined): number {
    if (position === undefined || position > this.head) return this.acked + 1;
    if (position > this.acked) {
      this.acked = position;
      this.forgetAcknowledged();
    }
    return position + 1;
  }

  batch(from: number, size: number): Batch {
    const start = Math.max(from, this.first);
    const messages = this.kept.slice(start - this.first, start - this.first + size);
    return { messages, last: messages.length === 0 ? from - 1 : start + messages.length - 1 };
  }

  pending(from: number): boolean {
    return from <= this.head;
  }

  /** Drops the oldest acknowledged messages past `maxRetained` (unacknowledged ones are never dropped). */
  private forgetAcknowledged(): void {
    const excess = this.acked - this.first + 1 - this.maxRetained;
    if (excess <= 0) return;
    this.kept.splice(0, excess);
    this.first += excess;
  }
}
