/**
 * Accounts: one generated world per WeChat account, kept across its logins so push login (which needs a known
 * `wxuin`) and re-logins see the same stable ids. Each QR login takes a new account unless the phone says which
 * one scans; account k's world is generated from `seed + k`, so the first account of a simulator is always the same.
 * The next account is made ahead when asked for (`sim.world()` before any login), and the next QR login takes it.
 * At most `MAX_ACCOUNTS` are kept; the least recently used one without an active session (and not the next one) goes
 * first.
 */
import type { Credentials } from './credentials.js';
import { MsgIdGenerator } from './messages/ids.js';
import type { WorldSizes } from './options.js';
import type { World } from './world.js';
import { generateWorld } from './world-generator.js';

const MAX_ACCOUNTS = 256;

/** What an account needs of its logged-in session: whether it still runs, and a way to end it. */
export interface AccountSession {
  readonly active: boolean;
  end(code: number, now: number): void;
}

export interface Account {
  readonly index: number;
  readonly world: World;
  readonly uin: number;
  /** Long-lived cookies push login relies on. */
  readonly uvid: string;
  readonly authTicket: string;
  readonly ids: MsgIdGenerator;
  /** The logged-in session; a new login of the account ends the previous one (1101, "logged in elsewhere"). */
  session: AccountSession | undefined;
  lastUsed: number;
}

export class Accounts {
  private readonly byUin = new Map<number, Account>();
  private created = 0;
  /** Made ahead, not yet given to a login. */
  private pending: Account | undefined;
  /** The account a login was given last. */
  private lastAssigned: Account | undefined;

  constructor(
    private readonly seed: number,
    private readonly sizes: Required<WorldSizes>,
    private readonly credentials: Credentials,
  ) {}

  /** The account the next QR login gets, made now if needed. */
  next(now: number): Account {
    this.pending ??= this.create(now);
    return this.pending;
  }

  /** Gives a login its account: `chosen` (the phone named one), else the next one. */
  assign(now: number, chosen?: Account): Account {
    const account = chosen ?? this.next(now);
    if (account === this.pending) this.pending = undefined;
    account.lastUsed = now;
    this.lastAssigned = account;
    return account;
  }

  /** The account a login was given last, if any (forgotten once evicted). */
  latest(): Account | undefined {
    return this.lastAssigned;
  }

  private create(now: number): Account {
    const index = this.created++;
    const worldSeed = (this.seed + index) >>> 0;
    const world = generateWorld({ seed: worldSeed, ...this.sizes });
    const account: Account = {
      index,
      world,
      uin: world.self.uin,
      uvid: this.credentials.uvid(),
      authTicket: this.credentials.authTicket(),
      ids: new MsgIdGenerator(worldSeed),
      session: undefined,
      lastUsed: now,
    };
    this.byUin.set(account.uin, account);
    this.evict();
    return account;
  }

  get(uin: number): Account | undefined {
    return this.byUin.get(uin);
  }

  all(): IterableIterator<Account> {
    return this.byUin.values();
  }

  private evict(): void {
    if (this.byUin.size <= MAX_ACCOUNTS) return;
    let oldest: Account | undefined;
    for (const a of this.byUin.values()) {
      if (a.session?.active === true || a === this.pending) continue;
      if (oldest === undefined || a.lastUsed < oldest.lastUsed) oldest = a;
    }
    if (oldest === undefined) return;
    this.byUin.delete(oldest.uin);
    if (oldest === this.lastAssigned) this.lastAssigned = undefined;
  }
}
