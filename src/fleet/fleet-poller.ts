import { from, Observable } from 'rxjs';
import type { RedisCommands } from '../redis/commands.js';
import type { FleetEvent } from './fleet-events.js';
import { releaseLease } from '../redis/fleet/lease.js';
import { PollerShard, type PollerShardContext } from './poller-shard.js';
import { ownShards } from '../redis/fleet/shard-ownership.js';

export interface PollerOptions {
  readonly shardCount: number;
  readonly ttlMs: number;
  /**
   * The connection the leases are renewed and the heartbeats sent on: one of their own, so a renewal never waits
   * behind the accounts' commands (a late renewal is a lost lease). Default: the context's `redis`.
   */
  readonly leaseRedis?: RedisCommands;
}

/**
 * The poller side of a fleet process, cold: takes the shards rendezvous hashing gives it, runs each held shard's
 * accounts and commands, stops a shard at once when its lease is lost and drains it (every client closed) before a
 * planned hand-off releases it. `stop()` closes every shard, then releases the leases.
 */
export class FleetPoller {
  private readonly shards = new Map<number, PollerShard>();
  /** Set by `stop()`: a shard acquired meanwhile is left to the unsubscription to release. */
  private stopping = false;

  constructor(
    private readonly context: Omit<PollerShardContext, 'emit'>,
    private readonly options: PollerOptions,
  ) {}

  run(): Observable<FleetEvent> {
    return new Observable<FleetEvent>((subscriber) => {
      const { redis, holder, metrics } = this.context;
      const context: PollerShardContext = { ...this.context, emit: (event) => subscriber.next(event) };
      const subscription = ownShards(this.options.leaseRedis ?? redis, {
        shardCount: this.options.shardCount,
        holder,
        ttlMs: this.options.ttlMs,
        namespace: this.context.namespace,
        drain: (lease) => from(this.shards.get(lease.shard)?.stop() ?? Promise.resolve()),
      }).subscribe({
        next: (event) => {
          if (event.type === 'renewed' || this.stopping) return;
          const { shard, token } = event.lease;
          const before = this.shards.get(shard);
          if (event.type === 'acquired') {
            void before?.stop();
            const running = new PollerShard(context, event.lease);
            this.shards.set(shard, running);
            running.start();
          } else {
            void before?.stop();
            this.shards.delete(shard);
          }
          metrics?.leaseMoved(event.type === 'released' ? 'handed-off' : event.type, 'poller');
          metrics?.shardsHeld('poller', this.shards.size);
          subscriber.next({ type: 'lease', role: 'poller', shard, token, change: event.type });
        },
        error: (error: unknown) => subscriber.error(error),
      });
      const online = metrics === undefined ? undefined : setInterval(() => metrics.accountsOnline(this.onlineCount()), 1000);
      return () => {
        clearInterval(online);
        subscription.unsubscribe();
        for (const running of this.shards.values()) void running.stop();
      };
    });
  }

  /**
   * Closes every shard's clients, then releases their leases so other processes take them at once; unsubscribe
   * from `run()` afterwards.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const held = [...this.shards.values()];
    this.shards.clear();
    await Promise.all(held.map((running) => running.stop()));
    await Promise.all(held.map((running) => releaseLease(this.context.redis, running.lease).catch(() => false)));
  }

  private onlineCount(): number {
    let online = 0;
    for (const running of this.shards.values()) online += running.onlineCount;
    return online;
  }
}
