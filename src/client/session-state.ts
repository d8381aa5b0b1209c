import type { RawContact, SyncKey } from '../protocol/codecs/common.js';
import type { Hosts } from '../protocol/hosts.js';
import type { SessionCredentials } from '../protocol/requests.js';
import type { SavedSession } from '../session/saved-session.js';
import { DedupeWindow } from './dedupe-window.js';

/**
 * The mutable state of one logged-in session: credentials (skey changes with `SKey`), hosts, the two sync keys kept
 * apart, the logged-in user, the contacts seen so far and the dedupe window. Owned by one client.
 */
export class SessionState {
  readonly contacts = new Map<string, RawContact>();
  readonly seen: DedupeWindow;

  constructor(
    public credentials: SessionCredentials,
    public hosts: Hosts,
    public user: RawContact,
    public syncKey: SyncKey,
    public syncCheckKey: SyncKey,
    public inviteStartCount: number,
    dedupeCapacity: number,
    recentIds: readonly string[] = [],
  ) {
    this.seen = new DedupeWindow(dedupeCapacity, recentIds);
  }

  static fromSaved(saved: SavedSession, dedupeCapacity: number): SessionState {
    return new SessionState(
      saved.credentials,
      saved.hosts,
      saved.user,
      saved.syncKey,
      saved.syncCheckKey,
      saved.inviteStartCount ?? 40,
      dedupeCapacity,
      saved.recentMessageIds,
    );
  }

  toSaved(cookies: unknown, savedAt: number): SavedSession {
    return {
      version: 1,
      credentials: { ...this.credentials },
      hosts: { ...this.hosts },
      user: this.user,
      syncKey: this.syncKey,
      syncCheckKey: this.syncCheckKey,
      cookies,
      recentMessageIds: this.seen.toArray(),
      savedAt,
      inviteStartCount: this.inviteStartCount,
    };
  }

  /** A non-empty `SKey` from webwxinit/webwxsync replaces the skey (PROTOCOL.md §1.4). */
  updateSkey(skey: string | undefined): void {
    if (skey) this.credentials = { ...this.credentials, skey };
  }
}
