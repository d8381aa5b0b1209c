import { Observable, Subject } from 'rxjs';
import { flatString } from '../util/flat-string.js';
import { intern } from '../util/intern.js';
import { Cookie, cookieCompare, CookieJar as ToughCookieJar, type SerializedCookieJar } from 'tough-cookie';
import { CompactCookieStore } from './compact-cookie-store.js';

/**
 * How long the cookies matched for a URL (query aside) are reused, for its `Cookie` header and for `get`. Matching
 * cookies against a URL costs tens of microseconds (tough-cookie's matching and expiry dates), paid twice per
 * message in a sync loop and once per upload chunk (its `webwx_data_ticket`);
 * every change through this wrapper drops the cache at once and a cookie's expiry ends it early, so the limit only
 * bounds how late a change made to the tough-cookie jar behind this wrapper's back is seen. With 1,000 sessions a
 * one-second limit meant a miss on almost every long poll.
 */
const MATCH_CACHE_MS = 30_000;
/** URLs (query aside) whose cookies are kept; one session uses a handful. */
const MATCH_CACHE_SIZE = 64;

/** The jar as plain JSON (tough-cookie's serialization), for saving a session. */
export type CookieJarJSON = SerializedCookieJar;

/**
 * One cookie jar for every WeChat host, with RFC 6265 scoping from tough-cookie: `Domain=.qq.com` (as the server sets
 * `webwx_data_ticket`) reaches `file.` and `webpush.` hosts, host-only cookies stay on their host.
 *
 * Loopback servers (127.0.0.0/8, `localhost`, `[::1]`) stand in for every host in tests, so a cookie they set is
 * stored host-only whatever `Domain` it names; otherwise the simulator's `Domain=.qq.com` would be rejected.
 */
export class WxCookieJar {
  readonly #jar: ToughCookieJar;
  readonly #changes = new Subject<void>();
  readonly #matched = new Map<string, { readonly header: string; readonly until: number }>();

  /**
   * Emits after any call that changed the jar's contents (a new, updated or removed cookie), so the session can be
   * saved at once. Re-sent identical cookies don't emit. Hot; nothing is replayed to late subscribers.
   */
  readonly changes$: Observable<void> = this.#changes.asObservable();

  /** @param jar tough-cookie's jar behind this one. @default a jar on a `CompactCookieStore` */
  constructor(jar: ToughCookieJar = new ToughCookieJar(new CompactCookieStore())) {
    this.#jar = jar;
  }

  /** Restores a jar saved with `serialize()` (also accepts its `JSON.stringify` form). */
  static fromJSON(json: CookieJarJSON | string): WxCookieJar {
    return new WxCookieJar(ToughCookieJar.deserializeSync(json, new CompactCookieStore()));
  }

  /**
   * Every cookie, values included, as tough-cookie serializes them: what a session store saves. A method of its own
   * rather than `toJSON`, so `JSON.stringify` of a transport, a client or a log record holding the jar never writes
   * the session's cookies.
   */
  serialize(): CookieJarJSON {
    const json = this.#jar.serializeSync();
    if (json === undefined) throw new TypeError('the cookie store cannot be serialized synchronously');
    return json;
  }

  /** The `Cookie` header value for a request to `url` (`''` when no cookie applies). */
  cookieHeader(url: string): string {
    return this.#matching(url);
  }

  /** The value of cookie `name` as a request to `url` would send it (e.g. `webwx_data_ticket` for uploads). */
  get(name: string, url: string): string | undefined {
    const prefix = `${name}=`;
    for (const pair of this.#matching(url).split('; ')) if (pair.startsWith(prefix)) return pair.slice(prefix.length);
    return undefined;
  }

  /** The `Cookie` header of a request to `url`; cached until a change, an expiry or the time limit. */
  #matching(url: string): string {
    const query = url.indexOf('?');
    const key = query < 0 ? url : url.slice(0, query);
    const now = Date.now();
    const cached = this.#matched.get(key);
    if (cached !== undefined && cached.until > now) return cached.header;
    const cookies = this.#jar.getCookiesSync(url).sort(cookieCompare);
    let until = now + MATCH_CACHE_MS;
    for (const cookie of cookies) {
      const expiry = expiresBy(cookie);
      if (expiry !== undefined && expiry < until) until = expiry;
    }
    let header = cookies.map((cookie) => cookie.cookieString()).join('; ');
    // A session's URLs mostly get the same cookies: one header for all of them, not one per URL.
    for (const other of this.#matched.values()) {
      if (other.header === header) {
        header = other.header;
        break;
      }
    }
    if (this.#matched.size >= MATCH_CACHE_SIZE) this.#matched.clear();
    // A slice of the URL would keep all of it, query and credentials included, alive as long as the entry; the
    // sessions of a process share one copy.
    this.#matched.set(intern(key), { header, until });
    return header;
  }

  /**
   * Applies the `Set-Cookie` headers of a response from `url`. Invalid cookies are skipped, as a browser does.
   * @returns whether the jar changed
   */
  store(url: string, setCookieHeaders: readonly string[]): boolean {
    if (setCookieHeaders.length === 0) return false;
    const loopback = isLoopback(url);
    return this.#change(() => {
      for (const header of setCookieHeaders) {
        const cookie = Cookie.parse(header);
        if (cookie === undefined) continue;
        // Parsed names and values are slices that keep their whole header alive for the cookie's life; names repeat
        // in every session, one pooled copy serves them all.
        cookie.key = intern(cookie.key);
        cookie.value = flatString(cookie.value);
        if (loopback) cookie.domain = null;
        this.#jar.setCookieSync(cookie, url, { ignoreError: true });
      }
    });
  }

  /**
   * Adds the cookies of a saved jar (`serialize()`), each replacing the one with the same name, domain and path: a
   * session resumed on a transport whose jar starts empty. Expired cookies are left out.
   * @returns whether the jar changed
   */
  restore(json: CookieJarJSON | string): boolean {
    const saved = ToughCookieJar.deserializeSync(json);
    const now = Date.now();
    return this.#change(() => {
      for (const cookie of cookiesOf(saved)) {
        if (cookie.TTL(now) > 0) this.#jar.store.putCookie(cookie, ignoreError);
      }
    });
  }

  /** Drops every cookie (after a logout that should not allow push login). */
  clear(): void {
    this.#change(() => this.#jar.removeAllCookiesSync());
  }

  /** Applies a change to the jar: drops the match cache and emits on `changes$` when the contents changed. */
  #change(apply: () => void): boolean {
    this.#matched.clear();
    const before = this.#state();
    apply();
    const changed = this.#state() !== before;
    if (changed) this.#changes.next();
    return changed;
  }

  /**
   * What tells a change: the store's revision when it counts them (the default store), else a fingerprint of its
   * cookies. Counted, a five-cookie `store` into an eight-cookie jar takes 17–18 µs instead of 26–34 (no copy of
   * every cookie before and after).
   */
  #state(): number | string {
    const store = this.#jar.store;
    return store instanceof CompactCookieStore ? store.revision : this.#fingerprint();
  }

  /**
   * Everything that identifies a cookie and its lifetime, but not the access times that every read updates. Read off
   * the store's cookies as they are: serializing the jar for it (every field of every cookie, dates as ISO strings)
   * cost 80 of the 106 µs of a five-cookie `store` into an eight-cookie jar (the two fingerprints of a store), this
   * way they cost about 7.
   */
  #fingerprint(): string {
    return cookiesOf(this.#jar)
      .map((c) => {
        const expires = c.expires instanceof Date ? c.expires.getTime() : c.expires;
        // No control characters in a parsed cookie (tough-cookie's parser refuses them), so NUL separates fields.
        return [c.key, c.value, c.domain, c.path, expires, c.maxAge, c.secure, c.httpOnly, c.hostOnly].join('\u0000');
      })
      .sort()
      .join('\n');
  }
}

/**
 * Every cookie of `jar`'s store. A synchronous store (tough-cookie's own, and any `serializeSync` works with) answers
 * before this returns.
 */
function cookiesOf(jar: ToughCookieJar): readonly Cookie[] {
  let cookies: readonly Cookie[] = [];
  jar.store.getAllCookies((error, all) => {
    if (error === null && all !== undefined) cookies = all;
  });
  return cookies;
}

const ignoreError = (): void => undefined;

/**
 * When the match cache must let `cookie` go. tough-cookie counts Max-Age from the last access, which its read has just
 * moved to now; counted from the cookie's creation instead, the cache entry ends no later than the cookie does.
 */
function expiresBy(cookie: Cookie): number | undefined {
  if (typeof cookie.maxAge === 'number' && cookie.creation instanceof Date) return cookie.creation.getTime() + Math.max(0, cookie.maxAge) * 1000;
  return cookie.expiryTime();
}

function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
