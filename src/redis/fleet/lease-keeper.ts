import { defer, EMPTY, Observable, type ObservableInput, type Subscription, take } from 'rxjs';
import { acquireLease, assertLeaseTarget, type Lease, type LeaseTarget, releaseLease, renewLease } from './lease.js';
import { leaseTiming, type LeaseTiming, type LeaseTimingOptions } from './lease-timing.js';
import type { RedisCommands } from '../commands.js';

export interface LeaseKeeperOptions extends Omit<LeaseTarget, 'ttlMs'>, LeaseTimingOptions {
  /**
   * A planned hand-off: when this emits, the keeper runs {@link drain} while it keeps renewing, then releases the
   * lease, emits `released` and completes, so the next owner takes over at once instead of after the TTL.
   */
  readonly handOff$?: Observable<unknown>;
  /** What to finish before a hand-off releases the lease: stop polling the shard, commit. Default: nothing. */
  readonly drain?: (lease: Lease) => ObservableInput<unknown>;
}

/**
 * - `acquired`: this process holds the shard from now, with a fencing token above every earlier holding's;
 * - `renewed`: Redis confirmed the holding in time;
 * - `lost`: stop all work on the shard now. `taken`: Redis says the holding ended; `expired`: no renewal was
 *   confirmed within the TTL minus the safety margin (a pause, a slow or unreachable Redis), Redis may not know yet;
 * - `released`: a hand-off finished: drained, then the lease deleted (or, with Redis unreachable, left to expire).
 */
export type LeaseEvent =
  | { readonly type: 'acquired' | 'renewed' | 'released'; readonly lease: Lease }
  | { readonly type: 'lost'; readonly lease: Lease; readonly reason: 'taken' | 'expired' };

/**
 * Keeps the lease of one shard, cold: subscribing starts acquiring (retrying while another process holds it) and
 * renewing; after a `lost` it tries to acquire again; unsubscribing releases the holding. Errors of Redis never end
 * the stream: they delay an acquisition or, when renewals fail for too long, end a holding with `lost`. The stream
 * errors only when {@link LeaseKeeperOptions.drain} fails, after the lease was released.
 * @throws InvalidArgumentError at once for a timing that cannot work (see {@link LeaseTimingOptions}).
 */
export function keepLease(client: RedisCommands, options: LeaseKeeperOptions): Observable<LeaseEvent> {
  const timing = leaseTiming(options);
  assertLeaseTarget('keepLease', options);
  return new Observable<LeaseEvent>((subscriber) => {
    const keeper = new Keeper(client, { ...options, ttlMs: timing.ttlMs }, timing, options.drain, (event) => subscriber.next(event));
    const handOff = options.handOff$?.pipe(take(1)).subscribe(() => keeper.handOff());
    keeper.run().then(
      () => (keeper.drainFailure === undefined ? subscriber.complete() : subscriber.error(keeper.drainFailure.error)),
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      handOff?.unsubscribe();
      keeper.stop();
    };
  });
}

const now = () => performance.now();

/** One subscription's run: acquire, hold, and again after a loss, until stopped or handed off. */
class Keeper {
  private stopped = false;
  private handOffRequested = false;
  private held: Lease | undefined;
  private drainRun: Subscription | undefined;
  /** Set when the drain finished; `error` when it failed. */
  private drainOutcome: { readonly error?: unknown } | undefined;
  private sleeping: { readonly timer: NodeJS.Timeout; readonly wake: () => void } | undefined;

  constructor(
    private readonly client: RedisCommands,
    private readonly target: LeaseTarget,
    private readonly timing: LeaseTiming,
    private readonly drain: LeaseKeeperOptions['drain'],
    private readonly emit: (event: LeaseEvent) => void,
  ) {}

  /** Resolves once the run is over: stopped, or handed off (after a loss, it acquires again). */
  async run(): Promise<void> {
    while (!this.ending) {
      const holding = await this.acquire();
      if (holding === undefined) return;
      this.held = holding.lease;
      this.emit({ type: 'acquired', lease: holding.lease });
      await this.hold(holding.lease, holding.validUntil);
      this.held = undefined;
    }
  }

  /** The drain's failure, when a hand-off's drain failed (the lease was released all the same). */
  get drainFailure(): { readonly error: unknown } | undefined {
    return this.drainOutcome !== undefined && 'error' in this.drainOutcome ? { error: this.drainOutcome.error } : undefined;
  }

  stop(): void {
    this.stopped = true;
    this.drainRun?.unsubscribe();
    this.wake();
  }

  handOff(): void {
    this.handOffRequested = true;
    if (this.held === undefined) return this.wake();
    const lease = this.held;
    const settle = (outcome: { error?: unknown }) => {
      this.drainOutcome = outcome;
      this.wake();
    };
    this.drainRun = defer(() => this.drain?.(lease) ?? EMPTY).subscribe({ error: (error: unknown) => settle({ error }), complete: () => settle({}) });
  }

  private get ending(): boolean {
    return this.stopped || this.handOffRequested;
  }

  /** Tries until it holds the shard; `undefined` when stopped or handed off first. */
  private async acquire(): Promise<{ lease: Lease; validUntil: number } | undefined> {
    while (!this.ending) {
      const sentAt = now();
      let waitMs = this.timing.retryEveryMs;
      try {
        const result = await acquireLease(this.client, this.target);
        if (result.acquired) {
          const validUntil = sentAt + this.timing.validForMs;
          // Stopped meanwhile, or the reply came too late to be trusted: let it go at once.
          if (!this.ending && now() < validUntil) return { lease: result.lease, validUntil };
          this.releaseQuietly(result.lease);
          continue;
        }
        // Try again right when the holding runs out, unless it is renewed before.
        waitMs = Math.min(waitMs, result.remainingMs + 1);
      } catch {
        // Redis unreachable: try again after the usual wait.
      }
      await this.sleepUntil(now() + waitMs);
    }
    return undefined;
  }

  private async hold(lease: Lease, validUntil: number): Promise<'lost' | 'stopped' | 'handed-off'> {
    let nextRenewAt = now() + this.timing.renewEveryMs;
    for (;;) {
      if (this.stopped) {
        this.releaseQuietly(lease);
        return 'stopped';
      }
      if (this.drainOutcome !== undefined) {
        await releaseLease(this.client, lease).catch(() => false);
        this.emit({ type: 'released', lease });
        return 'handed-off';
      }
      if (now() >= validUntil) {
        this.emit({ type: 'lost', lease, reason: 'expired' });
        this.drainRun?.unsubscribe();
        // Redis may still hold it for us; deleting it lets the next owner (maybe this process again) start sooner.
        this.releaseQuietly(lease);
        return 'lost';
      }
      if (now() < nextRenewAt) {
        await this.sleepUntil(Math.min(nextRenewAt, validUntil));
        continue;
      }
      const sentAt = now();
      nextRenewAt = sentAt + this.timing.renewEveryMs;
      const outcome = await Promise.race([
        renewLease(this.client, lease, this.timing.ttlMs).then(
          (renewed) => (renewed ? 'renewed' : 'taken'),
          () => 'failed',
        ),
        this.sleepUntil(validUntil).then(() => 'interrupted'),
      ]);
      this.wake();
      if (outcome === 'taken') {
        this.emit({ type: 'lost', lease, reason: 'taken' });
        this.drainRun?.unsubscribe();
        return 'lost';
      }
      // A confirmation that arrives after the local deadline is a loss all the same: the work may have stopped.
      if (outcome === 'renewed' && now() < validUntil) {
        validUntil = sentAt + this.timing.validForMs;
        this.emit({ type: 'renewed', lease });
      }
    }
  }

  private releaseQuietly(lease: Lease): void {
    releaseLease(this.client, lease).catch(() => undefined);
  }

  /** Waits until the monotonic time `at`, or less when {@link wake} is called. */
  private sleepUntil(at: number): Promise<void> {
    this.wake();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping = undefined;
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, at - now()));
      this.sleeping = { timer, wake };
    });
  }

  private wake(): void {
    this.sleeping?.wake();
  }
}
