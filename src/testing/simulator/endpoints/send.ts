/**
 * The send endpoints (docs/protocol.md §2.12–2.16) and webwxrevokemsg (§2.23). Every accepted send lands in the
 * session's outbox with the `MsgID` the server issued and the client's `LocalID`. Checks: `FromUserName` must be the
 * own UserName and `ToUserName` a name of this login (else `-1`); a person who is not a friend answers 1204.
 */
import { MsgType } from '../../../model/codes.js';
import { baseResponse, retcodeReply } from '../bodies.js';
import { json, type Ctx, type Reply } from '../http.js';
import type { OutboxEntry, Session } from '../session.js';
import type { SimState } from '../state.js';
import { isReply, jsonCall, num, record, text } from './common.js';

export type SendEndpoint = 'webwxsendmsg' | 'webwxsendmsgimg' | 'webwxsendvideomsg' | 'webwxsendemoticon' | 'webwxsendappmsg';

/** The recall window (docs/protocol.md §5: about 2 minutes). */
const RECALL_WINDOW_MS = 2 * 60_000;

export async function send(sim: SimState, ctx: Ctx, endpoint: SendEndpoint): Promise<Reply> {
  const call = await jsonCall(sim, ctx, endpoint);
  if (isReply(call)) return call;
  const { session, body } = call;
  const msg = record(body['Msg']);
  const from = text(msg['FromUserName']);
  const to = text(msg['ToUserName']);
  if (from === '' || to === '' || from !== session.selfUserName) return retcodeReply(endpoint, -1);
  const target = resolveTarget(session, to);
  if (target === 'unknown') return retcodeReply(endpoint, -1);
  if (target === 'stranger') return retcodeReply(endpoint, 1204);

  const localId = text(msg['LocalID']);
  const msgId = sim.credentials.msgId();
  const mediaId = text(msg['MediaId']);
  const md5 = text(msg['EMoticonMd5']);
  const entry: OutboxEntry = {
    endpoint,
    session: session.uuid,
    uin: session.uin,
    msgId,
    localId,
    clientMsgId: text(msg['ClientMsgId']),
    type: num(msg['Type']) ?? defaultType(endpoint),
    content: text(msg['Content']),
    fromUserName: from,
    toUserName: to,
    ...(target.id === undefined ? {} : { to: target.id, toName: session.account.world.nickNameOf(target.id) }),
    ...(mediaId === '' ? {} : { mediaId }),
    ...(md5 === '' ? {} : { emoticonMd5: md5 }),
    scene: num(body['Scene']) ?? 0,
    time: sim.now(),
    revoked: false,
  };
  session.record(entry);
  return json({ BaseResponse: baseResponse(0), MsgID: msgId, LocalID: localId });
}

/** Own messages only, within the recall window; both sides then see a MsgType 10002. */
export async function revoke(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxrevokemsg');
  if (isReply(call)) return call;
  const { session, body } = call;
  const svrMsgId = text(body['SvrMsgId']);
  const entry = session.outbox.find((e) => e.msgId === svrMsgId);
  if (entry === undefined || entry.revoked || sim.now() - entry.time > RECALL_WINDOW_MS) return retcodeReply('webwxrevokemsg', -1);
  session.revoke(entry);
  const self = session.account.world.self.id;
  const chat = entry.to;
  if (chat !== undefined) {
    const group = chat.endsWith('@chatroom') ? chat : undefined;
    session.pushMessages([{ kind: 'recall', from: self, recalledId: entry.msgId, oldMsgId: entry.localId, ...(group === undefined ? { to: chat } : { group }) }], sim.now());
  }
  return json({ BaseResponse: baseResponse(0), Introduction: '', SysWording: '' });
}

function defaultType(endpoint: SendEndpoint): number {
  switch (endpoint) {
    case 'webwxsendmsg':
      return MsgType.TEXT;
    case 'webwxsendmsgimg':
      return MsgType.IMAGE;
    case 'webwxsendvideomsg':
      return MsgType.VIDEO;
    case 'webwxsendemoticon':
      return MsgType.EMOTICON;
    case 'webwxsendappmsg':
      return 6;
  }
}

type Target = { readonly id: string | undefined } | 'unknown' | 'stranger';

/** Who a UserName of this login is; strangers (group members who are not friends) cannot be messaged. */
function resolveTarget(session: Session, userName: string): Target {
  const world = session.account.world;
  const id = session.userNames.idOf(userName);
  if (id === undefined) return 'unknown';
  const entity = world.get(id);
  if (entity === undefined) return 'unknown';
  if (entity.kind === 'person' && !entity.isFriend) return 'stranger';
  return { id };
}
