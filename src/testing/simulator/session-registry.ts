/**
 * Every session of the simulator, indexed the ways requests identify them (wxsid from BaseRequest/query/cookie,
 * skey for calls that carry only that). Ended sessions are kept for a while so their calls keep answering the end
 * code, then dropped; the count is bounded (ended sessions go first, then the longest idle).
 */
import type { Session } from './session.js';

/** How long an ended session still answers its end code before it is forgotten. */
const ENDED_RETENTION_MS = 10 * 60_000;

export class SessionRegistry {
  private readonly bySid = new Map<string, Session>();
  private readonly bySkey = new Map<string, Session>();
  /** The latest session by login uuid and by uin as digits: injects name their session this way, many per second. */
  private readonly byKey = new Map<string, Session>();
  private readonly ordered: Session[] = [];

  constructor(private readonly maxSessions: number) {}

  add(session: Session): void {
    this.bySid.set(session.sid, session);
    this.bySkey.set(session.skey, session);
    for (const key of keysOf(session)) this.byKey.set(key, session);
    this.ordered.push(session);
    while (this.ordered.length > this.maxSessions) {
      const victim = this.ordered.find((s) => !s.active) ?? this.longestIdle();
      if (victim === undefined) break;
      this.remove(victim);
    }
  }

  /** Makes `skey` find the session too (after webwxinit hands out a new one). */
  indexSkey(session: Session, skey: string): void {
    this.bySkey.set(skey, session);
  }

  bySessionId(sid: string): Session | undefined {
    return this.bySid.get(sid);
  }

  bySessionKey(skey: string): Session | undefined {
    return this.bySkey.get(skey);
  }

  /** By login uuid or uin (as a number or digits). */
  lookup(key: string | number): Session | undefined {
    return this.byKey.get(String(key));
  }

  latestActive(): Session | undefined {
    for (let i = this.ordered.length - 1; i >= 0; i--) {
      const s = this.ordered[i] as Session;
      if (s.active) return s;
    }
    return undefined;
  }

  all(): readonly Session[] {
    return this.ordered;
  }

  remove(session: Session): void {
    const index = this.ordered.indexOf(session);
    if (index >= 0) this.ordered.splice(index, 1);
    if (this.bySid.get(session.sid) === session) this.bySid.delete(session.sid);
    for (const skey of [session.skey, session.loginSkey]) if (this.bySkey.get(skey) === session) this.bySkey.delete(skey);
    for (const key of keysOf(session)) {
      if (this.byKey.get(key) !== session) continue;
      // Another session of the same account (a relogin) answers to its uin again: the latest one left.
      const previous = this.ordered.findLast((s) => keysOf(s).includes(key));
      if (previous === undefined) this.byKey.delete(key);
      else this.byKey.set(key, previous);
    }
  }

  /** Ends sessions idle past `idleMs` (1101) and forgets ended ones past the retention time. */
  sweep(now: number, idleMs: number): void {
    for (const s of [...this.ordered]) {
      if (s.active && now - s.lastSeen > idleMs) s.end(1101, now);
      if (!s.active && now - (s.endedAt ?? now) > ENDED_RETENTION_MS) this.remove(s);
    }
  }

  clear(): void {
    this.bySid.clear();
    this.bySkey.clear();
    this.byKey.clear();
    this.ordered.length = 0;
  }

  private longestIdle(): Session | undefined {
    let oldest: Session | undefined;
    for (const s of this.ordered) if (oldest === undefined || s.lastSeen < oldest.lastSeen) oldest = s;
    return oldest;
  }
}

const keysOf = (session: Session): readonly string[] => [session.uuid, String(session.uin)];
