/**
 * `getconfig`, `sendtyping`, `notifystart`, `notifystop` (docs/ilink-protocol.md §8–9). A typing ticket is issued per
 * (bot, user) and stays the same until the next login; `sendtyping` checks it and records the state.
 */
import type { Bot } from '../bots.js';
import { json, type Ctx, type Reply } from '../http.js';
import { num, str } from '../json.js';
import type { IlinkState } from '../state.js';

type Body = Readonly<Record<string, unknown>> | undefined;

const known = (bot: Bot, userId: string): boolean => userId === bot.userId || bot.peers.has(userId);

export function getConfig(state: IlinkState, _ctx: Ctx, body: Body, bot: Bot): Reply {
  const userId = str(body, 'ilink_user_id') ?? '';
  if (!known(bot, userId)) return json({ ret: -1, errmsg: 'unknown ilink_user_id' });
  const peer = bot.peer(userId, state.random);
  peer.typingTicket ??= state.random.base64(24);
  return json({ ret: 0, typing_ticket: peer.typingTicket });
}

export function sendTyping(state: IlinkState, _ctx: Ctx, body: Body, bot: Bot): Reply {
  const userId = str(body, 'ilink_user_id') ?? '';
  const ticket = str(body, 'typing_ticket');
  const status = num(body, 'status');
  const valid = ticket !== undefined && ticket !== '' && bot.peers.get(userId)?.typingTicket === ticket;
  state.typing.push({ at: state.now(), botId: bot.botId, userId, status, ticket: valid ? 'valid' : 'invalid' });
  if (!valid) return json({ ret: -1, errmsg: 'invalid typing_ticket' });
  if (status !== 1 && status !== 2) return json({ ret: -1, errmsg: 'invalid status' });
  return json({ ret: 0 });
}

export function notify(online: boolean): (state: IlinkState, ctx: Ctx, body: Body, bot: Bot) => Reply {
  return (_state, _ctx, _body, bot) => {
    bot.online = online;
    return json({ ret: 0, errmsg: '' });
  };
}
