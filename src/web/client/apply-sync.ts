import type { ContactStore } from '../contacts/store.js';
import { RawContact } from '../../model/raw/shapes.js';
import type { SyncResponse } from '../protocol/codecs/endpoints.js';
import { StatusNotifyCode } from '../../model/codes.js';
import { decodeMessage } from '../../model/decode/decode.js';
import type { SelfInfo, WxMessage } from '../../model/message.js';
import { decodeEach, decodeSyncLists } from '../protocol/responses.js';
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

/**
 * Applies one fully decoded webwxsync answer, in the order PROTOCOL.md §2.11 asks: contact changes first (so a
 * sender in a freshly changed group resolves), then the profile, then the messages (deduplicated by id, with sender
 * and chat names from the contact store), and only then the new keys. Bad elements become `decode-problem` events;
 * the rest of the batch is delivered.
 * @returns how many things the batch held (0 for an empty sync)
 */
export function applySync(state: SessionState, response: SyncResponse, emit: (event: WxEvent) => void): number {
  const lists = decodeSyncLists(response);
  const memberLists = decodeEach(RawContact, 'webwxsync', response.ModChatRoomMemberList, 'ModChatRoomMemberList');
  for (const error of [...lists.modifiedContacts.failed, ...lists.deletedContacts.failed, ...memberLists.failed, ...lists.messages.failed]) {
    emit({ type: 'decode-problem', error });
  }

  const store = state.contacts;
  for (const contact of lists.modifiedContacts.ok) applyModifiedContact(store, contact, emit);
  for (const group of memberLists.ok) if (group.UserName.startsWith('@@')) applyModifiedContact(store, group, emit);
  for (const contact of lists.deletedContacts.ok) {
    const known = store.remove(contact.UserName);
    emit(known ? { type: 'contact-removed', userName: contact.UserName, contact: known } : { type: 'contact-removed', userName: contact.UserName });
  }
  if (response.Profile && (response.Profile.BitFlag ?? 0) !== 0) emit({ type: 'profile-changed', profile: profileWithoutCredentials(response.Profile) });

  const self = selfInfoOf(state);
  for (const raw of lists.messages.ok) {
    if (!state.seen.add(raw.MsgId)) continue;
    let message: WxMessage;
    try {
      message = decodeMessage(raw, self);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      emit({ type: 'decode-problem', error: new DecodeError('webwxsync', [`AddMsgList(${raw.MsgId}): ${reason}`], raw) });
      continue;
    }
    nameMessage(store, message);
    if (message.kind === 'status-notify' && message.code === StatusNotifyCode.SYNC_CONV) {
      for (const chat of message.chats) if (store.get(chat) === undefined) store.missing(chat);
    }
    emit({ type: 'message', message });
  }
  store.commit();

  state.syncKey = response.SyncKey;
  state.syncCheckKey = response.SyncCheckKey && response.SyncCheckKey.List.length > 0 ? response.SyncCheckKey : response.SyncKey;
  state.updateSkey(response.SKey);
  return (
    lists.messages.ok.length +
    lists.modifiedContacts.ok.length +
    lists.deletedContacts.ok.length +
    response.ModChatRoomMemberList.length +
    lists.messages.failed.length
  );
}

function applyModifiedContact(store: ContactStore, raw: RawContact, emit: (event: WxEvent) => void): void {
  const { contact, previous, membersChanged } = store.upsert(raw, 'merge');
  if (previous === undefined) {
    emit({ type: 'contact-added', contact });
    return;
  }
  emit({ type: 'contact-modified', contact, previous });
  if (membersChanged && contact.members !== undefined) {
    emit({ type: 'group-members-changed', group: contact.userName, members: contact.members });
  }
}

/**
 * Fills `chatName` / `senderName` from the store: two map lookups, no request. A name the store lacks is left out
 * and reported as missing, so the client looks it up in the next batch (a group whose members were never fetched
 * is fetched whole; a new member is looked up with the group's `EncryChatRoomId`).
 */
function nameMessage(store: ContactStore, message: WxMessage): void {
  const names = message as { chatName?: string; senderName?: string };
  const chatName = store.nameOf(message.chat);
  if (chatName !== undefined) names.chatName = chatName;
  else if (store.get(message.chat) === undefined) store.missing(message.chat);

  let senderName: string | undefined;
  if (!message.isGroup || message.from === message.chat) {
    senderName = message.isSelf ? store.self.name || undefined : store.nameOf(message.from);
    if (senderName === undefined && !message.isSelf && store.get(message.from) === undefined) store.missing(message.from);
  } else {
    senderName = store.memberName(message.chat, message.from);
    const group = store.get(message.chat);
    // A group whose members were never fetched is fetched once, even when the sender is a known friend: your own
    // display name there is what @-mentions of you use.
    if (group !== undefined && group.members === undefined) store.missing(message.chat);
    else if (senderName === undefined && group !== undefined && !message.isSelf) {
      store.missing(message.from, group.raw.EncryChatRoomId ?? '');
    }
  }
  if (senderName !== undefined) names.senderName = senderName;
}
