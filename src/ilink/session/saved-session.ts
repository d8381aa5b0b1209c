import * as t from 'io-ts';
import { SESSION_FORMAT, type SessionCodec } from '../../session/session-codec.js';

/** The last context token a peer sent, and when it arrived (ms): a reply to that peer must echo it. */
const ContextToken = t.type({ token: t.string, at: t.number });

/**
 * Everything an iLink bot needs to resume without a QR scan and without losing or repeating a message: the bot's
 * token and ids, the update cursor, each peer's latest context token and the recent message ids (the dedupe
 * window, newest last). Its file carries `"protocol": "ilink"`, so a Web store never takes it for its own.
 */
export const IlinkSavedSession = t.intersection(
  [
    t.type({
      protocol: t.literal('ilink'),
      version: t.literal(1),
      bot: t.type({ token: t.string, botId: t.string, userId: t.string, baseUrl: t.string }),
      /** The `get_updates_buf` of the last answer; `''` before the first one. */
      cursor: t.string,
      /** By peer id. */
      contextTokens: t.record(t.string, ContextToken),
      recentMessageIds: t.array(t.string),
      savedAt: t.number,
    }),
    t.partial({
      /** Written by the file store. */
      format: t.literal(SESSION_FORMAT),
    }),
  ],
  'IlinkSavedSession',
);
export type IlinkSavedSession = t.TypeOf<typeof IlinkSavedSession>;

/** How the session stores recognise and decode an iLink session (give it to a `RedisSessionStore` of iLink sessions). */
export const ilinkSessionCodec: SessionCodec<IlinkSavedSession> = { protocol: 'ilink', decoder: IlinkSavedSession };
