import { pollTimeoutFor } from '../cursor.js';
import { readAnswer } from '../envelope.js';
import { numberOf, stringOf } from '../fields.js';
import { baseInfo } from '../headers.js';
import type { IlinkContext } from './context.js';
import { botPath, endpoint, postJson } from './descriptor.js';

/** The receive call (docs/ilink-protocol.md §5). */

export interface UpdatesInput {
  /** `get_updates_buf` of the last answer; `''` the very first time (docs/ilink-protocol.md §5.2). */
  readonly cursor: string;
  /** The hold the server last suggested; the client waits a margin longer (docs/ilink-protocol.md §5.1). */
  readonly holdMs: number;
}

export interface UpdatesAnswer {
  /** The messages as sent, each decoded on its own so one bad message does not cost the others. */
  readonly msgs: readonly unknown[];
  /** The next cursor, when the answer carried one. */
  readonly cursor?: string;
  /** `longpolling_timeout_ms`, when present. */
  readonly holdMs?: number;
}

/**
 * docs/ilink-protocol.md §5: the long poll. Its timeout is the server's suggested hold plus a margin (10 s at most on
 * an edge that cuts held requests, see `pollTimeoutFor`); a client timeout is an empty answer, not an error (the
 * caller's rule, §5.1). `sync_buf` (deprecated) is not sent.
 */
export const getUpdates = endpoint({
  name: 'getupdates',
  path: botPath('getupdates'),
  timeoutMs: undefined,
  build: (ctx: IlinkContext, input: UpdatesInput, url) =>
    Object.assign(postJson(ctx, url, { get_updates_buf: input.cursor, base_info: baseInfo(ctx.identity) }), {
      timeoutMs: pollTimeoutFor(ctx.base, input.holdMs),
    }),
  decode: (text): UpdatesAnswer => {
    const body = readAnswer('getupdates', text);
    const msgs = body['msgs'];
    const answer: { -readonly [K in keyof UpdatesAnswer]: UpdatesAnswer[K] } = { msgs: Array.isArray(msgs) ? msgs : [] };
    const cursor = stringOf(body, 'get_updates_buf');
    if (cursor !== undefined) answer.cursor = cursor;
    const holdMs = numberOf(body, 'longpolling_timeout_ms');
    if (holdMs !== undefined) answer.holdMs = holdMs;
    return answer;
  },
});
