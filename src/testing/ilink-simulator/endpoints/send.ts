/**
 * `sendmessage` (docs/ilink-protocol.md §7.2, §7.5): the checks of ./send-checks.ts, the reply budget, `client_id`
 * reuse, blocked recipients (`ret 0` without `message_id`); every attempt lands in the outbox.
 */
import type { Bot } from '../bots.js';
import { json, type Ctx, type Reply } from '../http.js';
import { num, obj, str } from '../json.js';
import type { IlinkSentMessage } from '../outbox.js';
import { checkMedia, checkText, contextTokenVerdict, textOf } from '../send-checks.js';
import type { IlinkState } from '../state.js';

type Item = Readonly<Record<string, unknown>>;

const refused = (ret: number, errmsg: string): Reply => json({ ret, errmsg });

export function sendMessage(state: IlinkState, _ctx: Ctx, body: Readonly<Record<string, unknown>> | undefined, bot: Bot): Reply {
  const msg = obj(body, 'msg');
  const to = str(msg, 'to_user_id') ?? '';
  const list = msg?.['item_list'];
  const items: readonly Item[] = Array.isArray(list) ? list.filter((i): i is Item => typeof i === 'object' && i !== null && !Array.isArray(i)) : [];
  const clientId = str(msg, 'client_id');
  const text = checkText(state.options, items);
  const entry = {
    at: state.now(),
    botId: bot.botId,
    to,
    clientId,
    messageType: num(msg, 'message_type'),
    messageState: num(msg, 'message_state'),
    items: text.items,
    text: text.items.map(textOf).find((t) => t !== undefined),
    truncated: text.truncated,
    contextToken: contextTokenVerdict(state.options, bot, to, str(msg, 'context_token'), state.now()),
    media: checkMedia(state.cdn, items),
  } satisfies Partial<IlinkSentMessage>;
  const refuse = (refusal: NonNullable<IlinkSentMessage['refusal']>, ret: number, errmsg: string): Reply => {
    state.outbox.add({ ...entry, outcome: 'refused', refusal });
    return refused(ret, errmsg);
  };

  if (msg === undefined || to === '') return refuse('invalid', -1, 'invalid msg');
  const prior = clientId === undefined ? undefined : state.outbox.byClientId(bot.botId, clientId);
  // Finishing a GENERATING message by reusing its client_id is refused (one report); other reuse is a duplicate.
  if (prior !== undefined && prior.messageState === 1) return refuse('client-id-reuse', -2, 'prepare failed');
  if (prior !== undefined) {
    state.outbox.add({ ...entry, outcome: 'duplicate', ...(prior.messageId === undefined ? {} : { messageId: prior.messageId }) });
    return json(prior.messageId === undefined ? { ret: 0 } : { ret: 0, message_id: BigInt(prior.messageId) });
  }
  if (entry.contextToken !== 'valid' && entry.contextToken !== 'unchecked') return refuse('context-token', -2, 'prepare failed');
  if (text.tooLong) return refuse('too-long', -2, 'prepare failed');
  const peer = bot.peer(to, state.random);
  if (peer.sendsSinceMessage >= state.options.replyBudget) return refuse('reply-budget', -2, 'rate limited');
  peer.sendsSinceMessage++;
  if (state.blocked.has(to)) {
    state.outbox.add({ ...entry, outcome: 'blocked' });
    return json({ ret: 0 });
  }
  const messageId = state.random.messageId();
  state.outbox.add({ ...entry, outcome: 'delivered', messageId: messageId.toString() });
  return json({ ret: 0, message_id: messageId });
}
