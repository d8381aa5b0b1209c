/**
 * Bots and their tokens (docs/ilink-protocol.md §4.4): a QR login creates one bot bound to the scanning user; one
 * user has one live bot, so a new login of the same user kills the old token. A dead token answers -14 everywhere.
 */
import { Inbox } from './inbox.js';
import type { SimRandom } from './random.js';
import { Signal } from './signal.js';

/** What the simulator knows about one user of a bot: the conversation state `sendmessage` checks. */
export interface Peer {
  readonly userId: string;
  readonly sessionId: string;
  /** The context token of the peer's latest message. */
  latestToken: string | undefined;
  /** Sends accepted since the peer's latest message (the reply budget). */
  sendsSinceMessage: number;
  typingTicket: string | undefined;
}

export interface IssuedToken {
  readonly peer: string;
  readonly issuedAt: number;
}

export class Bot {
  readonly inbox: Inbox;
  /** Fires when the token dies, so held polls answer -14 at once. */
  readonly died = new Signal();
  /** Fires when another `getupdates` of this bot arrives: the held one answers empty. */
  readonly superseded = new Signal();
  readonly peers = new Map<string, Peer>();
  readonly contextTokens = new Map<string, IssuedToken>();
  alive = true;
  /** Between `notifystart` and `notifystop`. */
  online = false;
  lastUsedAt: number;
  seq = 0;
  /** Counts answers, so each cursor is a new string. */
  cursorSerial = 0;
  /** Cursors of this bot carry it, so another bot's cursor reads as unknown. */
  readonly tag: number;

  constructor(
    readonly botId: string,
    readonly userId: string,
    readonly token: string,
    readonly createdAt: number,
    random: SimRandom,
    maxRetained: number,
  ) {
    this.tag = random.uint32();
    this.inbox = new Inbox(maxRetained);
    this.lastUsedAt = createdAt;
  }

  peer(userId: string, random: SimRandom): Peer {
    let peer = this.peers.get(userId);
    if (peer === undefined) {
      peer = { userId, sessionId: random.hex(16), latestToken: undefined, sendsSinceMessage: 0, typingTicket: undefined };
      this.peers.set(userId, peer);
    }
    return peer;
  }

  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    this.online = false;
    this.died.emit();
  }
}

export class BotRegistry {
  private readonly byToken = new Map<string, Bot>();
  private readonly order: Bot[] = [];

  constructor(
    private readonly random: SimRandom,
    private readonly maxRetained: number,
    /** Told of each bot bound and each token that dies (for the playground). */
    private readonly changed: (bot: Bot) => void,
  ) {}

  /** A new bot for `userId`; that user's live bots die (one user, one bot). */
  create(userId: string, now: number): Bot {
    for (const bot of this.order) if (bot.userId === userId) bot.kill();
    const bot = new Bot(this.random.botId(), userId, this.random.token(), now, this.random, this.maxRetained);
    this.byToken.set(bot.token, bot);
    this.order.push(bot);
    bot.died.listen(() => this.changed(bot));
    this.changed(bot);
    return bot;
  }

  /** The live bot a token belongs to; a token idle past `idleMs` dies here. */
  authenticate(token: string, now: number, idleMs: number): Bot | undefined {
    const bot = this.byToken.get(token);
    if (bot === undefined || !bot.alive) return undefined;
    if (now - bot.lastUsedAt > idleMs) {
      bot.kill();
      return undefined;
    }
    bot.lastUsedAt = now;
    return bot;
  }

  find(token: string): Bot | undefined {
    return this.byToken.get(token);
  }

  /** The newest live bot. */
  latestLive(): Bot | undefined {
    for (let i = this.order.length - 1; i >= 0; i--) if (this.order[i]?.alive === true) return this.order[i];
    return undefined;
  }

  all(): readonly Bot[] {
    return this.order;
  }
}
