/** synccheck (the held long poll) and webwxsync (docs/protocol.md §2.10, §2.11). */
import { Selector } from '../../../web/protocol/codes.js';
import { synccheckBody } from '../bodies.js';
import { cookie, js, TEXT_PLAIN, type Ctx, type Reply } from '../http.js';
import type { SimState } from '../state.js';
import { toWireJson } from '../wire.js';
import { isReply, jsonCall, queryCall, record } from './common.js';

/**
 * Answers at once with the selector of the first pending event after the client's key; otherwise holds for
 * `syncHoldMs` and answers `selector:"0"`, unless an event (wakes with its selector) or the session's end (its
 * retcode) comes first. A missing `synckey` answers at once, from the server's own position (docs/protocol.md §1.6).
 */
export function synccheck(sim: SimState, ctx: Ctx): Reply | Promise<Reply> {
  const found = queryCall(sim, ctx, 'synccheck', { needsCookies: true, needsSkey: true });
  if (isReply(found)) return found;
  const session = found;
  const param = ctx.query.get('synckey');
  const position = param === null ? undefined : session.keys.positionOfString(param);
  const from = position ?? session.queue.ackedSeq;
  const selector = session.queue.selectorAfter(from);
  if (selector !== Selector.NONE || param === null) return js(synccheckBody(0, selector));
  return new Promise<Reply>((resolve) => {
    const finish = (wakeSelector: number): void => {
      sim.timers.clear(timer);
      unregister();
      resolve(session.active ? js(synccheckBody(0, wakeSelector)) : js(synccheckBody(session.endCode ?? 1101, 0)));
    };
    const unregister = session.queue.wait(finish);
    const timer = sim.timers.set(() => finish(Selector.NONE), sim.options.syncHoldMs);
    ctx.onAbort(() => {
      sim.timers.clear(timer);
      unregister();
    });
  });
}

const EMPTY_PROFILE: Buffer = Buffer.from(toWireJson({
  BitFlag: 0,
  UserName: { Buff: '' },
  NickName: { Buff: '' },
  BindUin: 0,
  BindEmail: { Buff: '' },
  BindMobile: { Buff: '' },
  Status: 0,
  Sex: 0,
  PersonalCard: 0,
  Alias: '',
  HeadImgUpdateFlag: 0,
  HeadImgUrl: '',
  Signature: '',
}));

/**
 * Returns up to `batchSize` events after the position in the request's SyncKey, acknowledging everything before
 * it (kept for a later stale key with `replayAcknowledged`), with the next SyncKey/SyncCheckKey and `ContinueFlag` 1
 * when more wait. The first answer of a session sets the cookies the server re-issues there (docs/protocol.md §1.4).
 */
export async function webwxsync(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxsync', { needsCookies: true });
  if (isReply(call)) return call;
  const { session } = call;
  const keyList = record(call.body['SyncKey'])['List'];
  const position = Array.isArray(keyList) ? session.keys.positionOf(keyList.map(record).map((k) => ({ Key: k['Key'], Val: k['Val'] }))) : undefined;
  const queue = session.queue;
  const from = queue.clamp(position ?? queue.ackedSeq);
  if (!sim.options.replayAcknowledged) queue.ack(from);
  const batch = queue.take(from, sim.options.batchSize);
  if (session.notified) session.grown = true;

  const messages: Buffer[] = [];
  const modContacts: Buffer[] = [];
  const delContacts: Buffer[] = [];
  let profile: Buffer = EMPTY_PROFILE;
  for (const event of batch.events) {
    session.keys.lastEventTime = Math.max(session.keys.lastEventTime, event.time);
    if (event.kind === 'message') messages.push(event.wire);
    else if (event.kind === 'del-contact') delContacts.push(event.wire);
    else if (event.kind === 'profile') profile = event.wire;
    else modContacts.push(event.wire);
  }
  const keys = session.keys;
  const parts: Buffer[] = [
    text(`{\n"BaseResponse": {\n"Ret": 0,\n"ErrMsg": ""\n}\n,\n"AddMsgCount": ${messages.length},\n"AddMsgList": `),
    ...list(messages),
    text(`,\n"ModContactCount": ${modContacts.length},\n"ModContactList": `),
    ...list(modContacts),
    text(`,\n"DelContactCount": ${delContacts.length},\n"DelContactList": `),
    ...list(delContacts),
    text(',\n"ModChatRoomMemberCount": 0,\n"ModChatRoomMemberList": [],\n"Profile": '),
    profile,
    text(
      `\n,\n"ContinueFlag": ${batch.more ? 1 : 0},\n"SyncKey": ${toWireJson(keys.syncKey(batch.next, session.grown))}\n,\n` +
        `"SKey": "",\n"SyncCheckKey": ${toWireJson(keys.checkKey(batch.next))}\n}`,
    ),
  ];
  const body = Buffer.concat(parts);

  let cookies: string[] | undefined;
  if (!session.firstSyncDone) {
    session.firstSyncDone = true;
    const now = sim.now();
    const seconds = Math.floor(now / 1000);
    cookies = [
      cookie('wxloadtime', `${seconds}_expired`, now + 12 * 3600_000),
      cookie('wxpluginkey', String(seconds - 900), now + 12 * 3600_000),
      cookie('wxuin', String(session.uin), now + 3 * 24 * 3600_000),
      cookie('wxsid', session.sid, now + 12 * 3600_000),
      cookie('webwx_data_ticket', session.dataTicket, now + 12 * 3600_000),
    ];
  }
  return cookies === undefined ? { status: 200, type: TEXT_PLAIN, body } : { status: 200, type: TEXT_PLAIN, body, cookies };
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const OPEN = text('[');
const SEPARATOR = text('\n,');
const CLOSE = text('\n]');
const EMPTY = text('[]');

/** `[{…}\n,{…}\n]` as `toWireJson` lays out arrays of objects, from pre-rendered elements. */
function list(items: readonly Buffer[]): Buffer[] {
  if (items.length === 0) return [EMPTY];
  const out: Buffer[] = [OPEN];
  items.forEach((item, i) => {
    if (i > 0) out.push(SEPARATOR);
    out.push(item);
  });
  out.push(CLOSE);
  return out;
}
