/**
 * One answer of a receive loop, ready to be made durable: the messages it delivered and the state the client
 * would save after it (the cursor or sync keys, with the rest of its session).
 */
export interface CommitBatch<TMessage, TState> {
  /** The account the batch belongs to (the bot id, the logged-in user). */
  readonly account: string;
  readonly messages: readonly TMessage[];
  readonly state: TState;
}

/**
 * Where a client commits each batch before it moves on (docs/fleet.md, the commit rule): it builds its next request
 * only after `commit` resolved, so a process killed in between repeats the batch from the old state and loses none.
 * A rejected commit stops the client's receive loop; nothing advances.
 */
export interface CommitSink<TMessage, TState> {
  commit(batch: CommitBatch<TMessage, TState>): Promise<void>;
}
