import type { Observable } from 'rxjs';
import { redactingLogger } from '../../logging/logger.js';
import type { SendResult, WxEvent } from '../../model/events.js';
import type { WxMessage } from '../../model/message.js';
import type { RawContact } from '../../model/raw/shapes.js';
import { createContactDirectory, type ContactDirectory } from '../contacts/directory.js';
import type { ContactsSnapshot } from '../contacts/snapshot.js';
import type { Env } from '../protocol/endpoints/context.js';
import { accountOperations, type AccountOperations } from './account-ops.js';
import { ClientEvents } from './client-events.js';
import { ClientTransport } from './client-transport.js';
import { SEND_RETRY } from './invoke.js';
import { mediaOperations, type MediaOperations } from './media-ops.js';
import { messagingOperations } from './messaging.js';
import { createOpsContext, type OpsContext } from './ops-context.js';
import type { ClientOptions } from './options.js';
import { createRateLimiter, unlimited } from './rate-limiter.js';
import { SessionLifecycle } from './session-lifecycle.js';
import type { ClientState, LoginEvent } from './types.js';

/**
 * A Web WeChat client: login, the receive loop as events, sending text and media, the contact list, and account
 * operations. Create it with `createClient`.
 */
export interface WeChatClient extends MediaOperations, AccountOperations {
  /** Subscribing starts the login (or resumes a saved session); emits each step and completes once logged in. */
  readonly login$: Observable<LoginEvent>;
  /** The lifecycle, replaying the current state to each subscriber. Completes after `logout()` / `close()`. */
  readonly state$: Observable<ClientState>;
  /**
   * Every typed event, hot and shared, with a backlog of its own for a late subscriber (see `eventBuffer`,
   * `backlogMs`). Completes after `logout()` / `close()`.
   */
  readonly events$: Observable<WxEvent>;
  /** The decoded messages of `events$`, with a backlog of their own. */
  readonly messages$: Observable<WxMessage>;
  /** The logged-in user while online (without credentials: `Uin` reads 0). */
  readonly user: RawContact | undefined;
  /**
   * The contact list as a state stream: the current snapshot to each subscriber, then one per batch of changes
   * (login pages, syncs, lookups). A new login brings a new list (UserNames change). Completes after `logout()` /
   * `close()`.
   */
  readonly contacts$: Observable<ContactsSnapshot>;
  /** Lookups on the newest snapshot, plus group members and refreshes that ask the server. */
  readonly contacts: ContactDirectory;
  /** Sends a text to a chat (a UserName); emits the server's `MsgID` and the `LocalID`, then completes. */
  send(chat: string, text: string): Observable<SendResult>;
  /** Marks a chat as read on the phone (webwxstatusnotify Code 1). */
  markRead(chat: string): Observable<void>;
  /** Logs out on the server, stops every loop, forgets the saved session and completes the streams. */
  logout(): Observable<void>;
  /** Stops every loop and saves the session for a later resume, without logging out. */
  close(): Observable<void>;
}

const DEFAULT_ENV: Env = { now: () => Date.now(), random: () => Math.random() };

/**
 * Creates a client; nothing happens until `login$` is subscribed. The client is assembled from parts that each own
 * one job: its HTTP (`ClientTransport`), its events (`ClientEvents`), its sessions over time (`SessionLifecycle`,
 * which drives the saving, the contacts and the receive loop), and the messaging, media and account operations,
 * which all make their server calls through one `invoke` (`OpsContext`).
 */
export function createClient(options: ClientOptions = {}): WeChatClient {
  const env = options.env ?? DEFAULT_ENV;
  const now = () => env.now();
  const log = options.logger === undefined ? undefined : redactingLogger(options.logger);
  const transport = new ClientTransport(options, log, now);
  const events = new ClientEvents(options.eventBuffer ?? 10_000, options.backlogMs ?? 60_000, log, now);
  const rateLimited = Object.assign({}, SEND_RETRY, options.sendRetry);
  const lifecycle = new SessionLifecycle({ options, env, log, events, transport, rateLimited });
  const ops = createOpsContext({
    options,
    env,
    lifecycle,
    transport,
    events,
    limit: options.sendRate === false ? unlimited : createRateLimiter(options.sendRate ?? {}),
    rateLimited,
  });
  return new WebClient(lifecycle, events, ops);
}

/**
 * The client object. Its operations are own arrow functions, so they still work taken off the client
 * (`const { send } = client`); `user` is a getter on the prototype because a getter in an object literal makes V8
 * keep every client as a slow dictionary (1.6 KB of properties per client instead of a fixed layout).
 */
class WebClient implements WeChatClient {
  readonly #lifecycle: SessionLifecycle;
  readonly login$: WeChatClient['login$'];
  readonly state$: WeChatClient['state$'];
  readonly events$: WeChatClient['events$'];
  readonly messages$: WeChatClient['messages$'];
  readonly contacts$: WeChatClient['contacts$'];
  readonly contacts: ContactDirectory;
  readonly send: WeChatClient['send'];
  readonly markRead: WeChatClient['markRead'];
  readonly upload: WeChatClient['upload'];
  readonly sendImage: WeChatClient['sendImage'];
  readonly sendVideo: WeChatClient['sendVideo'];
  readonly sendFile: WeChatClient['sendFile'];
  readonly sendEmoticon: WeChatClient['sendEmoticon'];
  readonly sendCard: WeChatClient['sendCard'];
  readonly forward: WeChatClient['forward'];
  readonly revoke: WeChatClient['revoke'];
  readonly download: WeChatClient['download'];
  readonly setRemark: WeChatClient['setRemark'];
  readonly pin: WeChatClient['pin'];
  readonly unpin: WeChatClient['unpin'];
  readonly acceptFriend: WeChatClient['acceptFriend'];
  readonly addFriend: WeChatClient['addFriend'];
  readonly createGroup: WeChatClient['createGroup'];
  readonly addMembers: WeChatClient['addMembers'];
  readonly inviteMembers: WeChatClient['inviteMembers'];
  readonly removeMembers: WeChatClient['removeMembers'];
  readonly renameGroup: WeChatClient['renameGroup'];
  readonly logout: WeChatClient['logout'];
  readonly close: WeChatClient['close'];

  constructor(lifecycle: SessionLifecycle, events: ClientEvents, ops: OpsContext) {
    this.#lifecycle = lifecycle;
    this.login$ = lifecycle.login$;
    this.state$ = lifecycle.state$;
    this.events$ = events.events$;
    this.messages$ = events.messages$;
    this.contacts$ = lifecycle.contacts.snapshots$;
    this.contacts = createContactDirectory({
      online: (operation) => ({ store: lifecycle.requireOnline(operation).contacts, resolver: ops.resolver(operation) }),
      current: () => lifecycle.online?.contacts,
    });
    ({ send: this.send, markRead: this.markRead } = messagingOperations(ops));
    ({
      upload: this.upload,
      sendImage: this.sendImage,
      sendVideo: this.sendVideo,
      sendFile: this.sendFile,
      sendEmoticon: this.sendEmoticon,
      sendCard: this.sendCard,
      forward: this.forward,
      revoke: this.revoke,
      download: this.download,
    } = mediaOperations(ops));
    ({
      setRemark: this.setRemark,
      pin: this.pin,
      unpin: this.unpin,
      acceptFriend: this.acceptFriend,
      addFriend: this.addFriend,
      createGroup: this.createGroup,
      addMembers: this.addMembers,
      inviteMembers: this.inviteMembers,
      removeMembers: this.removeMembers,
      renameGroup: this.renameGroup,
    } = accountOperations(ops));
    this.logout = () => lifecycle.logout();
    this.close = () => lifecycle.close();
  }

  get user(): RawContact | undefined {
    return this.#lifecycle.user;
  }
}
