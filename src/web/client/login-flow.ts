import { concat, defer, EMPTY, expand, map, type Observable, of, retry, switchMap, throwError } from 'rxjs';
import { retryBackoff } from '../../retry/retry-backoff.js';
import { QrExpiredError } from '../../errors/qr-expired-error.js';
import { UnsafeRedirectError } from '../../errors/unsafe-redirect-error.js';
import { call } from './call.js';
import type { Transport } from '../../http/transport.js';
import type { Env, SessionCredentials } from '../protocol/endpoints/context.js';
import type { TimeoutOverrides } from '../protocol/endpoints/index.js';
import { type DesktopLoginOptions, jslogin, login, webwxnewloginpage, webwxpushloginurl } from '../protocol/endpoints/login.js';
import { deriveHosts, type Hosts, isWeChatHost, qrContent } from '../protocol/hosts.js';
import { deviceId } from '../protocol/ids.js';
import type { LoginPollResult as LoginPoll } from '../protocol/login-bodies.js';
import type { LoginEvent } from './types.js';

export interface LoginDeps {
  readonly transport: Transport;
  readonly env: Env;
  readonly hosts: Hosts;
  readonly server: string | undefined;
  readonly desktop: DesktopLoginOptions;
  readonly timeouts: TimeoutOverrides | undefined;
  /** New uuids fetched after the first one expired. */
  readonly maxQrRefresh: number;
}

/** A login step, or the confirmed `redirect_uri` that ends the scan phase. */
export type ScanStep = Exclude<LoginEvent, { type: 'logged-in' }> | { readonly type: 'redirect'; readonly redirectUri: string };

/** Transient poll failures (network, timeouts) are retried a few times before the login gives up. */
const pollRetry = retryBackoff<LoginPoll>({ count: 5, initialDelay: 1000, maxDelay: 8000 });

/** Polls `login` for one uuid until it is confirmed (200) or dead (400 / unknown code): 408 and 201 poll again at once. */
function pollUntilDecided(deps: LoginDeps, uuid: string): Observable<LoginPoll> {
  const ctx = { hosts: deps.hosts, env: deps.env, ...(deps.timeouts ? { timeouts: deps.timeouts } : {}) };
  const poll = (tip: 0 | 1) =>
    call(deps.transport, login, ctx, { uuid, tip }).pipe(
      pollRetry,
      map((result) => ({ result, tip: result.code === 201 ? (0 as const) : tip })),
    );
  return poll(1).pipe(
    expand(({ result, tip }) => (result.kind === 'waiting' || result.kind === 'scanned' ? poll(tip) : EMPTY)),
    map(({ result }) => result),
  );
}

/** Turns the poll results for one uuid into login steps; a dead uuid emits `qr-expired` and fails with `QrExpiredError`. */
function stepsFor(deps: LoginDeps, uuid: string, refreshes: number): Observable<ScanStep> {
  let scanned = false;
  return pollUntilDecided(deps, uuid).pipe(
    switchMap((result): Observable<ScanStep> => {
      switch (result.kind) {
        case 'waiting':
          return EMPTY;
        case 'scanned':
          if (scanned) return EMPTY;
          scanned = true;
          return of(result.avatar === undefined ? { type: 'scanned' as const } : { type: 'scanned' as const, avatar: result.avatar });
        case 'confirmed':
          return of({ type: 'confirmed' as const }, { type: 'redirect' as const, redirectUri: result.redirectUri });
        default:
          return concat(of({ type: 'qr-expired' as const }), throwError(() => new QrExpiredError(refreshes)));
      }
    }),
  );
}

/**
 * The QR login: jslogin → `uuid` → poll → `scanned` → `confirmed` → `redirect`. An expired uuid is replaced by a
 * new one up to `maxQrRefresh` times; then the stream fails with `QrExpiredError`.
 */
export function qrLogin$(deps: LoginDeps): Observable<ScanStep> {
  return defer(() => {
    let refreshes = 0;
    const ctx = { hosts: deps.hosts, env: deps.env, ...(deps.timeouts ? { timeouts: deps.timeouts } : {}) };
    const attempt$ = defer(() =>
      call(deps.transport, jslogin, ctx, deps.desktop).pipe(
        retryBackoff({ count: 3, initialDelay: 1000 }),
        switchMap(({ uuid }) =>
          concat(of<ScanStep>({ type: 'uuid', uuid, qrUrl: qrContent(uuid) }), stepsFor(deps, uuid, refreshes)),
        ),
      ),
    );
    return attempt$.pipe(
      retry({
        delay: (error: unknown) =>
          error instanceof QrExpiredError && refreshes++ < deps.maxQrRefresh ? of(0) : throwError(() => error),
      }),
    );
  });
}

/**
 * Push login (no scan): webwxpushloginurl with the saved `uin` and cookie jar gives a uuid the phone confirms.
 * Fails with a `RetcodeError` when the server refuses (then the caller falls back to a QR login).
 */
export function pushLogin$(deps: LoginDeps, uin: number): Observable<ScanStep> {
  const ctx = { hosts: deps.hosts, env: deps.env, ...(deps.timeouts ? { timeouts: deps.timeouts } : {}) };
  return call(deps.transport, webwxpushloginurl, ctx, uin).pipe(switchMap((answer) => stepsFor(deps, answer.uuid, deps.maxQrRefresh)));
}

/** What the login page exchange yields: the session's credentials and the hosts derived from `redirect_uri`. */
export interface Ticket {
  readonly credentials: SessionCredentials;
  readonly hosts: Hosts;
}

/**
 * Exchanges the confirmed `redirect_uri` for credentials (webwxnewloginpage, never following its 301). A redirect
 * to a host that is neither a WeChat host nor the configured server stops the login before anything is sent.
 */
export function exchangeTicket$(deps: LoginDeps, redirectUri: string): Observable<Ticket> {
  return defer(() => {
    const target = new URL(redirectUri);
    const allowed =
      (target.protocol === 'https:' && isWeChatHost(target.hostname)) ||
      (deps.server !== undefined && target.origin === new URL(deps.server).origin);
    if (!allowed) return throwError(() => new UnsafeRedirectError(target.hostname));
    const hosts = deriveHosts(redirectUri, deps.server);
    const ctx = { hosts, env: deps.env, ...(deps.timeouts ? { timeouts: deps.timeouts } : {}) };
    return call(deps.transport, webwxnewloginpage, ctx, { redirectUri, ...deps.desktop }).pipe(
      map((page) => ({
        hosts,
        credentials: {
          uin: Number(page.wxuin),
          sid: page.wxsid,
          skey: page.skey,
          passTicket: page.passTicket,
          deviceId: deviceId(() => deps.env.random()),
        },
      })),
    );
  });
}
