/**
 * Scripted faults (docs/protocol.md §7): per endpoint (or `*`), for the next N matching requests and/or a time window,
 * optionally only after the first `after` requests. Kinds: `retcode` (answered in the endpoint's own format),
 * `http` (status `value`, default 500), `reset` (the socket is destroyed), `delay` (`value` ms, then the normal
 * answer; pick a value past the client's timeout), `garbage` (a 200 with a body no parser accepts).
 */
import type { Clock } from './clock.js';

export const FAULT_KINDS = ['retcode', 'http', 'reset', 'delay', 'garbage'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** An endpoint name as in the URL path (`synccheck`, `webwxsync`, `jslogin` …) or `*` for every endpoint. */
  readonly endpoint: string;
  readonly kind: FaultKind;
  /** retcode: the code (default 1205); http: the status (default 500); delay: ms (default 60 000). */
  readonly value?: number;
  /** How many requests to affect. Default 1, or unlimited within `forMs`. */
  readonly times?: number;
  /** Only for this long (ms) from now. */
  readonly forMs?: number;
  /** Let this many matching requests through first (e.g. "1205 after 40 calls"). */
  readonly after?: number;
}

export interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  remaining: number;
  skip: number;
  readonly until: number;
  hits: number;
}

export class FaultRegistry {
  private nextId = 1;
  private readonly faults: ActiveFault[] = [];

  constructor(private readonly clock: Clock) {}

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = {
      id: this.nextId++,
      spec,
      remaining: spec.times ?? (spec.forMs === undefined ? 1 : Number.POSITIVE_INFINITY),
      skip: spec.after ?? 0,
      until: spec.forMs === undefined ? Number.POSITIVE_INFINITY : this.clock.now() + spec.forMs,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The fault that applies to this request, if any; consumes one of its `times`. */
  take(endpoint: string): ActiveFault | undefined {
    if (this.faults.length === 0) return undefined;
    const now = this.clock.now();
    for (let i = 0; i < this.faults.length; i++) {
      const fault = this.faults[i] as ActiveFault;
      if (fault.until < now || fault.remaining <= 0) {
        this.faults.splice(i--, 1);
        continue;
      }
      if (fault.spec.endpoint !== '*' && fault.spec.endpoint !== endpoint) continue;
      if (fault.skip > 0) {
        fault.skip--;
        continue;
      }
      fault.remaining--;
      fault.hits++;
      if (fault.remaining <= 0) this.faults.splice(i, 1);
      return fault;
    }
    return undefined;
  }

  clear(id?: number): number {
    if (id === undefined) return this.faults.splice(0).length;
    const index = this.faults.findIndex((f) => f.id === id);
    return index < 0 ? 0 : this.faults.splice(index, 1).length;
  }

  list(): readonly ActiveFault[] {
    return this.faults;
  }
}
