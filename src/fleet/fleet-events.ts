import type { EventStreamEvent } from '../redis/fleet/event-stream-events.js';
import type { FleetProtocol } from './fleet-protocols.js';

/** Where an account of the fleet stands, as its poller last wrote it (`fleet status` counts these). */
export type AccountState = 'starting' | 'online' | 'reconnecting' | 'needs-login' | 'logged-out' | 'failed' | 'stopped';

/**
 * What a fleet process reports on `events$`:
 * - `account`: an account this process polls changed state (`error` says why it failed, by kind and message);
 * - `lease`: this process took (`acquired`), lost or handed off (`released`) a shard, as poller or worker;
 * - `command`: this process, as owner, ran a command (`duplicate`: it had run before; its stored result was resent);
 * - `stream`: the worker side's consumer reports (handled entries are counted, not reported: see the metrics).
 */
export type FleetEvent =
  | { readonly type: 'account'; readonly account: string; readonly protocol: FleetProtocol | (string & {}); readonly state: AccountState; readonly error?: string }
  | {
      readonly type: 'lease';
      readonly role: 'poller' | 'worker';
      readonly shard: number;
      readonly change: 'acquired' | 'lost' | 'released';
      readonly token: number;
    }
  | { readonly type: 'command'; readonly id: string; readonly account: string; readonly command: string; readonly outcome: 'ok' | 'failed' | 'duplicate' }
  | { readonly type: 'stream'; readonly event: Exclude<EventStreamEvent, { readonly type: 'handled' }> };

/** An error as events and results carry it: name and message, cut short (wechat-rx errors hold no credentials). */
export function describeFailure(error: unknown): { readonly name: string; readonly message: string } {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { name, message: message.length > 300 ? `${message.slice(0, 300)}…` : message };
}
