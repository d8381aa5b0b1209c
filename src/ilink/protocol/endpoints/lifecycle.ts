import { readAnswer } from '../envelope.js';
import { baseInfo } from '../headers.js';
import type { IlinkContext } from './context.js';
import { botPath, endpoint, postJson, SHORT_MS } from './descriptor.js';

/** The start and stop notices (docs/ilink-protocol.md §9): the server keeps an online state per bot. */

const notice = <Name extends 'notifystart' | 'notifystop'>(name: Name) =>
  endpoint({
    name,
    path: botPath(`msg/${name}`),
    timeoutMs: SHORT_MS,
    build: (ctx: IlinkContext, _input: void, url) => postJson(ctx, url, { base_info: baseInfo(ctx.identity) }),
    decode: (text): void => {
      readAnswer(name, text);
    },
  });

/** Sent before the receive loop starts. A -14 answer is the one the client acts on (the token is dead). */
export const notifyStart = notice('notifystart');
/** Sent when the client stops; its answer is only logged. */
export const notifyStop = notice('notifystop');
