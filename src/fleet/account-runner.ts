import { BehaviorSubject, catchError, EMPTY, lastValueFrom, Observable, type Subscription } from 'rxjs';
import type { CommitBatch, CommitSink } from '../session/commit-sink.js';
import type { SessionKeyring } from '../redis/session-keyring.js';
import { type CommittableMessage, commitKeys, redisCommitSink, type RedisCommitSink } from '../redis/fleet/commit-sink.js';
import { FencedStateStore, type StateReader } from '../redis/fleet/fenced-state-store.js';
import type { AccountState } from './fleet-events.js';
import type { FleetMetrics } from '../redis/fleet/fleet-metrics.js';
import { DRIVERS, type FleetClient, type FleetClientOptions, type FleetProtocol } from './fleet-protocols.js';
import type { Lease } from '../redis/fleet/lease.js';
import { SealedState } from '../redis/fleet/sealed-state.js';
import { isRestartable, restartWhileRecoverable } from './restart.js';

/** What running an account needs from its poller. */
export interface AccountRunContext {
  readonly redis: StateReader;
  readonly lease: () => Lease;
  readonly server: string | undefined;
  readonly keyring: SessionKeyring;
  readonly clientOptions: FleetClientOptions;
  readonly metrics: FleetMetrics | undefined;
  /** Told of each state change (the poller reports and records it). */
  readonly report: (state: AccountState, error?: unknown) => void;
  /** Told of each client close the runner starts, so a drain can wait for it. */
  readonly closing: (done: Promise<void>) => void;
  /** The longest wait between restarts after failures. @default 30000 */
  readonly maxRestartDelayMs?: number;
}

/** One account on its poller: its client while online, for the commands that send through it. */
export class RunningAccount {
  /** The client while it is online, else `undefined`. */
  readonly online$ = new BehaviorSubject<FleetClient | undefined>(undefined);
  private readonly subscription: Subscription;

  constructor(
    readonly account: string,
    readonly protocol: FleetProtocol,
    context: AccountRunContext,
  ) {
    const maxDelay = context.maxRestartDelayMs ?? 30_000;
    this.subscription = runAccount(account, protocol, context, this.online$)
      .pipe(
        restartWhileRecoverable(maxDelay),
        catchError((error: unknown) => {
          context.report('failed', error);
          return EMPTY;
        }),
      )
      .subscribe();
  }

  stop(): void {
    this.subscription.unsubscribe();
    this.online$.next(undefined);
  }
}

/**
 * One run of an account's client, cold: loads the committed state (an account without one needs a login and ends
 * the run), starts the client resuming from it with the fleet's commit sink and fenced store, reports its states,
 * and errors when the client fails (the caller restarts it) or completes when the session ended. Unsubscribing
 * closes the client.
 */
function runAccount(account: string, protocol: FleetProtocol, context: AccountRunContext, online$: BehaviorSubject<FleetClient | undefined>): Observable<never> {
  return new Observable<never>((subscriber) => {
    const driver = DRIVERS[protocol];
    const sealed = new SealedState(context.keyring, driver.codec);
    const store = new FencedStateStore(context.redis, context.lease, account, sealed);
    let client: FleetClient | undefined;
    let stopped = false;
    const subscriptions: Subscription[] = [];
    context.report('starting');
    store.load().then(
      (saved) => {
        if (stopped) return;
        if (saved === undefined) {
          context.report('needs-login');
          subscriber.complete();
          return;
        }
        const stateKey = commitKeys(context.lease(), account).state;
        const sink = fleetSink(account, redisCommitSink<CommittableMessage, unknown>(context.redis, { lease: context.lease, encodeState: (state) => sealed.seal(stateKey, state) }), context.metrics);
        const started = driver.connect({ server: context.server, store, sink, options: context.clientOptions });
        client = started;
        subscriptions.push(
          started.status$.subscribe((state) => {
            if (state.status === 'online') {
              online$.next(started);
              context.report('online');
              return;
            }
            online$.next(undefined);
            if (state.status === 'reconnecting') context.report('reconnecting');
            else if (state.status === 'ended') {
              context.report('logged-out', state.error);
              subscriber.complete();
            } else if (state.status === 'failed') {
              if (isRestartable(state.error)) context.report('failed', state.error);
              else context.report('stopped');
              subscriber.error(state.error);
            }
          }),
          started.login$.subscribe({ error: (error: unknown) => subscriber.error(error) }),
          // Delivery here is only what drives the client: the batch is in the event stream before it arrives.
          started.messages$.subscribe({ error: () => undefined }),
        );
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      stopped = true;
      for (const subscription of subscriptions) subscription.unsubscribe();
      online$.next(undefined);
      if (client !== undefined) context.closing(lastValueFrom(client.close(), { defaultValue: undefined }).then(() => undefined, () => undefined));
    };
  });
}

/**
 * The sink under the fleet's name for the account (a client names it by its own id, e.g. a Web user name that
 * changes with every login), with each commit's latency and counts going to the metrics.
 */
function fleetSink(account: string, sink: RedisCommitSink<CommittableMessage, unknown>, metrics: FleetMetrics | undefined): CommitSink<CommittableMessage, unknown> {
  return {
    commit: async (batch: CommitBatch<CommittableMessage, unknown>) => {
      const started = performance.now();
      const appended = await sink.commitCounted({ ...batch, account });
      metrics?.commitLatency((performance.now() - started) / 1000);
      metrics?.eventsCommitted(appended, batch.messages.length - appended);
    },
  };
}
