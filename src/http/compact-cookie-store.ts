import { intern } from '../util/intern.js';
import { Cookie, pathMatch, permuteDomain, Store, type Callback, type ErrorCallback, type Nullable } from 'tough-cookie';

/**
 * A cookie as the store keeps it: its attributes with times as epoch milliseconds instead of `Date`s. tough-cookie's
 * `Cookie` holds two or three `Date`s (creation, last access, expiry) of about 90 bytes each; with its index of
 * nested objects, a session's eight cookies took 4.3 KB of heap in `MemoryCookieStore`, 2.7 KB here, their names,
 * values and domains included (heap snapshots; docs/benchmarks.md, "the cookie jar").
 */
class PackedCookie {
  readonly key: string;
  readonly value: string;
  readonly domain: string;
  readonly path: string;
  /** Epoch ms; `Infinity` for a session cookie (tough-cookie's `'Infinity'` or `null`). */
  readonly expires: number;
  readonly maxAge: Cookie['maxAge'];
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly hostOnly: boolean | null;
  readonly pathIsDefault: boolean | null;
  readonly sameSite: string | undefined;
  readonly extensions: string[] | null;
  /** Epoch ms, or `Infinity`. */
  readonly creation: number;
  readonly creationIndex: number;
  /** When it was stored, epoch ms (`null` when the cookie had no time): its Max-Age counts from then. */
  readonly lastAccessed: number | null;

  constructor(cookie: Cookie, domain: string, path: string) {
    // Names, domains and paths repeat in every session: one copy for the process (values are per session).
    this.key = intern(cookie.key);
    this.value = cookie.value;
    this.domain = intern(domain);
    this.path = intern(path);
    this.expires = cookie.expires instanceof Date ? cookie.expires.getTime() : Infinity;
    this.maxAge = cookie.maxAge;
    this.secure = cookie.secure;
    this.httpOnly = cookie.httpOnly;
    this.hostOnly = cookie.hostOnly;
    this.pathIsDefault = cookie.pathIsDefault;
    this.sameSite = cookie.sameSite;
    this.extensions = cookie.extensions;
    this.creation = epochMs(cookie.creation) ?? Infinity;
    this.creationIndex = cookie.creationIndex;
    this.lastAccessed = epochMs(cookie.lastAccessed);
  }

  /** Whether this is the cookie tough-cookie names by `domain`, `path` and `key` (one per such triple). */
  is(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>): boolean {
    return this.domain === domain && this.path === path && this.key === key;
  }

  /** Whether `other` says the same as this: name, value, scope and lifetime (access times aside). */
  sameAs(other: PackedCookie): boolean {
    return (
      this.is(other.domain, other.path, other.key) &&
      this.value === other.value &&
      this.expires === other.expires &&
      this.maxAge === other.maxAge &&
      this.secure === other.secure &&
      this.httpOnly === other.httpOnly &&
      this.hostOnly === other.hostOnly
    );
  }

  /** A new `Cookie` with these attributes (a caller may change it: tough-cookie sets its last access). */
  unpack(): Cookie {
    const cookie = new Cookie({
      key: this.key,
      value: this.value,
      domain: this.domain,
      path: this.path,
      expires: this.expires === Infinity ? 'Infinity' : new Date(this.expires),
      maxAge: this.maxAge,
      secure: this.secure,
      httpOnly: this.httpOnly,
      hostOnly: this.hostOnly,
      pathIsDefault: this.pathIsDefault,
      sameSite: this.sameSite,
      extensions: this.extensions,
      creation: this.creation === Infinity ? 'Infinity' : new Date(this.creation),
      lastAccessed: this.lastAccessed === null ? null : this.lastAccessed === Infinity ? 'Infinity' : new Date(this.lastAccessed),
    });
    cookie.creationIndex = this.creationIndex;
    return cookie;
  }
}

const epochMs = (time: Date | 'Infinity' | null): number | null => (time instanceof Date ? time.getTime() : time === 'Infinity' ? Infinity : null);

function answer<T>(result: T, callback: Callback<T> | undefined): Promise<T> | undefined {
  if (callback === undefined) return Promise.resolve(result);
  callback(null, result);
  return undefined;
}

function done(callback: ErrorCallback | undefined): Promise<void> | undefined {
  if (callback === undefined) return Promise.resolve();
  callback(null);
  return undefined;
}

/**
 * A synchronous tough-cookie `Store` in memory, like its `MemoryCookieStore`, that keeps each cookie packed (see
 * `PackedCookie`) in one array, and hands out a new `Cookie` for every one it finds. A cookie keeps the last-access
 * time it was stored with: tough-cookie counts Max-Age from the last access and moves it on every read of its own
 * store, so a Max-Age cookie read often there never expires; here it expires Max-Age after it was received, as RFC
 * 6265 has it (sections 5.2.2 and 5.3: the expiry time is set when the cookie is received and stored).
 */
export class CompactCookieStore extends Store {
  /** In creation order. A session holds about ten cookies: a scan costs less than an index of them would weigh. */
  #cookies: PackedCookie[] = [];
  #revision = 0;

  constructor() {
    super();
    this.synchronous = true;
  }

  /**
   * Counts the changes of what the store holds: a cookie added, removed, or replaced by one that differs in more than
   * its access times. A cookie sent again as it was is stored again (its Max-Age restarts) but not counted.
   */
  get revision(): number {
    return this.#revision;
  }

  override findCookie(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>): Promise<Cookie | undefined>;
  override findCookie(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>, callback: Callback<Cookie | undefined>): void;
  override findCookie(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>, callback?: Callback<Cookie | undefined>): Promise<Cookie | undefined> | undefined {
    const found = this.#cookies.find((cookie) => cookie.is(domain, path, key));
    return answer(found?.unpack(), callback);
  }

  override findCookies(domain: Nullable<string>, path: Nullable<string>, allowSpecialUseDomain?: boolean): Promise<Cookie[]>;
  override findCookies(domain: Nullable<string>, path: Nullable<string>, allowSpecialUseDomain?: boolean, callback?: Callback<Cookie[]>): void;
  override findCookies(domain: Nullable<string>, path: Nullable<string>, allowSpecialUseDomain = false, callback?: Callback<Cookie[]>): Promise<Cookie[]> | undefined {
    const found: Cookie[] = [];
    if (domain) {
      const domains = new Set(permuteDomain(domain, allowSpecialUseDomain) ?? [domain]);
      for (const cookie of this.#cookies) {
        if (domains.has(cookie.domain) && (!path || pathMatch(path, cookie.path))) found.push(cookie.unpack());
      }
    }
    return answer(found, callback);
  }

  override putCookie(cookie: Cookie): Promise<void>;
  override putCookie(cookie: Cookie, callback: ErrorCallback): void;
  override putCookie(cookie: Cookie, callback?: ErrorCallback): Promise<void> | undefined {
    this.#put(cookie);
    return done(callback);
  }

  override updateCookie(oldCookie: Cookie, newCookie: Cookie): Promise<void>;
  override updateCookie(oldCookie: Cookie, newCookie: Cookie, callback: ErrorCallback): void;
  override updateCookie(_oldCookie: Cookie, newCookie: Cookie, callback?: ErrorCallback): Promise<void> | undefined {
    this.#put(newCookie);
    return done(callback);
  }

  override removeCookie(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>): Promise<void>;
  override removeCookie(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>, callback: ErrorCallback): void;
  override removeCookie(domain: Nullable<string>, path: Nullable<string>, key: Nullable<string>, callback?: ErrorCallback): Promise<void> | undefined {
    this.#keep((cookie) => !cookie.is(domain, path, key));
    return done(callback);
  }

  override removeCookies(domain: string, path: Nullable<string>): Promise<void>;
  override removeCookies(domain: string, path: Nullable<string>, callback: ErrorCallback): void;
  override removeCookies(domain: string, path: Nullable<string>, callback?: ErrorCallback): Promise<void> | undefined {
    this.#keep((cookie) => cookie.domain !== domain || (!!path && cookie.path !== path));
    return done(callback);
  }

  override removeAllCookies(): Promise<void>;
  override removeAllCookies(callback: ErrorCallback): void;
  override removeAllCookies(callback?: ErrorCallback): Promise<void> | undefined {
    this.#keep(() => false);
    return done(callback);
  }

  #put(cookie: Cookie): void {
    const { domain, path, key } = cookie;
    if (domain == null || path == null) return;
    const packed = new PackedCookie(cookie, domain, path);
    const at = this.#cookies.findIndex((old) => old.is(domain, path, key));
    const old = this.#cookies[at];
    // Stored again even when it says the same: its Max-Age counts from this receipt.
    if (old === undefined) this.#cookies.push(packed);
    else this.#cookies[at] = packed;
    if (old?.sameAs(packed) !== true) this.#revision++;
  }

  #keep(wanted: (cookie: PackedCookie) => boolean): void {
    const kept = this.#cookies.filter(wanted);
    if (kept.length === this.#cookies.length) return;
    this.#cookies = kept;
    this.#revision++;
  }

  override getAllCookies(): Promise<Cookie[]>;
  override getAllCookies(callback: Callback<Cookie[]>): void;
  override getAllCookies(callback?: Callback<Cookie[]>): Promise<Cookie[]> | undefined {
    const all = this.#cookies.map((cookie) => cookie.unpack()).sort((a, b) => a.creationIndex - b.creationIndex);
    return answer(all, callback);
  }
}
