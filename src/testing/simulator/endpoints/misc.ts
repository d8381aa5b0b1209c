/**
 * webwxoplog, webwxverifyuser, webwxcreatechatroom, webwxupdatechatroom, webwxstatreport and webwxlogout
 * (docs/protocol.md §2.24–2.29). Changes go into the account's world and come back through the next webwxsync
 * (`ModContactList` plus the system texts the phone would show).
 */
import { OplogCmd, VerifyOpcode } from '../../../web/protocol/codes.js';
import { baseResponse, retcodeReply } from '../bodies.js';
import { json, plain, type Ctx, type Reply } from '../http.js';
import { ticketOf } from '../messages/tokens.js';
import type { Session } from '../session.js';
import type { SimState } from '../state.js';
import { isGroupId } from '../usernames.js';
import { memberToWire } from '../wire.js';
import { isReply, jsonCall, num, record, text } from './common.js';

const OK = baseResponse(0);
/** Above this many members, adding directly is refused; clients must invite (docs/protocol.md §2.27). */
const INVITE_START_COUNT = 40;

export async function oplog(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxoplog');
  if (isReply(call)) return call;
  const { session, body } = call;
  const world = session.account.world;
  const id = session.userNames.idOf(text(body['UserName']));
  const person = id === undefined ? undefined : world.person(id);
  const cmd = num(body['CmdId']);
  if (cmd === OplogCmd.MODIFY_REMARK) {
    if (person === undefined || !person.isFriend) return retcodeReply('webwxoplog', -1);
    session.pushModContact(world.modifyContact(person.id, { remarkName: text(body['RemarkName']) }), sim.now());
  } else if (cmd === OplogCmd.TOP) {
    if (id === undefined) return retcodeReply('webwxoplog', -1);
    if (person !== undefined) {
      const flag = num(body['OP']) === 1 ? person.contactFlag | 2048 : person.contactFlag & ~2048;
      session.pushModContact(world.modifyContact(person.id, { contactFlag: flag }), sim.now());
    }
  } else return retcodeReply('webwxoplog', 1);
  return json({ BaseResponse: OK });
}

/** Opcode 3 accepts a request with the ticket the MsgType 37 carried; 2 sends one (nothing visible happens). */
export async function verifyUser(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxverifyuser');
  if (isReply(call)) return call;
  const { session, body } = call;
  const item = record(Array.isArray(body['VerifyUserList']) ? (body['VerifyUserList'] as unknown[])[0] : undefined);
  const id = session.userNames.idOf(text(item['Value']));
  const world = session.account.world;
  if (id === undefined || world.get(id) === undefined) return retcodeReply('webwxverifyuser', -1);
  const opcode = num(body['Opcode']);
  if (opcode === VerifyOpcode.ACCEPT) {
    if (text(item['VerifyUserTicket']) !== ticketOf(id)) return retcodeReply('webwxverifyuser', -1);
    const friend = world.addContact({ id });
    const now = sim.now();
    session.pushModContact(friend, now, true);
    session.pushMessages([{ kind: 'system', event: { type: 'friend-added', friend: id, byMe: true } }], now);
  } else if (opcode !== VerifyOpcode.SEND_REQUEST && opcode !== VerifyOpcode.ADD_DIRECTLY) {
    return retcodeReply('webwxverifyuser', 1);
  }
  return json({ BaseResponse: OK });
}

function memberIds(session: Session, names: readonly string[]): string[] | undefined {
  const ids: string[] = [];
  for (const name of names) {
    const id = session.userNames.idOf(name);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}

export async function createChatroom(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxcreatechatroom');
  if (isReply(call)) return call;
  const { session, body } = call;
  const list = Array.isArray(body['MemberList']) ? (body['MemberList'] as unknown[]) : [];
  const ids = memberIds(session, list.map((m) => text(record(m)['UserName'])));
  if (ids === undefined || ids.length < 2) return json({ BaseResponse: baseResponse(1), ChatRoomName: '', Topic: '', MemberCount: 0, MemberList: [] });
  const world = session.account.world;
  const topic = text(body['Topic']);
  const group = world.createGroup({ topic, memberIds: ids });
  const now = sim.now();
  session.pushModContact(group, now, true);
  session.pushMessages([{ kind: 'system', group: group.id, event: { type: 'group-invite', inviter: world.self.id, invitees: ids } }], now);
  const wire = session.wireContext();
  return json({
    BaseResponse: OK,
    Topic: topic,
    PYInitial: '',
    QuanPin: '',
    MemberCount: group.members.length,
    MemberList: group.members.map((m) => memberToWire(m, wire)),
    ChatRoomName: session.userNames.userNameOf(group.id),
    BlackList: '',
  });
}

/** `fun=addmember|invitemember|delmember|modtopic`. */
export async function updateChatroom(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxupdatechatroom');
  if (isReply(call)) return call;
  const { session, body } = call;
  const world = session.account.world;
  const groupId = session.userNames.idOf(text(body['ChatRoomName']));
  const group = groupId === undefined || !isGroupId(groupId) ? undefined : world.group(groupId);
  const self = world.self.id;
  if (group === undefined || !group.members.some((m) => m.id === self)) return retcodeReply('webwxupdatechatroom', -1);
  const fun = ctx.query.get('fun') ?? '';
  const now = sim.now();
  const names = (key: string): string[] => text(body[key]).split(',').filter((n) => n !== '');
  let updated = group;
  if (fun === 'addmember' || fun === 'invitemember') {
    const ids = memberIds(session, names(fun === 'addmember' ? 'AddMemberList' : 'InviteMemberList'));
    if (ids === undefined || ids.length === 0) return retcodeReply('webwxupdatechatroom', 1);
    if (fun === 'addmember' && group.members.length > INVITE_START_COUNT) return retcodeReply('webwxupdatechatroom', 1, 'use invitemember');
    if (fun === 'addmember') {
      for (const id of ids) updated = world.addGroupMember(group.id, id);
      session.pushMessages([{ kind: 'system', group: group.id, event: { type: 'group-invite', inviter: self, invitees: ids } }], now);
    }
    const wire = session.wireContext();
    if (updated !== group) session.pushModContact(updated, now);
    return json({ BaseResponse: OK, MemberCount: updated.members.length, MemberList: ids.map((id) => memberToWire({ id, displayName: '' }, wire)) });
  }
  if (fun === 'delmember') {
    if (group.ownerId !== self) return retcodeReply('webwxupdatechatroom', -1);
    const ids = memberIds(session, names('DelMemberList'));
    if (ids === undefined || ids.length === 0) return retcodeReply('webwxupdatechatroom', 1);
    for (const id of ids) updated = world.removeGroupMember(group.id, id);
    session.pushModContact(updated, now);
    session.pushMessages([{ kind: 'system', group: group.id, event: { type: 'group-kick', removed: ids } }], now);
  } else if (fun === 'modtopic') {
    const topic = text(body['NewTopic']);
    updated = world.renameGroup(group.id, topic);
    session.pushModContact(updated, now);
    session.pushMessages([{ kind: 'system', group: group.id, event: { type: 'group-topic', by: self, topic } }], now);
  } else return retcodeReply('webwxupdatechatroom', 1);
  return json({ BaseResponse: OK, MemberCount: updated.members.length, MemberList: [] });
}

export async function statReport(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxstatreport');
  return isReply(call) ? call : json({ BaseResponse: OK });
}

/**
 * Ends the session: afterwards every call and the push host answer 1101 (docs/protocol.md §2.29). Needs no body
 * (wechat4u sends none).
 */
export function logout(sim: SimState, ctx: Ctx): Reply {
  const skey = ctx.query.get('skey');
  const sid = ctx.cookies.get('wxsid');
  const session = (sid === undefined ? undefined : sim.sessions.bySessionId(sid)) ?? (skey === null ? undefined : sim.sessions.bySessionKey(skey));
  if (session !== undefined && (skey === null || skey === session.skey)) session.end(1101, sim.now());
  return plain('');
}
