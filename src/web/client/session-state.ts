import { type ContactLimits, ContactStore } from '../contacts/store.js';
import type { SyncKey } from '../protocol/codecs/common.js';
import type { RawContact } from '../../model/raw/shapes.js';
import type { Hosts } from '../protocol/hosts.js';
import { syncKeyFromString, syncKeyString } from '../protocol/ids.js';
import type { SessionCredentials } from '../protocol/endpoints/context.js';
import { contactWithoutCredentials } from '../../model/raw/without-credentials.js';
import type { SavedSession } from '../session/saved-session.js';
import { DedupeWindow } from './dedupe-window.js';

/** How a session's contact store starts: ids saved by an earlier session, and the memory bounds. */
export interface ContactStoreSetup {
  readonly previousIds?: Readonly<Record<string, string>>;
  readonly limits?: ContactLimits;
}

/**
 * The mutable state of one logged-in session: credentials (skey changes with `SKey`), hosts, the two sync keys kept
 * apart, the logged-in user, the contact store and the dedupe window. Owned by one client.
 */
export class SessionState {
  readonly contacts: ContactStore;
  readonly seen: DedupeWindow;
  /**
   * The logged-in user as the public sees it (`client.user`, `login$`, the `online` state): no credential, so its
   * `Uin` reads 0 and its `HeadImgUrl` has no `skey` (see `contactWithoutCredentials`). The uin push login needs is
   * `credentials.uin`.
   */
  readonly user: RawContact;
  /** The keys as their `syncKeyString` text: a session holds them for as long as its poll is held. */
  #syncKey: string;
  #syncCheckKey: string;

  constructor(
    public credentials: SessionCredentials,
    public hosts: Hosts,
    user: RawContact,
    syncKey: SyncKey,
    syncCheckKey: SyncKey,
    public inviteStartCount: number,
    dedupeCapacity: number,
    recentIds: readonly string[] = [],
    contacts: ContactStoreSetup = {},
  ) {
    this.#syncKey = syncKeyString(syncKey);
    this.#syncCheckKey = syncKeyString(syncCheckKey);
    this.user = contactWithoutCredentials(user);
    this.seen = new DedupeWindow(dedupeCapacity, recentIds);
    this.contacts = new ContactStore({
      self: this.user,
      ...(contacts.previousIds === undefined ? {} : { previousIds: contacts.previousIds }),
      ...(contacts.limits === undefined ? {} : { limits: contacts.limits }),
    });
  }

  /** The key webwxsync sends. */
  get syncKey(): SyncKey {
    return syncKeyFromString(this.#syncKey);
  }

  set syncKey(key: SyncKey) {
    this.#syncKey = syncKeyString(key);
  }

  /** The key synccheck sends (the `SyncKey` until a sync brought a `SyncCheckKey`). */
  get syncCheckKey(): SyncKey {
    return syncKeyFromString(this.#syncCheckKey);
  }

  set syncCheckKey(key: SyncKey) {
    this.#syncCheckKey = syncKeyString(key);
  }

  /** `syncKey` as its `syncKeyString` text, what the loop's requests are built from. */
  get syncKeyText(): string {
    return this.#syncKey;
  }

  get syncCheckKeyText(): string {
    return this.#syncCheckKey;
  }

  /** A saved session; one saved by an older version still holds the user as the server sent it, cleaned here too. */
  static fromSaved(saved: SavedSession, dedupeCapacity: number, limits?: ContactLimits): SessionState {
    return new SessionState(
      saved.credentials,
      saved.hosts,
      saved.user,
      saved.syncKey,
      saved.syncCheckKey,
      saved.inviteStartCount ?? 40,
      dedupeCapacity,
      saved.recentMessageIds,
      { ...(saved.stableIds === undefined ? {} : { previousIds: saved.stableIds }), ...(limits === undefined ? {} : { limits }) },
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
      stableIds: this.contacts.stableIds(),
    };
  }

  /** A non-empty `SKey` from webwxinit/webwxsync replaces the skey (docs/protocol.md §1.4). */
  updateSkey(skey: string | undefined): void {
    if (skey) this.credentials = { ...this.credentials, skey };
  }
}
