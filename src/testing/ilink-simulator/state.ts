/** Everything one iLink simulator holds, shared by the HTTP handlers and the control methods. */
import { Subject } from 'rxjs';
import { TimerSet, type Clock } from '../simulator/clock.js';
import type { IlinkActivity } from './activity.js';
import { BotRegistry } from './bots.js';
import type { CdnStore } from './cdn-store.js';
import { RequestLog } from './conformance.js';
import { IlinkFaults } from './faults.js';
import { Holds } from './hold.js';
import { QrLogins } from './login.js';
import type { ResolvedIlinkOptions } from './options.js';
import { Outbox } from './outbox.js';
import { SimRandom, simUserId } from './random.js';

/** One `sendtyping` call (the ticket itself is not kept). */
export interface IlinkTypingRecord {
  readonly at: number;
  readonly botId: string;
  readonly userId: string;
  /** `1` typing, `2` stop; anything else is recorded as sent and answered `ret -1`. */
  readonly status: number | undefined;
  readonly ticket: 'valid' | 'invalid';
}

export class IlinkState {
  readonly clock: Clock;
  readonly timers: TimerSet;
  readonly holds: Holds;
  readonly random: SimRandom;
  readonly bots: BotRegistry;
  readonly logins: QrLogins;
  readonly faults: IlinkFaults;
  readonly requestLog = new RequestLog();
  readonly outbox = new Outbox();
  readonly typing: IlinkTypingRecord[] = [];
  readonly blocked: Set<string>;
  /** Requests per endpoint. */
  readonly counts = new Map<string, number>();
  /** `http://127.0.0.1:<port>`, set once listening. */
  origin = '';
  /** `127.0.0.1:<port>` of the second listener, the `redirect_host` of `scaned_but_redirect`. */
  redirectHost = '';
  /** What happens, for the playground page (see activity.ts). */
  readonly activity = new Subject<IlinkActivity>();
  readonly report = (activity: IlinkActivity): void => {
    if (this.activity.observed) this.activity.next(activity);
  };

  constructor(
    readonly options: ResolvedIlinkOptions,
    readonly cdn: CdnStore,
    random: SimRandom,
  ) {
    this.clock = options.clock;
    this.timers = new TimerSet(this.clock);
    this.holds = new Holds(this.timers);
    this.random = random;
    this.bots = new BotRegistry(random, options.maxRetained, (bot) => this.report({ type: 'bot', bot }));
    this.logins = new QrLogins({
      bots: this.bots,
      timers: this.timers,
      now: () => this.now(),
      newQrcode: () => random.hex(16),
      qrLifetimeMs: options.qrLifetimeMs,
      maxVerifyCodeTries: options.maxVerifyCodeTries,
      changed: (login) => this.report({ type: 'login', login }),
    });
    this.faults = new IlinkFaults(this.clock, () => this.report({ type: 'faults' }));
    this.blocked = new Set(options.blockedUsers);
  }

  now(): number {
    return this.clock.now();
  }

  /** The `index`-th simulated user (0: the account owner, who scans by default). */
  userId(index: number): string {
    return simUserId(this.options.seed, index);
  }

  get cdnBaseUrl(): string {
    return this.origin + this.options.cdnBasePath;
  }

  count(endpoint: string): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  /** Ends held polls and timers; the server tears the connections down. */
  stop(): void {
    this.holds.closeAll();
    this.timers.clearAll();
    this.outbox.complete();
    this.activity.complete();
  }
}
