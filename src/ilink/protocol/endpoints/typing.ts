import { readAnswer } from '../envelope.js';
import { missingField, textOf } from '../fields.js';
import { baseInfo } from '../headers.js';
import type { IlinkContext } from './context.js';
import { botPath, endpoint, postJson, SHORT_MS } from './descriptor.js';

/** The typing indicator's two calls (docs/ilink-protocol.md §8). */

export interface ConfigInput {
  readonly user: string;
  /** The user's latest context token, when known. A credential: never shown. */
  readonly contextToken?: string;
}

/** docs/ilink-protocol.md §8: the user's typing ticket (a credential: never shown); none in the answer is a `DecodeError`. */
export const getConfig = endpoint({
  name: 'getconfig',
  path: botPath('getconfig'),
  timeoutMs: SHORT_MS,
  build: (ctx: IlinkContext, input: ConfigInput, url) =>
    postJson(
      ctx,
      url,
      Object.assign(
        { ilink_user_id: input.user },
        input.contextToken === undefined ? {} : { context_token: input.contextToken },
        { base_info: baseInfo(ctx.identity) },
      ),
    ),
  decode: (text): string => {
    const ticket = textOf(readAnswer('getconfig', text), 'typing_ticket');
    if (ticket === undefined) throw missingField('getconfig', 'typing_ticket', text);
    return ticket;
  },
});

export interface TypingInput {
  readonly user: string;
  readonly ticket: string;
  /** `status` 1 (typing) or 2 (stopped). */
  readonly typing: boolean;
}

/** docs/ilink-protocol.md §8: shows or hides "typing…" to the user. */
export const sendTyping = endpoint({
  name: 'sendtyping',
  path: botPath('sendtyping'),
  timeoutMs: SHORT_MS,
  build: (ctx: IlinkContext, input: TypingInput, url) =>
    postJson(ctx, url, { ilink_user_id: input.user, typing_ticket: input.ticket, status: input.typing ? 1 : 2, base_info: baseInfo(ctx.identity) }),
  decode: (text): void => {
    readAnswer('sendtyping', text);
  },
});
