import type { Observable, Subscription } from 'rxjs';
import type { ClientEvents } from './client-events.js';
import type { ContactsRuntime } from './contacts-runtime.js';
import type { SessionPersistence } from './session-persistence.js';
import type { LoopOutput } from './sync-loop.js';

interface Run {
  subscription: Subscription | undefined;
  /** Stopped by the client or ended by an error: nothing more is reported. */
  stopped: boolean;
}

export interface ReceiverDeps {
  readonly events: ClientEvents;
  readonly contacts: ContactsRuntime;
  readonly persistence: SessionPersistence;
  /** Whether a delivered batch is saved through the store (not with a commit sink, whose commit saved it). */
  readonly saveAfterBatch: boolean;
}

/**
 * Runs the receive loop and routes what it carries: events to `events$`, the contacts a batch lacks to the lookup
 * queue, and each delivered batch to the saver. A loop stopped from inside one of its own events (a handler calling
 * `close()`) stops once that batch is delivered and its keys applied, so a resume neither repeats nor skips it.
 */
export class Receiver {
  private running: Run | undefined;
  private delivering = 0;

  constructor(private readonly deps: ReceiverDeps) {}

  /** Runs `loop$` in place of the running loop; `ended` hears of the error that ends it. */
  start(loop$: Observable<LoopOutput>, ended: (error: unknown) => void): void {
    this.stop();
    const run: Run = { subscription: undefined, stopped: false };
    this.running = run;
    run.subscription = loop$.subscribe({
      next: (output) => this.deliver(output),
      error: (error: unknown) => {
        if (run.stopped) return;
        run.stopped = true;
        if (this.running === run) this.running = undefined;
        ended(error);
      },
    });
  }

  stop(): void {
    const run = this.running;
    this.running = undefined;
    if (run === undefined) return;
    run.stopped = true;
    const unsubscribe = () => run.subscription?.unsubscribe();
    if (this.delivering > 0) queueMicrotask(unsubscribe);
    else unsubscribe();
  }

  /** Routes one output of a loop (or of the drain that proves a resumed session). */
  deliver(output: LoopOutput): void {
    this.delivering++;
    try {
      switch (output.type) {
        case 'missing-contacts':
          this.deps.contacts.lookUp(output.contacts);
          break;
        case 'batch-delivered':
          if (this.deps.saveAfterBatch) this.deps.persistence.request();
          break;
        default:
          this.deps.events.emit(output);
      }
    } finally {
      this.delivering--;
    }
  }
}
