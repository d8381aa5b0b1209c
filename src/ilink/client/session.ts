import { handOver } from '../../session/session-copy.js';
import { GeneratingHold } from '../protocol/generating.js';
import type { MediaRef } from '../protocol/messages/decode.js';
import { DEFAULT_HOLD_MS } from '../protocol/cursor.js';
import { RecentIds } from '../protocol/recent-ids.js';
import type { IlinkSavedSession } from '../session/saved-session.js';
import type { DecodedMessage } from '../protocol/messages/decode.js';

/** A bound bot: its token (a credential: never shown), ids and API base. */
export interface BotCredentials {
  readonly token: string;
  readonly botId: string;
  readonly userId: string;
  /** The API base as the server gave it (`''` for the default host). */
  readonly baseUrl: string;
}

export interface SessionLimits {
  readonly dedupeWindow: number;
  readonly maxGenerating: number;
  readonly mediaRefs: number;
}

/** The newest `capacity` entries of a Map, oldest forgotten first (a Map iterates in insertion order). */
class Newest<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }
}

/**
 * One online bot's state: its credentials, the API base in use, the update cursor and hold, each peer's latest
 * context token, the dedupe window, the messages held while generating, and the download references of recent media
 * messages (kept here, never in a message, because they hold keys).
 */
export class IlinkSession {
  cursor: string;
  holdMs = DEFAULT_HOLD_MS;
  readonly contextTokens: Map<string, { readonly token: string; readonly at: number }>;
  readonly recent: RecentIds;
  readonly generating: GeneratingHold<DecodedMessage>;
  readonly media: Newest<MediaRef>;

  constructor(
    readonly bot: BotCredentials,
    /** The API base requests go to (the bot's own, or the pinned server's). */
    readonly apiBase: string,
    limits: SessionLimits,
    saved?: IlinkSavedSession,
  ) {
    this.cursor = saved?.cursor ?? '';
    this.contextTokens = new Map(Object.entries(saved?.contextTokens ?? {}));
    this.recent = new RecentIds(limits.dedupeWindow, saved?.recentMessageIds ?? []);
    this.generating = new GeneratingHold(limits.maxGenerating);
    this.media = new Newest(Math.max(1, limits.mediaRefs));
  }

  /**
   * The saved form: what a later run needs to resume with nothing lost or repeated. The id list is a new array,
   * handed over to the store (no one changes it), so a memory store keeps it without copying 5,000 ids a batch.
   */
  toSaved(now: number): IlinkSavedSession {
    return {
      protocol: 'ilink',
      version: 1,
      bot: { token: this.bot.token, botId: this.bot.botId, userId: this.bot.userId, baseUrl: this.bot.baseUrl },
      cursor: this.cursor,
      contextTokens: Object.fromEntries(this.contextTokens),
      recentMessageIds: handOver(this.recent.toArray()),
      savedAt: now,
    };
  }
}
