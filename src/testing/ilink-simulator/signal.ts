/** A change notice that held long polls wait on: QR status changes, new messages, a token's death. */
export class Signal {
  private readonly listeners = new Set<() => void>();

  listen(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
