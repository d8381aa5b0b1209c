import { createHash } from 'node:crypto';
import { shardKeys } from './shard-keys.js';

/**
 * The shard an account belongs to, the same in every process: 32 bits of SHA-1 of its id modulo the shard count
 * (zlib's crc32 would do, but Node 20 has it only from 20.15).
 */
export function shardOfAccount(account: string, shardCount: number): number {
  return createHash('sha1').update(account).digest().readUInt32BE(0) % shardCount;
}

/** The keys of a fleet beyond the leases and the commit keys (all of a shard's keys share its hash tag). */
export interface FleetKeys {
  /** Hash: account id → its protocol (`web`, `ilink`), every account of the shard. */
  readonly accounts: string;
  /** The shard's command stream, read by its owner. */
  readonly commands: string;
  /** Marks a command id as queued (SET NX), so a repeated send is queued once. */
  commandMark(id: string): string;
  /** A command's result, kept for a day so a repeated send or a late caller gets it without running it again. */
  commandResult(id: string): string;
}

export function fleetKeys(shard: number, namespace: string): FleetKeys {
  const { tag } = shardKeys(shard, namespace);
  return {
    accounts: `${tag}:accts`,
    commands: `${tag}:cmd`,
    commandMark: (id) => `${tag}:cmd:${id}`,
    commandResult: (id) => `${tag}:done:${id}`,
  };
}

/** Hash: account id → its state as JSON (`{ state, at }`), for `fleet status`; one key for the whole fleet. */
export function accountStatesKey(namespace: string): string {
  return `${namespace}:account-states`;
}

/** The pub/sub channel a process hears the results of its commands on. */
export function replyChannel(namespace: string, holder: string): string {
  return `${namespace}:reply:${holder}`;
}

/** Account ids are names in keys and channels: letters, digits and `._@:-`, 1 to 128 of them. */
export const ACCOUNT_ID = /^[\w.@:-]{1,128}$/;
