/**
 * Saves the session one save at a time, coalescing: a save asked for while one runs happens once, right after it,
 * with the state of that moment. `settled` is what the receive loop waits for before it delivers the next batch, so
 * after a hard kill at most the last delivered batch comes again (its ids and key were not saved yet), however long
 * traffic has been flowing. The save itself runs while the next request is on the wire, off the hot path.
 */
export class SessionSaver {
  private running: Promise<void> | undefined;
  private again = false;

  /** `save` must not reject: it reports its own failures. */
  constructor(private readonly save: () => Promise<void>) {}

  /** Saves now, or right after the save in flight. */
  request(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.run();
  }

  /** The saves in flight (the last requested state included), or `undefined` when everything asked for is saved. */
  get settled(): Promise<void> | undefined {
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.save();
      } while (this.again);
    } finally {
      this.running = undefined;
    }
  }
}
