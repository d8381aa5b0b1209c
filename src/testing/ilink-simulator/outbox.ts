/**
 * What bots sent (docs/ilink-protocol.md §7): every `sendmessage` the simulator answered, refused ones included, with
 * the verdict of each check. Context tokens are summarised, never stored.
 */
import { Subject, type Observable } from 'rxjs';

export type ContextTokenVerdict = 'valid' | 'missing' | 'stale' | 'foreign' | 'unchecked';

/** A media item's reference checked against the CDN: the object exists and the item's `aes_key` opens it. */
export interface SentMediaCheck {
  readonly encryptQueryParam: string;
  readonly verdict: 'ok' | 'unknown-object' | 'wrong-key' | 'no-key';
  /** How the item wrote its key: base64 of the hex text (what the plugin sends) or of the raw bytes. */
  readonly keyEncoding: 'hex' | 'raw' | undefined;
}

export interface IlinkSentMessage {
  /** Simulator time of the request. */
  readonly at: number;
  readonly botId: string;
  readonly to: string;
  readonly clientId: string | undefined;
  readonly messageType: number | undefined;
  readonly messageState: number | undefined;
  /** `item_list` as sent (the text after any truncation). */
  readonly items: readonly Readonly<Record<string, unknown>>[];
  /** The first text item's text, as kept. */
  readonly text: string | undefined;
  readonly truncated: boolean;
  readonly contextToken: ContextTokenVerdict;
  readonly media: readonly SentMediaCheck[];
  /**
   * `delivered`: `ret 0` with `message_id`; `blocked`: `ret 0` without it, never delivered; `duplicate`: a reused
   * `client_id` of a finished message, answered with its first `message_id` and not delivered again; `refused`: `ret`
   * non-zero.
   */
  readonly outcome: 'delivered' | 'blocked' | 'duplicate' | 'refused';
  readonly refusal?: 'invalid' | 'context-token' | 'reply-budget' | 'too-long' | 'client-id-reuse';
  /** Decimal text of the uint64 id the answer carried. */
  readonly messageId?: string;
}

export class Outbox {
  private readonly entries: IlinkSentMessage[] = [];
  private readonly subject = new Subject<IlinkSentMessage>();
  readonly sent$: Observable<IlinkSentMessage> = this.subject.asObservable();

  add(entry: IlinkSentMessage): void {
    this.entries.push(entry);
    this.subject.next(entry);
  }

  all(): readonly IlinkSentMessage[] {
    return this.entries;
  }

  /** The first entry (of this bot) that used `clientId`. */
  byClientId(botId: string, clientId: string): IlinkSentMessage | undefined {
    return this.entries.find((e) => e.botId === botId && e.clientId === clientId && e.outcome !== 'refused');
  }

  complete(): void {
    this.subject.complete();
  }
}
