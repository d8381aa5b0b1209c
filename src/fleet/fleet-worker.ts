import { Observable, type ObservableInput, Subject, type Subscription } from 'rxjs';
import type { WxMessage } from '../model/message.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { type ConsumerRedis, consumeEvents } from '../redis/fleet/event-consumer.js';
import type { StreamEvent } from '../redis/fleet/event-stream-events.js';
import type { FleetEvent } from './fleet-events.js';
import type { FleetMetrics } from '../redis/fleet/fleet-metrics.js';
import type { Lease } from '../redis/fleet/lease.js';
import { ownShards } from '../redis/fleet/shard-ownership.js';

/**
 * A message of any account of the fleet, as a worker gets it: the model's message (an iLink one keeps its `ilink`
 * part) plus the account it came to and where it is in the event stream (`attempt` 2 or more: delivered before).
 */
export type FleetMessage = WxMessage & {
  readonly account: string;
  readonly delivery: { readonly stream: string; readonly id: string; readonly attempt: number };
};

/** A handler of fleet messages: its entry is acknowledged once what it returns completed (at once for nothing). */
export type FleetHandler = (message: FleetMessage) => ObservableInput<unknown> | void;

export interface WorkerContext {
  readonly redis: ConsumerRedis;
  readonly holder: string;
  readonly namespace: string;
  readonly shardCount: number;
  readonly ttlMs: number;
  /** The application's consumer group: each group sees every message once. */
  readonly group: string;
  readonly metrics: FleetMetrics | undefined;
  /** Chats handled at once per shard. @default 16 */
  readonly concurrency?: number;
  /** Deliveries of a message before it goes to the dead-letter stream. @default 5 */
  readonly maxAttempts?: number;
  /** A group lag (entries not yet delivered) at or above this is reported. */
  readonly lagAlarm?: number;
  /** Kept up to date with the (group, shard) leases this worker holds, for a shutdown that releases them. */
  readonly held?: Map<number, Lease>;
}

/** The key prefix of the workers' (group, shard) leases: apart from the pollers' and per group. */
export function workerNamespace(namespace: string, group: string): string {
  return `${namespace}:workers:${group}`;
}

/**
 * The worker side of a fleet process, cold: holds (group, shard) leases spread over the group's live workers by
 * rendezvous hashing, and consumes each held shard's event stream alone, so a chat's messages are handled in order
 * across the whole group. A new holder first takes over what the previous one left unacknowledged (delivered again,
 * `attempt` 2+); a planned hand-off lets the handlers already running finish before it releases the shard.
 */
export function runWorker(context: WorkerContext, handler: FleetHandler): Observable<FleetEvent> {
  if (!/^[\w.:-]{1,64}$/.test(context.group)) throw new InvalidArgumentError('createFleet', 'group', 'must be 1 to 64 letters, digits or ._:-');
  return new Observable<FleetEvent>((subscriber) => {
    const consumers = new Map<number, { readonly subscription: Subscription; readonly drain$: Subject<void>; readonly done: Promise<void> }>();
    const stopShard = (shard: number) => {
      consumers.get(shard)?.subscription.unsubscribe();
      consumers.delete(shard);
    };
    const handle = (event: StreamEvent) => handler(toMessage(event));
    const subscription = ownShards(context.redis, {
      shardCount: context.shardCount,
      holder: context.holder,
      ttlMs: context.ttlMs,
      namespace: workerNamespace(context.namespace, context.group),
      drain: (lease) => {
        const consumer = consumers.get(lease.shard);
        consumer?.drain$.next();
        return consumer?.done ?? Promise.resolve();
      },
    }).subscribe({
      next: (event) => {
        if (event.type === 'renewed') return;
        const { shard, token } = event.lease;
        stopShard(shard);
        if (event.type === 'acquired') context.held?.set(shard, event.lease);
        else context.held?.delete(shard);
        if (event.type === 'acquired') {
          const drain$ = new Subject<void>();
          let finished!: () => void;
          const done = new Promise<void>((resolve) => (finished = resolve));
          const consumer = consumeEvents(context.redis, {
            group: context.group,
            consumer: context.holder,
            shards: [shard],
            namespace: context.namespace,
            claimOnStart: true,
            drain$,
            handler: handle,
            ...(context.concurrency === undefined ? {} : { concurrency: context.concurrency }),
            ...(context.maxAttempts === undefined ? {} : { maxAttempts: context.maxAttempts }),
            ...(context.lagAlarm === undefined ? {} : { lagAlarm: context.lagAlarm }),
          }).subscribe({
            next: (streamEvent) => {
              if (streamEvent.type === 'handled' || streamEvent.type === 'retried' || streamEvent.type === 'dead-lettered') context.metrics?.eventHandled(streamEvent.type);
              if (streamEvent.type === 'lag') context.metrics?.groupLag(streamEvent.stream, streamEvent.group, streamEvent.lag);
              if (streamEvent.type !== 'handled') subscriber.next({ type: 'stream', event: streamEvent });
            },
            complete: () => finished(),
            error: (error: unknown) => subscriber.error(error),
          });
          consumers.set(shard, { subscription: consumer, drain$, done });
        }
        context.metrics?.leaseMoved(event.type === 'released' ? 'handed-off' : event.type, 'worker');
        context.metrics?.shardsHeld('worker', consumers.size);
        subscriber.next({ type: 'lease', role: 'worker', shard, token, change: event.type });
      },
      error: (error: unknown) => subscriber.error(error),
    });
    return () => {
      subscription.unsubscribe();
      for (const shard of [...consumers.keys()]) stopShard(shard);
    };
  });
}

/** The entry's message with its account and delivery; an entry that is no message fails its handler (dead-lettered in time). */
function toMessage(event: StreamEvent): FleetMessage {
  const json = event.fields.message;
  if (json === undefined || event.account === undefined) throw new InvalidArgumentError('fleet worker', 'entry', `${event.id} of ${event.stream} is not a committed message`);
  const message = JSON.parse(json) as WxMessage;
  return { ...message, account: event.account, delivery: { stream: event.stream, id: event.id, attempt: event.attempt } };
}
