/**
 * `startIlinkSimulator`: a protocol-faithful iLink (WeChat ClawBot) server on 127.0.0.1 — QR login, long-polled
 * updates, sends with their checks, the encrypted CDN, typing, scripted faults and a record of every request's
 * headers (docs/ilink-protocol.md §12), all driven by `sim.*` or by the JSON control API at `/__sim` on its origin
 * (`GET /__sim` lists the routes). It shares no code with the iLink client.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observable } from 'rxjs';
import type { Clock } from '../simulator/clock.js';
import { CdnStore } from './cdn-store.js';
import type { IlinkRequestRecord } from './conformance.js';
import { IlinkControl, type IlinkBotCredentials, type IlinkBotInfo, type IlinkMediaInfo, type IlinkQrTarget, type IlinkScanOptions } from './control.js';
import type { IlinkFaultSpec } from './faults.js';
import type { IlinkInjected, IlinkInjectSpec } from './inject-spec.js';
import { resolveIlinkOptions, type IlinkSimulatorOptions } from './options.js';
import type { IlinkSentMessage } from './outbox.js';
import { startIlinkPlayground } from './playground.js';
import { SimRandom } from './random.js';
import { PLAYGROUND_PATH } from '../playground/routes.js';
import { createIlinkServer } from './server.js';
import { IlinkState, type IlinkTypingRecord } from './state.js';
import { ilinkStats, type IlinkStats } from './stats.js';

export interface IlinkSimulator {
  /** `http://127.0.0.1:<port>` (the `host` and `port` options): the API base, the `baseurl` of confirmed logins, the CDN's origin. */
  readonly origin: string;
  /** The playground page (`<origin>/__ui/`) when started with `ui: true`, else `undefined`. */
  readonly playgroundUrl: string | undefined;
  /** `<origin><cdnBasePath>`: the `{cdn}` base of upload and download URLs. */
  readonly cdnBaseUrl: string;
  /**
   * `127.0.0.1:<port>` of a second listener serving the same simulator: the `redirect_host` of `scaned_but_redirect`
   * (another host name cannot be had on loopback). The request log says which listener each request reached.
   */
  readonly redirectHost: string;
  readonly clock: Clock;
  /** The `index`-th simulated WeChat user, `o9cq80…@im.wechat` (0, the default: the account owner who scans). */
  userId(index?: number): string;

  /** The phone scans the newest open QR code: `scaned`, `need_verifycode`, or `binded_redirect` (see the options). */
  scan(options?: IlinkScanOptions): void;
  /** The phone confirms: `confirmed` with a new bot; the scanning user's previous bot token dies. */
  confirm(options?: IlinkQrTarget): void;
  expire(options?: IlinkQrTarget): void;
  /** A pair code the client must send as `verify_code`: wrong → `need_verifycode` again, too many → `verify_code_blocked`. */
  requireVerifyCode(code: string, options?: IlinkQrTarget): void;
  /** `scaned_but_redirect` with `redirect_host` = `redirectHost`. */
  redirect(options?: IlinkQrTarget): void;
  /** A bot bound without a QR login (for clients that start from saved credentials); the user's previous bot dies. */
  createBot(options?: { readonly userId?: string }): IlinkBotCredentials;
  /** The newest live bot, or the bot with this id. */
  bot(botId?: string): IlinkBotInfo | undefined;
  /** Kills a token (default: the newest live bot's): -14 everywhere, held polls answered at once. */
  killToken(token?: string): void;

  /** A message from a user to the newest live bot (or `botId`); throws `ControlError` (404) without one. */
  inject(spec: IlinkInjectSpec & { readonly botId?: string }): IlinkInjected;
  /** Sends to this user are answered `{"ret":0}` without `message_id` and not delivered; `false` lifts it. */
  block(userId: string, blocked?: boolean): void;
  /** Every `sendmessage` answered, refused ones included, oldest first. */
  sent(): readonly IlinkSentMessage[];
  /** Each `sendmessage` as it is answered (completes on `close()`). */
  readonly sent$: Observable<IlinkSentMessage>;
  /** Every `sendtyping` call. */
  typing(): readonly IlinkTypingRecord[];
  /** Every request's headers and what they broke (`problems`), oldest first (the newest 10 000). */
  requests(): readonly IlinkRequestRecord[];
  /** A CDN object by its download parameter (`x-encrypted-param` or an injected message's). */
  media(encryptQueryParam: string): IlinkMediaInfo | undefined;
  /** A CDN object's plaintext. */
  readMedia(encryptQueryParam: string): Promise<Buffer>;

  /** Scripts a fault; returns its id for `clearFaults`. */
  fault(spec: IlinkFaultSpec): { readonly id: number };
  clearFaults(id?: number): { readonly cleared: number };
  stats(): IlinkStats;
  /** Ends held requests, frees both ports, clears every timer and deletes the CDN's temp folder. */
  close(): Promise<void>;
}

/**
 * Starts the simulator on 127.0.0.1 and a free port unless told (plus a second free port for `redirect_host`). Besides the choices its
 * options make, it settles these points the protocol leaves open as follows:
 * - success answers carry `ret: 0`; the QR fetch needs `bot_type=3` (else `ret -1`); an unknown or
 *   forgotten QR code polls as `expired`; a confirmed code keeps answering `confirmed` with the same credentials;
 * - `binded_redirect` is decided at the scan; each login makes a new bot id; a token lives until the same user logs
 *   in again, `killToken()`, or `tokenIdleMs`; `notifystart` does not revive a dead token;
 * - cursors belong to one bot (another bot's reads as unknown); a second `getupdates` of a bot answers the held one
 *   empty; `sync_buf` is read when `get_updates_buf` is absent; direct chats only (no `group_id`); `session_id` is an
 *   opaque id per user;
 * - `client_id` reuse: after a GENERATING send it is refused with `ret -2`, otherwise answered as a duplicate with the
 *   first `message_id` and not delivered again; typing does not count toward the reply budget;
 * - `getconfig`, `sendtyping` and `getuploadurl` answer `ret -1` for a user the bot has not heard from (the owner
 *   excepted); the typing ticket is checked and stays the same until the next login;
 * - upload tickets are single-use; CDN objects live until `close()`; `thumb_upload_param` is issued only when the
 *   `thumb_*` fields are sent without `no_need_thumb`.
 */
export async function startIlinkSimulator(options?: IlinkSimulatorOptions): Promise<IlinkSimulator> {
  const resolved = resolveIlinkOptions(options);
  const random = new SimRandom(resolved.seed);
  const state = new IlinkState(resolved, await CdnStore.create(random), random);
  const control = new IlinkControl(state);
  const playground = resolved.ui ? startIlinkPlayground(state) : undefined;
  const main = createIlinkServer(state, 'main', control, playground);
  const second = createIlinkServer(state, 'redirect', control);
  let mainHost: string;
  let secondHost: string;
  try {
    mainHost = await listen(main, resolved.port, resolved.host);
    secondHost = await listen(second, 0, resolved.host);
  } catch (error) {
    playground?.close();
    await shutdown(state, [main, second]);
    throw error;
  }
  state.origin = `http://${mainHost}`;
  state.redirectHost = secondHost;
  let closed: Promise<void> | undefined;
  return {
    origin: state.origin,
    playgroundUrl: playground === undefined ? undefined : `${state.origin}${PLAYGROUND_PATH}`,
    cdnBaseUrl: state.cdnBaseUrl,
    redirectHost: state.redirectHost,
    clock: state.clock,
    userId: (index = 0) => state.userId(index),
    scan: (o) => control.scan(o),
    confirm: (o) => control.confirm(o),
    expire: (o) => control.expire(o),
    requireVerifyCode: (code, o) => control.requireVerifyCode(code, o),
    redirect: (o) => control.redirect(o),
    createBot: (o) => control.createBot(o),
    bot: (botId) => control.bot(botId),
    killToken: (token) => control.killToken(token),
    inject: (spec) => control.inject(spec),
    block: (userId, blocked) => control.block(userId, blocked),
    sent: () => state.outbox.all(),
    sent$: state.outbox.sent$,
    typing: () => state.typing,
    requests: () => state.requestLog.all(),
    media: (param) => control.media(param),
    readMedia: (param) => control.readMedia(param),
    fault: (spec) => state.faults.add(spec),
    clearFaults: (id) => state.faults.clear(id),
    stats: () => ilinkStats(state),
    close: () => {
      playground?.close();
      return (closed ??= shutdown(state, [main, second]));
    },
  };
}

/** Binds `host` (127.0.0.1 unless told: nothing outside this machine reaches the simulator); resolves `host:port`. */
function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
    });
  });
}

async function shutdown(state: IlinkState, servers: readonly Server[]): Promise<void> {
  state.stop();
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) {
            resolve();
            return;
          }
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
  await state.cdn.dispose();
}

export type { IlinkBotCredentials, IlinkBotInfo, IlinkMediaInfo, IlinkQrTarget, IlinkScanOptions } from './control.js';
export type { IlinkStats } from './stats.js';
export type { IlinkRequestRecord, RequestKind as IlinkRequestKind, UinCheck as IlinkUinCheck } from './conformance.js';
export { ILINK_ENDPOINTS, type IlinkEndpoint, type IlinkFaultSpec } from './faults.js';
export { ILINK_INJECT_KINDS, type IlinkInjected, type IlinkInjectedMedia, type IlinkInjectKind, type IlinkInjectSpec } from './inject-spec.js';
export { QR_STATUSES as ILINK_QR_STATUSES, type QrStatus as IlinkQrStatus } from './login.js';
export type { ContextTokenCheck, DeadTokenAnswer, IlinkSimulatorOptions } from './options.js';
export type { ContextTokenVerdict, IlinkSentMessage, SentMediaCheck } from './outbox.js';
export type { IlinkTypingRecord } from './state.js';
export type { Listener as IlinkListener } from './http.js';
