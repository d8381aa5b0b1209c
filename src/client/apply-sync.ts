import type { RawContact } from '../protocol/codecs/common.js';
import type { SyncResponse } from '../protocol/codecs/endpoints.js';
import { decodeMessage } from '../protocol/message/decode.js';
import type { SelfInfo } from '../protocol/message/types.js';
import { decodeSyncLists } from '../protocol/responses.js';
import { DecodeError } from '../errors/decode-error.js';
import type { SessionState } from './session-state.js';
import type { WxEvent } from './types.js';

/** Your display name in `group`, from its member list when the client has it. */
export function selfInfoOf(state: SessionState): SelfInfo {
  return {
    userName: state.user.UserName,
    ...(state.user.NickName ? { nickName: state.user.NickName } : {}),
    displayNameIn: (group) => {
      const members = state.contacts.get(group)?.MemberList;
      const name = members?.find((member) => member.UserName === state.user.UserName)?.DisplayName;
      return name === '' ? undefined : name;
    },
  };
}

/**
 * Applies one fully decoded webwxsync answer, in the order PROTOCOL.md §2.11 asks: contact changes first (so a
 * sender in a freshly changed group resolves), then the profile, then the messages (deduplicated by id), and only
 * then the new keys. Bad elements become `decode-problem` events; the rest of the batch is delivered.
 * @returns how many things the batch held (0 for an empty sync)
 */
export function applySync(state: SessionState, response: SyncResponse, emit: (event: WxEvent) => void): number {
  const lists = decodeSyncLists(response);
  for (const error of [...lists.modifiedContacts.failed, ...lists.deletedContacts.failed, ...lists.messages.failed]) {
    emit({ type: 'decode-problem', error });
  }

  for (const contact of lists.modifiedContacts.ok) applyModifiedContact(state, contact, emit);
  for (const contact of lists.deletedContacts.ok) {
    const known = state.contacts.get(contact.UserName);
    state.contacts.delete(contact.UserName);
    emit(known ? { type: 'contact-removed', userName: contact.UserName, contact: known } : { type: 'contact-removed', userName: contact.UserName });
  }
  if (response.Profile && (response.Profile.BitFlag ?? 0) !== 0) emit({ type: 'profile-changed', profile: response.Profile });

  const self = selfInfoOf(state);
  for (const raw of lists.messages.ok) {
    if (!state.seen.add(raw.MsgId)) continue;
    try {
      emit({ type: 'message', message: decodeMessage(raw, self) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      emit({ type: 'decode-problem', error: new DecodeError('webwxsync', [`AddMsgList(${raw.MsgId}): ${reason}`], raw) });
    }
  }

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

function applyModifiedContact(state: SessionState, contact: RawContact, emit: (event: WxEvent) => void): void {
  const previous = state.contacts.get(contact.UserName);
  const merged: RawContact =
    previous && (contact.MemberList === undefined || contact.MemberList.length === 0) && previous.MemberList
      ? { ...contact, MemberList: previous.MemberList }
      : contact;
  state.contacts.set(contact.UserName, merged);
  if (previous === undefined) {
    emit({ type: 'contact-added', contact: merged });
    return;
  }
  emit({ type: 'contact-modified', contact: merged, previous });
  if (contact.MemberList && contact.MemberList.length > 0 && !sameMembers(previous, contact)) {
    emit({ type: 'group-members-changed', group: contact.UserName, members: contact.MemberList });
  }
}

function sameMembers(a: RawContact, b: RawContact): boolean {
  const left = a.MemberList ?? [];
  const right = b.MemberList ?? [];
  return left.length === right.length && left.every((member, i) => member.UserName === right[i]?.UserName);
}
