/** One unit of work for a chat, ordered by its stream id. */
export interface ChatTask {
  readonly id: string;
  readonly run: () => Promise<void>;
}

/**
 * Runs tasks one after another per chat and different chats side by side, at most `concurrency` chats at once.
 * A task that arrives late with an earlier id (a claimed entry) runs before the later ones still waiting.
 */
export class ChatQueue {
  private readonly waiting = new Map<string, ChatTask[]>();
  private readonly ready: string[] = [];
  private readonly running = new Set<string>();
  private queued = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly compare: (a: string, b: string) => number,
  ) {}

  /** Tasks not finished yet, running or waiting. */
  get size(): number {
    return this.queued;
  }

  add(chat: string, task: ChatTask): void {
    const tasks = this.waiting.get(chat);
    this.queued++;
    if (tasks === undefined) {
      this.waiting.set(chat, [task]);
      if (!this.running.has(chat)) this.ready.push(chat);
    } else if (this.compare(task.id, tasks[tasks.length - 1]!.id) >= 0) {
      // The usual case, entries read in stream order: one comparison instead of one per task waiting.
      tasks.push(task);
    } else {
      tasks.splice(tasks.findIndex((other) => this.compare(task.id, other.id) < 0), 0, task);
    }
    this.pump();
  }

  /** Resolves once fewer than `below` tasks are queued. */
  async below(limit: number): Promise<void> {
    while (this.queued >= limit) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.ready.length > 0) {
      const chat = this.ready.shift()!;
      const tasks = this.waiting.get(chat)!;
      const task = tasks.shift()!;
      if (tasks.length === 0) this.waiting.delete(chat);
      this.running.add(chat);
      void task.run().finally(() => {
        this.running.delete(chat);
        this.queued--;
        if (this.waiting.has(chat)) this.ready.push(chat);
        const waiters = this.idle;
        this.idle = [];
        for (const wake of waiters) wake();
        this.pump();
      });
    }
  }
}
