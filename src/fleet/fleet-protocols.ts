import { map, mergeMap, type Observable } from 'rxjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { CommitSink } from '../session/commit-sink.js';
import type { SessionCodec } from '../session/session-codec.js';
import type { SessionStore } from '../session/session-store.js';
import { connectIlink } from '../ilink/client/client.js';
import type { IlinkClientOptions } from '../ilink/client/options.js';
import { ilinkSessionCodec } from '../ilink/session/saved-session.js';
import { createClient } from '../web/client/client.js';
import type { ClientOptions } from '../web/client/options.js';
import { webSessionCodec } from '../web/session/saved-session.js';
import type { CommittableMessage } from '../redis/fleet/commit-sink.js';

/** The protocols a fleet runs accounts of. */
export type FleetProtocol = 'web' | 'ilink';
export const FLEET_PROTOCOLS: readonly FleetProtocol[] = ['web', 'ilink'];

/** A login step of `addAccount`, the same for every protocol. */
export type FleetLoginStep =
  | { readonly type: 'qr'; readonly qrUrl: string }
  | { readonly type: 'scanned' }
  | { readonly type: 'logged-in'; readonly suggestedId: string | undefined };

/** How a fleet account's client ended or stands, whatever its protocol. */
export type FleetClientStatus =
  | { readonly status: 'online' }
  | { readonly status: 'reconnecting' }
  | { readonly status: 'starting' }
  /** `ended`: the server ended the session or it was logged out; `failed`: an error stopped it; `closed`: by us. */
  | { readonly status: 'ended' | 'failed' | 'closed'; readonly error?: unknown };

/** What the fleet uses of an account's client; the Web and iLink clients both fit through their driver. */
export interface FleetClient {
  readonly login$: Observable<FleetLoginStep>;
  readonly status$: Observable<FleetClientStatus>;
  readonly messages$: Observable<CommittableMessage>;
  send(chat: string, text: string): Observable<unknown>;
  close(): Observable<void>;
}

/** Options a fleet passes to every client it makes, per protocol (`store`, `sink` and `server` are the fleet's). */
export interface FleetClientOptions {
  /**
   * A Web client keeps its session's cookies in its transport's jar, so every account needs its own: the transport
   * can be named (`'undici'`, `'ky'`), not given as one object, and there is no shared `cookieJar`.
   */
  readonly web?: Omit<ClientOptions, 'store' | 'sink' | 'server' | 'transport' | 'cookieJar'> & { readonly transport?: 'ky' | 'undici' };
  readonly ilink?: Omit<IlinkClientOptions, 'store' | 'sink' | 'server'>;
}

/** Refuses Web options that would put every account's cookies in one jar (callers without the types get here too). */
export function checkFleetClientOptions(operation: string, options: FleetClientOptions | undefined): void {
  const web = options?.web as Partial<ClientOptions> | undefined;
  if (web?.transport !== undefined && web.transport !== 'ky' && web.transport !== 'undici') {
    throw new InvalidArgumentError(operation, 'clientOptions.web.transport', "must be 'undici' or 'ky': one transport object would hold every account's cookies");
  }
  if (web?.cookieJar !== undefined) {
    throw new InvalidArgumentError(operation, 'clientOptions.web.cookieJar', "can't be set: one jar would hold every account's cookies");
  }
}

interface Connect<S> {
  readonly server: string | undefined;
  readonly store: SessionStore<S>;
  readonly sink: CommitSink<CommittableMessage, S> | undefined;
  readonly options: FleetClientOptions;
}

export interface ProtocolDriver<S> {
  readonly codec: SessionCodec<S>;
  connect(parts: Connect<S>): FleetClient;
}

function statusOf(state: { readonly status: string; readonly reason?: { readonly type: string; readonly error?: unknown } }): FleetClientStatus {
  switch (state.status) {
    case 'online':
      return { status: 'online' };
    case 'reconnecting':
    case 'paused':
      return { status: 'reconnecting' };
    case 'logged-out': {
      const reason = state.reason;
      if (reason?.type === 'failed') return { status: 'failed', error: reason.error };
      if (reason?.type === 'session-ended' || reason?.type === 'logout') return { status: 'ended', error: reason.error };
      return reason?.type === 'not-started' ? { status: 'starting' } : { status: 'closed' };
    }
    default:
      return { status: 'starting' };
  }
}

const web: ProtocolDriver<unknown> = {
  codec: webSessionCodec as SessionCodec<unknown>,
  connect: ({ server, store, sink, options }) => {
    // A fleet account never falls back to a QR login on its own: a person adds it again (addAccount).
    const client = createClient({ relogin: false, ...options.web, server, store: store as never, ...(sink === undefined ? {} : { sink }) });
    return {
      login$: client.login$.pipe(
        mergeMap((step): FleetLoginStep[] => {
          if (step.type === 'uuid') return [{ type: 'qr', qrUrl: step.qrUrl }];
          if (step.type === 'logged-in') return [{ type: 'logged-in', suggestedId: undefined }];
          return step.type === 'scanned' ? [{ type: 'scanned' }] : [];
        }),
      ),
      status$: client.state$.pipe(map(statusOf)),
      messages$: client.messages$,
      send: (chat, text) => client.send(chat, text),
      close: () => client.close(),
    };
  },
};

const ilink: ProtocolDriver<unknown> = {
  codec: ilinkSessionCodec as SessionCodec<unknown>,
  connect: ({ server, store, sink, options }) => {
    const client = connectIlink({ ...options.ilink, server, store: store as never, ...(sink === undefined ? {} : { sink }) });
    return {
      login$: client.login$.pipe(
        mergeMap((step): FleetLoginStep[] => {
          if (step.type === 'qr') return [{ type: 'qr', qrUrl: step.qrUrl }];
          // The bot id names the bot, not a secret (the token is the secret).
          if (step.type === 'logged-in') return [{ type: 'logged-in', suggestedId: step.botId }];
          return step.type === 'scanned' ? [{ type: 'scanned' }] : [];
        }),
      ),
      status$: client.state$.pipe(map(statusOf)),
      messages$: client.messages$,
      send: (chat, text) => client.send(chat, text),
      close: () => client.close(),
    };
  },
};

export const DRIVERS: Readonly<Record<FleetProtocol, ProtocolDriver<unknown>>> = { web, ilink };
