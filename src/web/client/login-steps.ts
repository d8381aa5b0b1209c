import { catchError, concat, concatMap, map, type Observable, of, switchMap, throwError } from 'rxjs';
import { isQrExpiredError, isRetcodeError } from '../../errors/guards.js';
import type { Env } from '../protocol/endpoints/context.js';
import { defaultHosts, type Hosts } from '../protocol/hosts.js';
import type { ClientTransport } from './client-transport.js';
import { exchangeTicket$, type LoginDeps, pushLogin$, qrLogin$, type ScanStep } from './login-flow.js';
import type { ClientOptions } from './options.js';
import { initSession$, type SessionDeps } from './session-init.js';
import type { SessionState } from './session-state.js';

/** The end of a login: the session is ready. */
export type Established = { readonly type: 'established'; readonly state: SessionState; readonly resumed: boolean };
export type LoginStep = ScanStep | Established;

export interface LoginStepsDeps {
  readonly options: ClientOptions;
  readonly env: Env;
  readonly transport: ClientTransport;
  readonly sessionDeps: () => SessionDeps;
}

/**
 * The ways a client gets a new session: a QR login, or a push login that falls back to QR, each through the
 * ticket exchange and the session start, on the hosts the client may use.
 */
export class LoginSteps {
  constructor(private readonly deps: LoginStepsDeps) {}

  qr$(): Observable<LoginStep> {
    return this.establish$(qrLogin$(this.loginDeps()));
  }

  /**
   * Push login for `uin`; if the server or the phone refuses it and QR is allowed, a fresh QR login. Both go to the
   * session's own hosts (`hosts`), never elsewhere.
   */
  fallback$(uin: number, hosts: Hosts, allowQr: boolean): Observable<LoginStep> {
    const deps = this.loginDeps(hosts);
    return this.establish$(pushLogin$(deps, uin)).pipe(
      catchError((error: unknown) =>
        allowQr && (isRetcodeError(error) || isQrExpiredError(error)) ? this.establish$(qrLogin$(deps)) : throwError(() => error),
      ),
    );
  }

  /** Runs a scan flow through the ticket exchange and session start; ends with `established`. */
  private establish$(scan$: Observable<ScanStep>): Observable<LoginStep> {
    return scan$.pipe(
      concatMap((step): Observable<LoginStep> =>
        step.type !== 'redirect'
          ? of(step)
          : concat(
              of(step),
              exchangeTicket$(this.loginDeps(), step.redirectUri).pipe(
                switchMap((ticket) => initSession$(this.deps.sessionDeps(), ticket)),
                map((state): Established => ({ type: 'established', state, resumed: false })),
              ),
            ),
      ),
    );
  }

  /** The login's hosts: the pinned origin's, else a session's own (a fallback login), else the WeChat defaults. */
  private loginDeps(hosts?: Hosts): LoginDeps {
    const { options, transport } = this.deps;
    const pinned = transport.pinned;
    return {
      transport: transport.http(),
      env: this.deps.env,
      hosts: pinned === undefined ? (hosts ?? defaultHosts()) : defaultHosts(pinned),
      server: pinned,
      desktop: { desktop: options.desktop ?? true, ...(options.extspam ? { extspam: options.extspam } : {}) },
      timeouts: options.timeouts,
      maxQrRefresh: options.maxQrRefresh ?? 5,
    };
  }
}
