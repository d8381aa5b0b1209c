/**
 * `sim.inject(...)`: a friend, group member, official account or the phone itself sends something. Names resolve
 * through the world (stable id, nickname, remark, alias or group topic). Group events (`join`, `leave`, `topic`)
 * change the world too and queue the group's new contact object with the system text.
 */
import { imageType } from '../playground/media-shelf.js';
import { ControlError } from './control-error.js';
import type { MessageSpec } from './messages/specs.js';
import { mediaIdOf } from './messages/tokens.js';
import { storedMedia, type MediaPlan } from './media.js';
import type { Session } from './session.js';
import type { SimState } from './state.js';
import type { Entity, World } from './world.js';

export const INJECT_KINDS = [
  'text',
  'image',
  'voice',
  'video',
  'micro-video',
  'file',
  'emoticon',
  'card',
  'location',
  'link',
  'friend-request',
  'recall',
  'join',
  'leave',
  'topic',
  'system',
  'status-notify',
] as const;
export type InjectKind = (typeof INJECT_KINDS)[number];

export interface InjectSpec {
  /** Login uuid or uin; default the newest active session. */
  readonly session?: string | number;
  /** Sender: stable id or name; `self` for a message sent from the phone. Default: the first friend / a group member. */
  readonly from?: string;
  /** The group (stable id or topic) for group messages and group events. */
  readonly group?: string;
  /** @default 'text' */
  readonly kind?: InjectKind;
  /** Text; also the file name, link title, location label, greeting, new topic or system text of other kinds. */
  readonly text?: string;
  /** Queue this many copies (texts get ` #n` appended when `count` > 1; group events happen once). @default 1 */
  readonly count?: number;
  /** Text: members to @-mention (ids or names). */
  readonly mentions?: readonly string[];
  /** Self-sent private message: the peer. */
  readonly to?: string;
  /** File / video / voice / image size in bytes. */
  readonly size?: number;
  readonly url?: string;
  readonly description?: string;
  /** Card: the shared contact. */
  readonly card?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  /** Recall: the `MsgId` recalled. */
  readonly recalledId?: string;
  /** Join: who joins (ids or names; default a new stranger). */
  readonly members?: readonly string[];
  readonly durationMs?: number;
  readonly durationSec?: number;
  readonly storeSticker?: boolean;
  readonly lang?: 'zh' | 'en';
  /**
   * Image, file, voice or video: the bytes a download of it serves, base64 (the playground's uploads); its size
   * becomes the message's. Default: bytes generated on first download.
   */
  readonly data?: string;
}

export interface InjectResult {
  readonly session: string;
  readonly count: number;
  /** The `MsgId`s queued (the first 1,000). */
  readonly msgIds: readonly string[];
}

const MAX_COUNT = 1_000_000;
const MAX_IDS = 1000;
const CHUNK = 1000;

function lookup(world: World, idOrName: string, what: string): Entity {
  const found = idOrName === 'self' ? world.self : world.find(idOrName);
  if (found === undefined) throw new ControlError(404, `unknown ${what} ${JSON.stringify(idOrName)}`);
  return found;
}

export function inject(sim: SimState, session: Session, spec: InjectSpec): InjectResult {
  const kind = spec.kind ?? 'text';
  if (!(INJECT_KINDS as readonly string[]).includes(kind)) throw new ControlError(400, `unknown kind ${JSON.stringify(kind)}; one of ${INJECT_KINDS.join(', ')}`);
  const count = spec.count ?? 1;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) throw new ControlError(400, `count must be an integer from 1 to ${MAX_COUNT}`);
  const world = session.account.world;
  const now = sim.now();
  const bytes = uploaded(kind, spec.data);
  if (bytes !== undefined) spec = { ...spec, size: bytes.length };

  let group: string | undefined;
  if (spec.group !== undefined) {
    const g = lookup(world, spec.group, 'group');
    if (g.kind !== 'group') throw new ControlError(400, `${JSON.stringify(spec.group)} is not a group`);
    group = g.id;
  }
  const from = resolveSender(world, spec.from, group, kind);
  if (kind === 'join' || kind === 'leave' || kind === 'topic') {
    const message = toSpec(session, spec, kind, from, group, 0);
    const g = group === undefined ? undefined : world.group(group);
    if (g !== undefined) session.pushModContact(g, now);
    const [built] = session.pushMessages([message], now);
    return { session: session.uuid, count: 1, msgIds: built === undefined ? [] : [built.MsgId] };
  }
  // Built and queued in chunks, so a large `count` never holds every intermediate object at once.
  const msgIds: string[] = [];
  for (let done = 0; done < count; ) {
    const specs: MessageSpec[] = [];
    for (const end = Math.min(count, done + CHUNK); done < end; done++) specs.push(toSpec(session, spec, kind, from, group, count > 1 ? done + 1 : 0));
    for (const m of session.pushMessages(specs, now)) {
      if (bytes === undefined) planMedia(sim, kind, m.MsgId, m.MediaId, spec);
      else storeMedia(sim, kind, m.MsgId, m.MediaId, spec, bytes);
      if (msgIds.length < MAX_IDS) msgIds.push(m.MsgId);
    }
  }
  return { session: session.uuid, count, msgIds };
}

function resolveSender(world: World, from: string | undefined, group: string | undefined, kind: InjectKind): string {
  if (from !== undefined) {
    const e = lookup(world, from, 'sender');
    if (e.kind === 'group') throw new ControlError(400, `sender ${JSON.stringify(from)} is a group; pass it as "group"`);
    if (group !== undefined && e.id !== world.self.id && kind !== 'join' && !world.group(group)?.members.some((m) => m.id === e.id)) {
      throw new ControlError(400, `${JSON.stringify(from)} is not a member of the group`);
    }
    return e.id;
  }
  if (group !== undefined) {
    const member = world.group(group)?.members.find((m) => m.id !== world.self.id);
    if (member === undefined) throw new ControlError(400, 'the group has no member besides self');
    return member.id;
  }
  const friend = world.friends()[0];
  if (friend === undefined) throw new ControlError(400, 'the world has no friend to send from');
  return friend.id;
}

function ids(world: World, names: readonly string[] | undefined): string[] {
  return (names ?? []).map((n) => lookup(world, n, 'contact').id);
}

function toSpec(session: Session, spec: InjectSpec, kind: InjectKind, from: string, group: string | undefined, n: number): MessageSpec {
  const world = session.account.world;
  const base = { from, ...(group === undefined ? {} : { group }), ...(spec.to === undefined ? {} : { to: lookup(world, spec.to, 'peer').id }) };
  const size = spec.size;
  switch (kind) {
    case 'text':
      return { kind, ...base, text: (spec.text ?? 'hello') + (n > 0 ? ` #${n}` : ''), ...(spec.mentions === undefined ? {} : { mentions: ids(world, spec.mentions) }) };
    case 'image':
      return { kind, ...base, ...(size === undefined ? {} : { size }) };
    case 'voice':
      return { kind, ...base, ...(spec.durationMs === undefined ? {} : { durationMs: spec.durationMs }) };
    case 'video':
    case 'micro-video':
      return { kind, ...base, ...(spec.durationSec === undefined ? {} : { durationSec: spec.durationSec }), ...(size === undefined ? {} : { size }) };
    case 'file':
      return { kind, ...base, fileName: spec.text ?? 'report.pdf', size: size ?? 2048 };
    case 'emoticon':
      return { kind, ...base, ...(spec.storeSticker === undefined ? {} : { storeSticker: spec.storeSticker }) };
    case 'card':
      return { kind, ...base, card: spec.card === undefined ? (world.friends()[1] ?? world.self).id : lookup(world, spec.card, 'card').id };
    case 'location':
      return { kind, ...base, label: spec.text ?? '深圳市南山区科技园', latitude: spec.latitude ?? 22.54, longitude: spec.longitude ?? 113.95 };
    case 'link':
      return { kind, ...base, title: spec.text ?? 'A link', url: spec.url ?? 'https://example.com/article', ...(spec.description === undefined ? {} : { description: spec.description }) };
    case 'friend-request': {
      const requester = spec.from === undefined ? world.addContact({ friend: false }) : world.get(from);
      if (requester === undefined || requester.kind !== 'person') throw new ControlError(400, 'a friend request comes from a person');
      return { kind, from: requester.id, ...(spec.text === undefined ? {} : { greeting: spec.text }), ...(group === undefined ? {} : { group }) };
    }
    case 'recall':
      if (spec.recalledId === undefined) throw new ControlError(400, 'recall needs recalledId');
      return { kind, ...base, recalledId: spec.recalledId };
    case 'join': {
      if (group === undefined) throw new ControlError(400, 'join needs a group');
      const invitees = spec.members === undefined ? [world.addContact({ friend: false }).id] : ids(world, spec.members);
      for (const id of invitees) world.addGroupMember(group, id);
      return { kind: 'system', group, event: { type: 'group-invite', inviter: from, invitees }, ...lang(spec) };
    }
    case 'leave': {
      if (group === undefined) throw new ControlError(400, 'leave needs a group');
      world.removeGroupMember(group, from);
      const event = from === world.self.id ? { type: 'group-removed-self' as const, by: world.group(group)?.ownerId ?? from } : { type: 'group-kick' as const, removed: [from] };
      return { kind: 'system', group, event, ...lang(spec) };
    }
    case 'topic': {
      if (group === undefined) throw new ControlError(400, 'topic needs a group');
      const topic = spec.text ?? 'New topic';
      world.renameGroup(group, topic);
      return { kind: 'system', group, event: { type: 'group-topic', by: from, topic }, ...lang(spec) };
    }
    case 'system':
      return { kind: 'system', ...(group === undefined ? { chat: from } : { group }), event: { type: 'text', text: spec.text ?? '收到红包，请在手机上查看' }, ...lang(spec) };
    case 'status-notify':
      return { kind: 'status-notify' };
  }
}

function lang(spec: InjectSpec): { lang?: 'zh' | 'en' } {
  return spec.lang === undefined ? {} : { lang: spec.lang };
}

const MEDIA_KINDS: readonly InjectKind[] = ['image', 'file', 'voice', 'video', 'micro-video'];

/** The bytes of `data` (base64), for the kinds that carry media. */
function uploaded(kind: InjectKind, data: unknown): Buffer | undefined {
  if (data === undefined) return undefined;
  if (typeof data !== 'string') throw new ControlError(400, 'data must be base64 text');
  if (!MEDIA_KINDS.includes(kind)) throw new ControlError(400, `data is for ${MEDIA_KINDS.join(', ')}, not ${kind}`);
  return Buffer.from(data, 'base64');
}

/** Keeps uploaded bytes where a download of the message looks (files by `MediaId`, the rest by `MsgId`). */
function storeMedia(sim: SimState, kind: InjectKind, msgId: string, mediaId: string, spec: InjectSpec, bytes: Buffer): void {
  if (kind === 'file') {
    const name = spec.text ?? 'report.pdf';
    sim.media.put(mediaId === '' ? mediaIdOf(msgId) : mediaId, storedMedia(bytes, 'application/octet-stream', name));
    return;
  }
  const type = kind === 'image' ? imageType(bytes) : kind === 'voice' ? 'audio/mpeg' : 'video/mp4';
  sim.media.put(msgId, storedMedia(bytes, type, kind === 'image' ? 'image' : kind));
}

function planMedia(sim: SimState, kind: InjectKind, msgId: string, mediaId: string, spec: InjectSpec): void {
  const plan = (key: string, p: MediaPlan): void => sim.media.plan(key, p);
  switch (kind) {
    case 'image':
    case 'emoticon':
      plan(msgId, { kind: 'image' });
      break;
    case 'voice':
      plan(msgId, { kind: 'voice', durationMs: spec.durationMs ?? 2340 });
      break;
    case 'video':
    case 'micro-video':
      plan(msgId, { kind: 'video', size: spec.size ?? 64 * 1024 });
      break;
    case 'file':
      plan(mediaId === '' ? mediaIdOf(msgId) : mediaId, { kind: 'file', name: spec.text ?? 'report.pdf', size: spec.size ?? 2048 });
      break;
    default:
      break;
  }
}
