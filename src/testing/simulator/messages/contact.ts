/** Messages about people: a shared contact card and a friend request, with the profile fields they carry. */
import { MsgType } from '../../../model/codes.js';
import { xmlAttr } from '../wire.js';
import type { Entity } from '../world.js';
import { xmlContent } from './content.js';
import { route } from './route.js';
import type { CardSpec, FriendRequestSpec, MessageContext } from './specs.js';
import { encryptUserNameOf, headUrlOf, ticketOf } from './tokens.js';
import { EMPTY_RECOMMEND, wireMessage, type WireMessage } from './wire-message.js';

export function buildCard(spec: CardSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const shared = ctx.world.get(spec.card);
  if (shared === undefined || shared.kind === 'group') throw new Error(`messages: cannot share a card of ${spec.card}`);
  const info = personInfo(shared);
  const xmlUserName = shared.kind === 'person' && !shared.isFriend ? encryptUserNameOf(shared.id) : shared.id;
  const head = headUrlOf(shared.id);
  const xml =
    `<?xml version="1.0"?>\n<msg bigheadimgurl="${head}/0" smallheadimgurl="${head}/132" username="${xmlAttr(xmlUserName)}" ` +
    `nickname="${xmlAttr(info.nickName)}"  shortpy="" alias="${xmlAttr(info.alias)}" imagestatus="3" scene="17" ` +
    `province="${xmlAttr(info.province)}" city="${xmlAttr(info.city)}" sign="${xmlAttr(info.signature)}" sex="${info.sex}" ` +
    `certflag="${info.verifyFlag}" certinfo="" brandIconUrl="" brandHomeUrl="" brandSubscriptConfigUrl="" brandFlags="0" ` +
    `regionCode="" antispamticket="${ticketOf(shared.id)}" />\n`;
  return wireMessage(ctx, MsgType.CARD, r.from, r.to, spec.time, {
    Content: xmlContent(r.prefix, xml),
    RecommendInfo: {
      ...EMPTY_RECOMMEND,
      UserName: ctx.userNames.userNameOf(shared.id),
      NickName: info.nickName,
      Province: info.province,
      City: info.city,
      Scene: 17,
      VerifyFlag: info.verifyFlag,
      Sex: info.sex,
    },
  });
}

export function buildFriendRequest(spec: FriendRequestSpec, ctx: MessageContext): WireMessage {
  const requester = ctx.world.get(spec.from);
  if (requester === undefined || requester.kind === 'group') throw new Error(`messages: no requester ${spec.from}`);
  const info = personInfo(requester);
  const greeting = spec.greeting ?? `我是${info.nickName}`;
  const scene = spec.scene ?? 14;
  const ticket = ticketOf(requester.id);
  const head = headUrlOf(requester.id);
  const xml =
    `<msg fromusername="${xmlAttr(requester.id)}" encryptusername="${encryptUserNameOf(requester.id)}" ` +
    `fromnickname="${xmlAttr(info.nickName)}" content="${xmlAttr(greeting)}"  shortpy="" imagestatus="3" scene="${scene}" ` +
    `country="CN" province="${xmlAttr(info.province)}" city="${xmlAttr(info.city)}" sign="${xmlAttr(info.signature)}" ` +
    `percard="1" sex="${info.sex}" alias="${xmlAttr(info.alias)}" weibo="" weibonickname="" albumflag="0" albumstyle="0" ` +
    `albumbgimgid="" snsflag="1" snsbgimgid="" snsbgobjectid="0" mhash="" mfullhash="" bigheadimgurl="${head}/0" ` +
    `smallheadimgurl="${head}/132" ticket="${ticket}" opcode="2" googlecontact="" qrticket="" ` +
    `chatroomusername="${spec.group ?? ''}" sourceusername="" sourcenickname=""><brandlist count="0" ver="670564024"></brandlist></msg>`;
  const selfName = ctx.userNames.userNameOf(ctx.world.self.id);
  return wireMessage(ctx, MsgType.FRIEND_REQUEST, 'fmessage', selfName, spec.time, {
    Content: xmlContent('', xml),
    RecommendInfo: {
      ...EMPTY_RECOMMEND,
      UserName: ctx.userNames.userNameOf(requester.id),
      NickName: info.nickName,
      Province: info.province,
      City: info.city,
      Content: greeting,
      Signature: info.signature,
      Alias: info.alias,
      Scene: scene,
      AttrStatus: 233251,
      Sex: info.sex,
      Ticket: ticket,
      OpCode: 2,
    },
  });
}

interface Info {
  readonly nickName: string;
  readonly alias: string;
  readonly province: string;
  readonly city: string;
  readonly signature: string;
  readonly sex: number;
  readonly verifyFlag: number;
}

function personInfo(e: Exclude<Entity, { kind: 'group' }>): Info {
  switch (e.kind) {
    case 'person':
    case 'self':
      return { nickName: e.nickName, alias: e.alias, province: e.province, city: e.city, signature: e.signature, sex: e.sex, verifyFlag: 0 };
    case 'official':
      return { nickName: e.nickName, alias: e.alias, province: e.province, city: e.city, signature: e.signature, sex: 0, verifyFlag: e.verifyFlag };
    case 'special':
      return { nickName: e.nickName, alias: '', province: '', city: '', signature: '', sex: 0, verifyFlag: e.verifyFlag };
  }
}
