/** Everything one simulator holds, shared by the HTTP handlers and the control API. */
import { Subject } from 'rxjs';
import { Accounts } from './account.js';
import type { SimActivity } from './activity.js';
import { TimerSet, type Clock } from './clock.js';
import { Credentials } from './credentials.js';
import { FaultRegistry } from './faults.js';
import { LoginRegistry } from './login.js';
import { MediaStore } from './media.js';
import type { ResolvedOptions } from './options.js';
import { SessionRegistry } from './session-registry.js';

/** How often idle sessions and dead login attempts are swept. */
const SWEEP_MS = 60_000;

export class SimState {
  readonly clock: Clock;
  readonly timers: TimerSet;
  readonly credentials: Credentials;
  readonly accounts: Accounts;
  readonly sessions: SessionRegistry;
  readonly logins: LoginRegistry;
  readonly media = new MediaStore();
  readonly faults: FaultRegistry;
  /** Chunked uploads still missing chunks, by session, `ClientMediaId` and file name. */
  readonly uploads = new Map<string, { readonly parts: Map<number, readonly Buffer[]>; readonly chunks: number }>();
  /** Requests per endpoint (control calls excluded). */
  readonly requests = new Map<string, number>();
  origin = '';
  /** What happens, for the playground page (see activity.ts). */
  readonly activity = new Subject<SimActivity>();

  constructor(readonly options: ResolvedOptions) {
    this.clock = options.clock;
    this.timers = new TimerSet(this.clock);
    this.credentials = new Credentials(options.seed);
    this.accounts = new Accounts(options.seed, options.world, this.credentials);
    this.sessions = new SessionRegistry(options.maxSessions);
    this.logins = new LoginRegistry(this);
    this.faults = new FaultRegistry(this.clock);
    this.scheduleSweep();
  }

  now(): number {
    return this.clock.now();
  }

  count(endpoint: string): void {
    this.requests.set(endpoint, (this.requests.get(endpoint) ?? 0) + 1);
  }

  /** Tells the playground, if one listens. */
  readonly report = (activity: SimActivity): void => {
    if (this.activity.observed) this.activity.next(activity);
  };

  /** Stops every timer; held requests are left to the server's connection teardown. */
  stop(): void {
    this.timers.clearAll();
    this.activity.complete();
  }

  /** Forgets sessions, logins, media, faults and counters (the worlds of known accounts stay). */
  reset(): void {
    for (const s of this.sessions.all()) s.end(1101, this.now());
    this.sessions.clear();
    this.logins.clear();
    this.media.clear();
    this.uploads.clear();
    this.faults.clear();
    this.requests.clear();
    this.report({ type: 'reset' });
  }

  private scheduleSweep(): void {
    this.timers.set(() => {
      const now = this.now();
      this.sessions.sweep(now, this.options.sessionIdleMs);
      this.logins.sweep(now);
      this.scheduleSweep();
    }, SWEEP_MS);
  }
}
