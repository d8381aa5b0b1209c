/** One delivery of a stream entry to a handler. */
export interface StreamEvent {
  readonly stream: string;
  readonly id: string;
  /** The account and chat the commit sink recorded (`undefined` for entries of other writers). */
  readonly account: string | undefined;
  readonly chat: string | undefined;
  /** Every field of the entry; `message` holds the message as JSON for entries of the commit sink. */
  readonly fields: Readonly<Record<string, string>>;
  /** 1 for the first delivery; a retry, or a claim after a dead consumer, counts up. */
  readonly attempt: number;
}

/**
 * What a consumer reports: `handled` (acknowledged), `retried` (the handler failed, it runs again),
 * `dead-lettered` (failed `maxAttempts` times: moved and acknowledged), `claimed` (taken over from a dead consumer),
 * `lag` (the group is this many entries behind, at or above the alarm), `redis-error` (a command failed; tried again).
 */
export type EventStreamEvent =
  | { readonly type: 'handled'; readonly stream: string; readonly id: string; readonly attempt: number }
  | { readonly type: 'retried'; readonly stream: string; readonly id: string; readonly attempt: number; readonly error: string }
  | {
      readonly type: 'dead-lettered';
      readonly stream: string;
      readonly id: string;
      readonly attempt: number;
      readonly error: string;
      readonly deadLetterKey: string;
    }
  | { readonly type: 'claimed'; readonly stream: string; readonly ids: readonly string[] }
  | { readonly type: 'lag'; readonly stream: string; readonly group: string; readonly lag: number }
  | { readonly type: 'redis-error'; readonly error: string };

/** `{wx:7}:ev` → `{wx:7}:dlq` (same slot); any other key gets `:dlq` appended. */
export function deadLetterKeyOf(streamKey: string): string {
  return streamKey.endsWith(':ev') ? `${streamKey.slice(0, -3)}:dlq` : `${streamKey}:dlq`;
}
