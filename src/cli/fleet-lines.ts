/** The live log of `wechat-rx fleet`: each event of the fleet process as one line (or one JSON object with --json). */
import type { FleetEvent } from '../fleet/fleet-events.js';
import type { EventStreamEvent } from '../redis/fleet/event-stream-events.js';
import type { LineKind, Printer } from './terminal.js';

/** Prints `event` as one line; with `--json` the line's `event` field holds it whole. */
export function printFleetEvent(print: Printer, event: FleetEvent): void {
  const { kind, text } = describeFleetEvent(event);
  print.line(kind, text, { event });
}

export function describeFleetEvent(event: FleetEvent): { readonly kind: LineKind; readonly text: string } {
  switch (event.type) {
    case 'account': {
      const failed = event.state === 'failed' || event.state === 'needs-login' || event.state === 'logged-out';
      const why = event.error === undefined ? '' : `: ${event.error}`;
      return { kind: failed ? 'warn' : 'info', text: `account ${event.account} (${event.protocol}) is ${event.state}${why}` };
    }
    case 'lease': {
      const what = { acquired: 'took', lost: 'lost', released: 'handed off' }[event.change];
      return { kind: event.change === 'lost' ? 'warn' : 'info', text: `${event.role} ${what} shard ${event.shard} (token ${event.token})` };
    }
    case 'command':
      // The id in short: --json has it whole.
      return { kind: event.outcome === 'failed' ? 'warn' : 'info', text: `ran ${event.command} for ${event.account}: ${event.outcome} (command ${event.id.slice(0, 8)})` };
    case 'stream':
      return describeStreamEvent(event.event);
  }
}

function describeStreamEvent(event: Exclude<EventStreamEvent, { readonly type: 'handled' }>): { readonly kind: LineKind; readonly text: string } {
  switch (event.type) {
    case 'retried':
      return { kind: 'warn', text: `the bot failed on ${event.stream} ${event.id} (delivery ${event.attempt}), trying again: ${event.error}` };
    case 'dead-lettered':
      return { kind: 'warn', text: `gave up on ${event.stream} ${event.id} after ${event.attempt} deliveries, moved to ${event.deadLetterKey}: ${event.error}` };
    case 'claimed':
      return { kind: 'info', text: `took over ${event.ids.length} unfinished messages of ${event.stream} from a stopped worker` };
    case 'lag':
      return { kind: 'warn', text: `group ${event.group} is ${event.lag} messages behind on ${event.stream}` };
    case 'redis-error':
      return { kind: 'warn', text: `a Redis command failed, trying again: ${event.error}` };
  }
}
