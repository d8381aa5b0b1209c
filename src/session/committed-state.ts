import type { CommitBatch, CommitSink } from './commit-sink.js';

/**
 * A client's record of what its commit sink made durable: with a sink, the only state its store may save. The live
 * session runs ahead while a batch is being committed (its ids are taken in, its cursor or keys moved), and a save
 * of it then could make a batch whose commit failed look done: on resume its ids would drop the messages when they
 * come again, and its cursor would skip them.
 */
export class CommittedState<TState> {
  /**
   * The state last committed, or one durable by other means (loaded from the store, saved at login); `undefined`
   * once the session is over.
   */
  saved: TState | undefined;
  private outstanding: Promise<void> | undefined;

  /** The commit still out, settled (never rejecting) once the sink answered; `undefined` when none is. */
  get inFlight(): Promise<void> | undefined {
    return this.outstanding;
  }

  /** Commits `batch` through `sink`, and on success records its state as the one to save. */
  commit<TMessage>(sink: CommitSink<TMessage, TState>, batch: CommitBatch<TMessage, TState>): Promise<void> {
    const commit = sink.commit(batch);
    const settled = commit.then(
      () => {
        this.saved = batch.state;
      },
      () => undefined,
    );
    this.outstanding = settled;
    void settled.then(() => {
      if (this.outstanding === settled) this.outstanding = undefined;
    });
    return commit;
  }
}
