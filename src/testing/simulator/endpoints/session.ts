/** webwxinit, webwxstatusnotify, webwxgetcontact and webwxbatchgetcontact (docs/protocol.md §2.6–2.9). */
import { StatusNotifyCode } from '../../../model/codes.js';
import { baseResponse, retcodeReply } from '../bodies.js';
import { json, type Ctx, type Reply } from '../http.js';
import { isGroupId } from '../usernames.js';
import { contactToWire, userToWire, type WireObject } from '../wire.js';
import type { SimState } from '../state.js';
import type { Contact, Group } from '../world.js';
import { isReply, jsonCall, num, queryCall, record, text } from './common.js';

const OK = baseResponse(0);
const MAX_BATCH = 50;

export async function init(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxinit');
  if (isReply(call)) return call;
  const { session } = call;
  const now = sim.now();
  const seconds = Math.floor(now / 1000);
  if (!session.inited) {
    session.inited = true;
    session.keys.initTime = seconds;
    session.keys.lastEventTime = seconds;
    // The client must switch to this SKey: the login skey stops working from here on.
    session.skey = sim.credentials.skey();
    sim.sessions.indexSkey(session, session.skey);
  }
  const world = session.account.world;
  const wire = session.wireContext();
  const recent = world.recentChats(10).filter((e): e is Contact | Group => e.kind !== 'self');
  const names = recent.map((e) => session.userNames.userNameOf(e.id));
  const official = world.officialAccounts()[0];
  const mp: WireObject[] =
    official === undefined
      ? []
      : [
          {
            UserName: session.userNames.userNameOf(official.id),
            MPArticleCount: 1,
            MPArticleList: [{ Title: `${official.nickName} 每日推送`, Digest: official.signature, Cover: 'http://mmbiz.qpic.cn/mmbiz_jpg/sim/300?wxtype=jpeg&wxfrom=0', Url: `http://mp.weixin.qq.com/s?__biz=${official.id}&mid=1&idx=1#rd` }],
            Time: seconds - 600,
            NickName: official.nickName,
          },
        ];
  return json({
    BaseResponse: OK,
    Count: recent.length,
    ContactList: recent.map((e) => contactToWire(e, wire, { members: 'anonymous' })),
    SyncKey: session.keys.syncKey(session.queue.ackedSeq, false),
    User: userToWire(world.self, wire),
    // A duplicate and a trailing comma, as captured.
    ChatSet: [...names, 'filehelper', ''].join(','),
    SKey: session.skey,
    ClientVersion: 385876258,
    SystemTime: seconds,
    GrayScale: 1,
    InviteStartCount: 40,
    MPSubscribeMsgCount: mp.length,
    MPSubscribeMsgList: mp,
    ClickReportInterval: 600000,
  });
}

/** Code 3 (after init) makes the phone push its conversation list: a MsgType 51 / StatusNotifyCode 4 in the next sync. */
export async function statusNotify(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxstatusnotify');
  if (isReply(call)) return call;
  const { session, body } = call;
  const code = num(body['Code']);
  if (code === undefined) return retcodeReply('webwxstatusnotify', 1);
  if (code === StatusNotifyCode.INITED && !session.notified) {
    session.notified = true;
    session.keys.notifyTime = Math.floor(sim.now() / 1000);
    session.pushMessages([{ kind: 'status-notify', code: StatusNotifyCode.SYNC_CONV }], sim.now());
  }
  return json({ BaseResponse: OK, MsgID: sim.credentials.msgId() });
}

/** The address book in pages of `contactPageSize`; `Seq` is where the next page starts, 0 on the last one. */
export async function getContact(sim: SimState, ctx: Ctx): Promise<Reply> {
  let session;
  if (ctx.method === 'POST') {
    const call = await jsonCall(sim, ctx, 'webwxgetcontact');
    if (isReply(call)) return call;
    session = call.session;
  } else {
    const found = queryCall(sim, ctx, 'webwxgetcontact', { needsSkey: true });
    if (isReply(found)) return found;
    session = found;
  }
  const book = session.account.world.addressBook();
  const start = Math.max(0, Math.min(book.length, Number(ctx.query.get('seq') ?? 0) || 0));
  const size = sim.options.contactPageSize;
  const page = book.slice(start, start + size);
  const next = start + size < book.length ? start + size : 0;
  const wire = session.wireContext();
  return json({
    BaseResponse: OK,
    Seq: next,
    MemberCount: page.length,
    MemberList: page.map((e) => contactToWire(e, wire)),
  });
}

/**
 * Details for up to 50 UserNames: groups with their full `MemberList` and `EncryChatRoomId`, people (also group
 * members looked up with the group's `EncryChatRoomId`). More than 50 entries are refused (Ret 1). `HeadImgUrl`
 * carries an empty `skey=`, as captured. Unknown names are left out (`Count` still says what was asked).
 */
export async function batchGetContact(sim: SimState, ctx: Ctx): Promise<Reply> {
  const call = await jsonCall(sim, ctx, 'webwxbatchgetcontact');
  if (isReply(call)) return call;
  const { session, body } = call;
  const list = Array.isArray(body['List']) ? (body['List'] as unknown[]) : undefined;
  if (list === undefined) return retcodeReply('webwxbatchgetcontact', 1);
  if (list.length > MAX_BATCH) return retcodeReply('webwxbatchgetcontact', 1, `at most ${MAX_BATCH} contacts per call`);
  const world = session.account.world;
  const wire = session.wireContext('');
  const contacts: WireObject[] = [];
  for (const item of list) {
    const userName = text(record(item)['UserName']);
    const id = session.userNames.idOf(userName);
    const entity = id === undefined ? undefined : world.get(id);
    if (entity === undefined || entity.kind === 'self') continue;
    contacts.push(contactToWire(entity, wire, isGroupId(entity.id) ? { members: 'full', encryChatRoomId: true } : {}));
  }
  return json({ BaseResponse: OK, Count: list.length, ContactList: contacts });
}
