/**
 * What the playground page shows of the Web simulator: its world, the messages queued for the client and what the
 * client sent, in stable ids and display names. Built from the world and the message specs, never from the wire, so
 * no credential can slip into the page.
 */
import { decodeXML } from 'entities';
import type { PageMessage, PageMessageKind, PageSession, PageWorld } from '../playground/page-events.js';
import type { MessageSpec } from './messages/specs.js';
import { systemText } from './messages/system-text.js';
import type { WireMessage } from './messages/wire-message.js';
import type { OutboxEntry, Session } from './session.js';
import type { World } from './world.js';

/** The name a chat list shows: a person's remark, else the nickname; a group's topic, else its first members. */
export function displayName(world: World, id: string): string {
  const entity = world.get(id);
  if (entity?.kind === 'person') return entity.remarkName === '' ? entity.nickName : entity.remarkName;
  if (entity?.kind === 'group') return entity.topic === '' ? entity.members.slice(0, 3).map((m) => world.nameIn(id, m.id)).join('、') : entity.topic;
  return entity === undefined ? id : world.nickNameOf(id);
}

export function pageWorld(world: World): PageWorld {
  return {
    self: { id: world.self.id, name: world.self.nickName },
    friends: world.friends().map((p) => ({ id: p.id, name: displayName(world, p.id), nickName: p.nickName, remarkName: p.remarkName })),
    groups: world.groups().map((g) => ({ id: g.id, name: displayName(world, g.id), members: g.members.map((m) => ({ id: m.id, name: world.nameIn(g.id, m.id) })) })),
    officials: world.officialAccounts().map((o) => ({ id: o.id, name: o.nickName })),
  };
}

export function pageSession(session: Session): PageSession {
  return {
    uuid: session.uuid,
    active: session.active,
    ...(session.endCode === undefined ? {} : { endCode: session.endCode }),
    selfName: session.account.world.self.nickName,
  };
}

/** A queued message as the page shows it; `recall` for a recall notice; nothing for what a chat does not show. */
export function pageMessage(session: Session, spec: MessageSpec, built: WireMessage): PageMessage | { readonly recall: string } | undefined {
  const world = session.account.world;
  const self = world.self.id;
  if (spec.kind === 'status-notify') return undefined;
  if (spec.kind === 'recall') return { recall: spec.recalledId };
  const from = spec.kind === 'system' ? 'weixin' : spec.from;
  const group = spec.group;
  const chat =
    group ??
    (spec.kind === 'friend-request'
      ? 'fmessage'
      : spec.kind === 'system'
        ? (spec.chat ?? (spec.event.type === 'friend-added' ? spec.event.friend : 'weixin'))
        : from === self
          ? (spec.to ?? self)
          : from);
  return {
    msgId: built.MsgId,
    chat,
    chatName: chat === 'fmessage' ? world.nickNameOf('fmessage') : displayName(world, chat),
    from,
    fromName: group === undefined ? displayName(world, from) : world.nameIn(group, from),
    dir: from === self ? 'phone' : 'in',
    kind: specKind(spec.kind),
    text: specText(spec, world),
    ...(spec.kind === 'text' && spec.mentions !== undefined ? { mentions: spec.mentions.map((id) => world.nameIn(group, id)) } : {}),
    ...(spec.kind === 'image' || spec.kind === 'emoticon' ? { media: built.MsgId } : {}),
    time: built.CreateTime * 1000,
  };
}

/** What the client (the bot) sent, as the page shows it. */
export function pageSent(session: Session, entry: OutboxEntry): PageMessage {
  const world = session.account.world;
  const chat = entry.to ?? entry.toUserName;
  const kind = OUTBOX_KINDS[entry.type] ?? 'other';
  return {
    msgId: entry.msgId,
    chat,
    chatName: entry.to === undefined ? chat : displayName(world, entry.to),
    from: world.self.id,
    fromName: world.self.nickName,
    dir: 'bot',
    kind,
    text: kind === 'text' ? entry.content : kind === 'file' ? (/<title>([^<]*)<\/title>/.exec(entry.content)?.[1] ?? '') : '',
    ...(kind === 'image' && entry.mediaId !== undefined ? { media: entry.mediaId } : {}),
    time: entry.time,
    state: 'sent',
    ...(entry.revoked ? { recalled: true } : {}),
  };
}

/** `Msg.Type` of a send → what the page draws (app messages, 6 and 49, are files here). */
const OUTBOX_KINDS: Readonly<Record<number, PageMessageKind>> = { 1: 'text', 3: 'image', 34: 'voice', 42: 'card', 43: 'video', 47: 'emoticon', 6: 'file', 49: 'file' };

function specKind(kind: Exclude<MessageSpec['kind'], 'status-notify' | 'recall'>): PageMessageKind {
  return kind === 'micro-video' ? 'video' : kind;
}

function specText(spec: MessageSpec, world: World): string {
  switch (spec.kind) {
    case 'text':
      return spec.text;
    case 'file':
      return spec.fileName;
    case 'link':
      return spec.title;
    case 'location':
      return spec.label;
    case 'card':
      return displayName(world, spec.card);
    case 'friend-request':
      return `${displayName(world, spec.from)}: ${spec.greeting ?? ''}`;
    case 'system':
      return decodeXML(systemText(spec.event, spec.group, world, spec.lang !== 'en')).trim();
    default:
      return '';
  }
}
