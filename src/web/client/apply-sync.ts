import type { ContactStore } from '../contacts/store.js';
import type { RawContact, RawProfile } from '../../model/raw/shapes.js';
import type { SyncAnswer } from '../protocol/endpoints/sync-answer.js';
import { StatusNotifyCode } from '../../model/codes.js';
import { membersOf } from '../../model/group-members.js';
import { decodeMessage } from '../../model/decode/decode.js';
import type { SelfInfo, WxMessage } from '../../model/message.js';
import { profileWithoutCredentials } from '../../model/raw/without-credentials.js';
import { DecodeError } from '../../errors/decode-error.js';
import type { SessionState } from './session-state.js';
import type { WxEvent } from '../../model/events.js';

/** Your names as mentions use them: the nickname, and your display name in a group when its members are known. */
export function selfInfoOf(state: SessionState): SelfInfo {
  const store = state.contacts;
  const nickName = store.self.nickName;
  return {
    userName: state.user.UserName,
    ...(nickName === '' ? {} : { nickName }),
    displayNameIn: (group) => store.selfMemberName(group),
  };
}

/** A contact a batch named but the store lacks: a UserName, and for a group member the group's `EncryChatRoomId`. */
export interface MissingContact {
  readonly userName: string;
  readonly encryChatRoomId?: string;
}

/** One webwxsync answer, read into the session and ready to deliver. */
export interface SyncBatch {
  /** In delivery order: decode problems, contact changes, the profile, then the messages. */
  readonly events: WxEvent[];
  /** Contacts the batch named but the store lacks, as they came up (repeats included), for the lookup queue. */
  readonly missing: MissingContact[];
  /** How many things the answer held (0 for an empty sync). */
  readonly size: number;
}

/**
 * The user's own changes (a new nickname on the phone) into the store's self, before the messages of the same answer:
 * mentions of the new name are the user's from then on.
 */
function applyProfile(store: ContactStore, profile: RawProfile): void {
  const changes: Partial<RawContact> = {};
  const nickName = profile.NickName?.Buff;
  if (nickName !== undefined && nickName !== '') changes.NickName = nickName;
  if (profile.Signature !== undefined) changes.Signature = profile.Signature;
  if (profile.Alias !== undefined && profile.Alias !== '') changes.Alias = profile.Alias;
  if (profile.Sex !== undefined) changes.Sex = profile.Sex;
  if (Object.keys(changes).length > 0) store.upsert(Object.assign({}, store.self.raw, changes), 'ignore');
}

/**
 * Reads one decoded webwxsync answer into the session, in the order docs/protocol.md §2.11 asks: contact changes
 * first (so a sender in a freshly changed group resolves), then the profile, then the messages (deduplicated by id,
 * with sender and chat names from the contact store). Bad elements become `decode-problem` events; the rest of the
 * batch is delivered. The keys stay where they are until `commitSync`, once the batch is delivered.
 */
export function applySync(state: SessionState, answer: SyncAnswer): SyncBatch {
  const { lists } = answer;
  const events: WxEvent[] = [];
  const missing: MissingContact[] = [];
  for (const error of [...lists.modifiedContacts.failed, ...lists.deletedContacts.failed, ...lists.memberLists.failed, ...lists.messages.failed]) {
    events.push({ type: 'decode-problem', error });
  }

  const store = state.contacts;
  for (const contact of lists.modifiedContacts.ok) applyModifiedContact(store, contact, events);
  for (const group of lists.memberLists.ok) if (group.UserName.startsWith('@@')) applyModifiedContact(store, group, events);
  for (const contact of lists.deletedContacts.ok) {
    const known = store.remove(contact.UserName);
    events.push(known ? { type: 'contact-removed', userName: contact.UserName, contact: known } : { type: 'contact-removed', userName: contact.UserName });
  }
  if (answer.Profile && (answer.Profile.BitFlag ?? 0) !== 0) {
    const profile = profileWithoutCredentials(answer.Profile);
    applyProfile(store, profile);
    events.push({ type: 'profile-changed', profile });
  }

  const self = selfInfoOf(state);
  for (const raw of lists.messages.ok) {
    if (!state.seen.add(raw.MsgId)) continue;
    let message: WxMessage;
    try {
      message = decodeMessage(raw, self);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      events.push({ type: 'decode-problem', error: new DecodeError('webwxsync', [`AddMsgList(${raw.MsgId}): ${reason}`], raw) });
      continue;
    }
    nameMessage(store, message, missing);
    if (message.kind === 'status-notify' && message.code === StatusNotifyCode.SYNC_CONV) {
      for (const chat of message.chats) if (store.get(chat) === undefined) missing.push({ userName: chat });
    }
    events.push({ type: 'message', message });
  }
  const size =
    lists.messages.ok.length +
    lists.modifiedContacts.ok.length +
    lists.deletedContacts.ok.length +
    answer.ModChatRoomMemberList.length +
    lists.messages.failed.length;
  return { events, missing, size };
}

/** Once a batch is delivered: publishes its contact changes, then moves the keys (and the skey) past it. */
export function commitSync(state: SessionState, answer: SyncAnswer): void {
  state.contacts.commit();
  state.syncKey = answer.SyncKey;
  state.syncCheckKey = answer.SyncCheckKey && answer.SyncCheckKey.List.length > 0 ? answer.SyncCheckKey : answer.SyncKey;
  state.updateSkey(answer.SKey);
}

function applyModifiedContact(store: ContactStore, raw: RawContact, events: WxEvent[]): void {
  const { contact, previous, membersChanged } = store.upsert(raw, 'merge');
  if (previous === undefined) {
    events.push({ type: 'contact-added', contact });
    return;
  }
  events.push({ type: 'contact-modified', contact, previous });
  if (membersChanged && membersOf(contact) !== undefined) {
    events.push({ type: 'group-members-changed', group: contact.userName, members: contact.members ?? [] });
  }
}

/**
 * Fills `chatName` / `senderName` from the store: two map lookups, no request. A name the store lacks is left out
 * and added to `missing`, so the client looks it up for the next batch (a group whose members were never fetched
 * is fetched whole; a new member is looked up with the group's `EncryChatRoomId`).
 */
function nameMessage(store: ContactStore, message: WxMessage, missing: MissingContact[]): void {
  const names = message as { chatName?: string; senderName?: string };
  const chatName = store.nameOf(message.chat);
  if (chatName !== undefined) names.chatName = chatName;
  else if (store.get(message.chat) === undefined) missing.push({ userName: message.chat });

  let senderName: string | undefined;
  if (!message.isGroup || message.from === message.chat) {
    senderName = message.isSelf ? store.self.name || undefined : store.nameOf(message.from);
    if (senderName === undefined && !message.isSelf && store.get(message.from) === undefined) missing.push({ userName: message.from });
  } else {
    senderName = store.memberName(message.chat, message.from);
    const group = store.get(message.chat);
    // A group whose members were never fetched is fetched once, even when the sender is a known friend: your own
    // display name there is what @-mentions of you use.
    if (group !== undefined && membersOf(group) === undefined) missing.push({ userName: message.chat });
    else if (senderName === undefined && group !== undefined && !message.isSelf) {
      missing.push({ userName: message.from, encryChatRoomId: group.raw.EncryChatRoomId ?? '' });
    }
  }
  if (senderName !== undefined) names.senderName = senderName;
}
