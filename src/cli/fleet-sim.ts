/**
 * `wechat-rx fleet --sim [N]`: a local fleet that needs nothing but Redis. The embedded Web simulator runs in this
 * process (its phone confirms every login by itself) and is the fleet's server; N accounts are added under the first
 * names the fleet does not have yet (sim-1, sim-2…); and every few seconds a friend of one of them writes, so the
 * demo bot always has something to answer.
 */
import { randomInt } from 'node:crypto';
import { catchError, concat, defer, EMPTY, filter, mergeMap, type Observable, of, tap, throwError } from 'rxjs';
import type { AddAccountStep } from '../fleet/add-account.js';
import type { Fleet } from '../fleet/create-fleet.js';
import { isAccountExistsError } from '../redis/fleet-errors.js';
import { startSimulator, type Simulator } from '../testing/simulator/index.js';
import type { Printer } from './terminal.js';

export type AddedAccount = Extract<AddAccountStep, { readonly type: 'added' }>;

const TRAFFIC_EVERY_MS = 2_000;
const TEXTS = ['ping', 'hello from the simulator', 'help'];
/** Names already taken that are skipped at most, looking for free ones. */
const MAX_TAKEN_NAMES = 1_000;

export class FleetSimulator {
  /** The simulated accounts' uins (the simulator's handle on their sessions) and their names in the fleet. */
  private readonly accounts = new Map<number, string>();
  private traffic: NodeJS.Timeout | undefined;
  private written = 0;

  private constructor(private readonly sim: Simulator) {}

  static async start(): Promise<FleetSimulator> {
    // A new seed each run: the sessions an earlier run left in Redis never match this run's accounts.
    const sim = await startSimulator({
      seed: randomInt(1, 2 ** 31),
      autoConfirm: true,
      loginHoldMs: 2_000,
      syncHoldMs: 5_000,
      world: { friends: 6, groups: 2, groupSize: 8 },
    });
    return new FleetSimulator(sim);
  }

  get origin(): string {
    return this.sim.origin;
  }

  /** Adds `count` accounts one after another, skipping the names the fleet has; emits each one added. */
  addAccounts(fleet: Fleet, count: number): Observable<AddedAccount> {
    const addFrom = (n: number, left: number): Observable<AddedAccount> => {
      if (left === 0) return EMPTY;
      if (n > count + MAX_TAKEN_NAMES) return throwError(() => new Error(`the fleet already has accounts sim-1 to sim-${n - 1}: use another --namespace`));
      const before = new Set(this.sim.sessions().map((session) => session.uin));
      const attempt$ = fleet.addAccount({ account: `sim-${n}` }).pipe(
        filter((step): step is AddedAccount => step.type === 'added'),
        tap((added) => this.remember(added.account, before)),
        catchError((error: unknown) => (isAccountExistsError(error) ? of(undefined) : throwError(() => error))),
      );
      return attempt$.pipe(mergeMap((added) => (added === undefined ? addFrom(n + 1, left) : concat(of(added), defer(() => addFrom(n + 1, left - 1))))));
    };
    return addFrom(1, count);
  }

  /** Every few seconds, a friend of one simulated account writes to it (in turn). */
  startTraffic(print: Printer): void {
    this.traffic ??= setInterval(() => this.writeOne(print), TRAFFIC_EVERY_MS);
  }

  async close(): Promise<void> {
    clearInterval(this.traffic);
    await this.sim.close();
  }

  private remember(account: string, before: ReadonlySet<number>): void {
    const session = this.sim.sessions().find((s) => s.active && !before.has(s.uin));
    if (session !== undefined) this.accounts.set(session.uin, account);
  }

  private writeOne(print: Printer): void {
    const accounts = [...this.accounts];
    if (accounts.length === 0) return;
    const turn = this.written++;
    const [uin, account] = accounts[turn % accounts.length]!;
    const friends = this.sim.world({ session: uin }).friends();
    const friend = friends[turn % friends.length]!;
    const text = TEXTS[turn % TEXTS.length]!;
    try {
      this.sim.inject({ session: uin, from: friend.id, text });
      print.line('info', `simulator: ${friend.nickName} writes "${text}" to ${account}`);
    } catch (error) {
      print.line('warn', `simulator: cannot write to ${account}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
