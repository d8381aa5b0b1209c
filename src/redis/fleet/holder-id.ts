import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A name for this process in the fleet: host and pid for people reading `fleet status`, and a random part so a
 * restarted process (same host, maybe the same pid) never passes for its predecessor in a fence check.
 */
export function holderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
