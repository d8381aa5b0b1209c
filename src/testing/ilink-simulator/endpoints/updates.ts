/**
 * `getupdates` (docs/ilink-protocol.md §5): held until a message is there, the hold ends, the token dies (-14 at
 * once) or a newer poll of the same bot arrives (the older one then answers empty). Every answer carries a new
 * cursor and `longpolling_timeout_ms`.
 */
import type { Bot } from '../bots.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { json, type Ctx, type Reply } from '../http.js';
import { str } from '../json.js';
import type { IlinkState } from '../state.js';
import { deadTokenReply } from './auth.js';

export async function getUpdates(state: IlinkState, ctx: Ctx, body: Readonly<Record<string, unknown>> | undefined, bot: Bot): Promise<Reply> {
  // `sync_buf` is the deprecated name of the same cursor.
  const cursor = str(body, 'get_updates_buf') ?? str(body, 'sync_buf') ?? '';
  const from = bot.inbox.start(decodeCursor(cursor, bot.tag));
  bot.superseded.emit();
  if (!bot.inbox.pending(from)) {
    await state.holds.wait([bot.inbox.arrived, bot.died, bot.superseded], state.options.updatesHoldMs, ctx.onAbort);
  }
  if (!bot.alive) return deadTokenReply(state);
  const batch = bot.inbox.batch(from, state.options.batchSize);
  return json({
    ret: 0,
    msgs: batch.messages,
    get_updates_buf: encodeCursor(bot.tag, batch.last, ++bot.cursorSerial),
    longpolling_timeout_ms: state.options.longPollingTimeoutMs,
  });
}
