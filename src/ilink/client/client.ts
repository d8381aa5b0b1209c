import { asyncScheduler, type Observable } from 'rxjs';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { MediaSource } from '../../model/media-source.js';
import { botAgentOf, botAgentProblem } from '../protocol/bot-agent.js';
import { DEFAULT_CLIENT_VERSION, packClientVersion } from '../protocol/client-version.js';
import type { ClientIdentity } from '../protocol/endpoints/context.js';
import type { IlinkMessage } from '../protocol/messages/ilink-message.js';
import { Hosts } from './hosts.js';
import { IlinkHttp } from './http.js';
import { IlinkLifecycle } from './lifecycle.js';
import { StaleTokenReporting } from './operation-http.js';
import { ilinkLogger } from './log.js';
import {
  type IlinkDownload,
  type IlinkDownloadable,
  type IlinkDownloadOptions,
  type IlinkDownloadSaved,
  type IlinkSendMediaOptions,
  MediaOperations,
} from './media-ops.js';
import type { IlinkClientOptions, IlinkEnv } from './options.js';
import { createPacer } from './pacer.js';
import { pooledRandomBytes } from './random-pool.js';
import { Sender } from './sender.js';
import type { IlinkClientState, IlinkEvent, IlinkLoginStep, IlinkMediaSendResult, IlinkSendResult } from './types.js';
import { Typing } from './typing.js';

/**
 * A bot on Tencent's iLink protocol (docs/ilink-protocol.md): QR binding, the receive loop as events, sending text and
 * media with the peer's context token, downloads, the typing indicator. It fits `BotClient`, so the operators and
 * the example bots run on it unchanged. Create it with `connectIlink`.
 */
export interface IlinkClient {
  /**
   * Subscribing starts the login: a saved session is resumed without a scan, else a QR binding (`qr`, then what the
   * phone does, then `logged-in`). Completes once logged in; two subscribers share one login; unsubscribing every
   * one of them before the end cancels it. After `close()`/`logout()`: `ClientClosedError`.
   */
  readonly login$: Observable<IlinkLoginStep>;
  /** The lifecycle, replaying the current state to each subscriber. Completes after `close()` / `logout()`. */
  readonly state$: Observable<IlinkClientState>;
  /**
   * Every event of the online session, problems included. The receive loop runs while this or `messages$` has a
   * subscriber (and waits for the login): nothing is fetched that nobody takes, and the update cursor only moves past
   * what was delivered. Completes after `close()` / `logout()`.
   */
  readonly events$: Observable<IlinkEvent>;
  /**
   * The messages of `events$`, in the shared model with their origin in `ilink`. Each `message_id` is delivered once
   * (repeats within the dedupe window are dropped, also across restarts); a message still being generated
   * (`message_state` 1) is held until its `FINISH` arrives and delivered once, finished.
   */
  readonly messages$: Observable<IlinkMessage>;
  /**
   * Sends a text to a peer with the peer's latest context token; a text over 2000 characters goes in several
   * messages, in order, one result each. Fails with `MissingContextTokenError` when the peer never wrote (nothing
   * sent), `SendRefusedError` on `ret -2` (never retried), `NotOnlineError` when not logged in. A result with
   * `confirmed: false` was accepted without a message id: it may never arrive.
   */
  send(chat: string, text: string): Observable<IlinkSendResult>;
  /** Uploads a picture (encrypted, to the CDN) and sends it; see `send` for the errors. */
  sendImage(chat: string, source: MediaSource, options?: IlinkSendMediaOptions): Observable<IlinkMediaSendResult>;
  /** Uploads a file and sends it as an attachment named `options.name` (default: the source's name). */
  sendFile(chat: string, source: MediaSource, options?: IlinkSendMediaOptions): Observable<IlinkMediaSendResult>;
  /** Uploads a video and sends it. */
  sendVideo(chat: string, source: MediaSource, options?: IlinkSendMediaOptions): Observable<IlinkMediaSendResult>;
  /**
   * Downloads and decrypts a received picture, voice (SILK), video or file (a quote: the quoted media): with `to`, into
   * that file (or that directory, under the message's file name), else as a `Readable`. Works for the latest media
   * messages of this run (their keys are kept in memory only). A file whose plaintext is not the size its message
   * states fails with `CdnError` (nothing is saved; a stream errors at its end).
   */
  download(message: IlinkDownloadable, options: IlinkDownloadOptions & { readonly to: string }): Observable<IlinkDownloadSaved>;
  download(message: IlinkDownloadable, options?: IlinkDownloadOptions): Observable<IlinkDownload>;
  /** Shows (`true`) or hides "typing…" to a user. */
  typing(chat: string, on: boolean): Observable<void>;
  /**
   * Stops the loop, sends `notifystop`, saves the session for a later resume and completes the streams. Requests
   * still in flight on the client's own transport (a send, an upload, an unread download stream) fail with
   * `NetworkError` instead of holding `close()`; a transport you passed is left open.
   */
  close(): Observable<void>;
  /** Like `close`, but forgets the saved session: the next run starts with a QR login. */
  logout(): Observable<void>;
}

const DEFAULT_ENV: IlinkEnv = { now: () => Date.now(), randomBytes: pooledRandomBytes(), random: () => Math.random() };

function identityOf(options: IlinkClientOptions): ClientIdentity {
  const version = options.clientVersion ?? DEFAULT_CLIENT_VERSION;
  const packedVersion = packClientVersion(version);
  if (packedVersion === undefined) throw new InvalidArgumentError('connectIlink', 'clientVersion', 'must be major.minor.patch, each 0–255');
  if (options.botAgent !== undefined) {
    const problem = botAgentProblem(options.botAgent);
    if (problem !== undefined) throw new InvalidArgumentError('connectIlink', 'botAgent', problem);
  }
  const identity = { channelVersion: version, packedVersion, botAgent: botAgentOf(options.botAgent) };
  return options.routeTag === undefined ? identity : { ...identity, routeTag: options.routeTag };
}

/**
 * Creates an iLink client; nothing is sent until `login$` is subscribed (or, with a session online, `events$` /
 * `messages$`). Options are checked here: a bad `server`, `botAgent` or `clientVersion` throws
 * `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * import { connectIlink } from 'wechat-rx/ilink';
 *
 * const client = connectIlink({ store: 'ilink-session.json', botAgent: 'EchoBot/1.0' });
 * client.login$.subscribe((step) => {
 *   if (step.type === 'qr') console.log('scan this with WeChat:', step.qrUrl);
 * });
 * client.messages$.subscribe((m) => {
 *   if (m.kind === 'text') client.send(m.chat, `you said: ${m.text}`).subscribe();
 * });
 * ```
 */
export function connectIlink(options: IlinkClientOptions = {}): IlinkClient {
  const env = options.env ?? DEFAULT_ENV;
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = () => env.now();
  const identity = identityOf(options);
  const hosts = new Hosts(options.server);
  const log = options.logger === undefined ? undefined : ilinkLogger(options.logger);
  const http = new IlinkHttp({ transport: options.transport, hosts, identity, env, log, timeouts: options.timeouts });
  const lifecycle = new IlinkLifecycle({ options, http, hosts, scheduler, now, random: () => env.random(), log });
  const online = (operation: string) => lifecycle.online(operation);
  const operations = new StaleTokenReporting(http, (token, error) => lifecycle.staleToken(token, error));
  const sender = new Sender({ http: operations, online, pace: createPacer(options.sendIntervalMs ?? 600, scheduler), now, randomBytes: (size) => env.randomBytes(size) });
  const media = new MediaOperations({ http: operations, hosts, sender, online, randomBytes: (size) => env.randomBytes(size) });
  const typing = new Typing({ http: operations, online, now, ticketTtlMs: options.typingTicketTtlMs ?? 12 * 3_600_000 });
  return {
    login$: lifecycle.login$,
    state$: lifecycle.state$,
    events$: lifecycle.events$,
    messages$: lifecycle.messages$,
    send: (chat, text) => sender.text(chat, text),
    sendImage: (chat, source, opts) => media.send('image', chat, source, opts),
    sendFile: (chat, source, opts) => media.send('file', chat, source, opts),
    sendVideo: (chat, source, opts) => media.send('video', chat, source, opts),
    download: ((message: IlinkDownloadable, opts?: IlinkDownloadOptions) => media.download(message, opts)) as IlinkClient['download'],
    typing: (chat, on) => typing.set(chat, on),
    close: () => lifecycle.close(),
    logout: () => lifecycle.logout(),
  };
}
