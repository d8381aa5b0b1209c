import { defer, map, type Observable } from 'rxjs';
import type { Contact } from '../../model/contact.js';
import { RetcodeError } from '../../errors/retcode-error.js';
import type { FriendRequestMessage } from '../../model/message.js';
import { webwxcreatechatroom, webwxupdatechatroom } from '../protocol/endpoints/chatroom.js';
import { webwxoplog, webwxverifyuser } from '../protocol/endpoints/contacts.js';
import type { OpsContext } from './ops-context.js';

/** A contact by its `Contact` object or its per-login UserName. */
export type ContactRef = Contact | string;

/** A friend request to accept: the MsgType 37 message, or its requester's UserName and ticket. */
export type FriendRequestRef = FriendRequestMessage | { readonly userName: string; readonly ticket: string };

/**
 * Changes to the account: remarks, pins, friends and groups; part of `WeChatClient`. Each is cold, answers once,
 * and fails with a typed error: `NotFriendError` (1204), `RateLimitedError` (1205, after backing off),
 * `RetcodeError` for any other code, `NotOnlineError` when not logged in. The server reports the effect through the
 * next sync (ModContactList and a system message), which updates `contacts$`.
 */
export interface AccountOperations {
  /** Sets your remark name for a friend (webwxoplog CmdId 2). */
  setRemark(contact: ContactRef, remark: string): Observable<void>;
  /** Pins a chat to the top (webwxoplog CmdId 3, OP 1). */
  pin(contact: ContactRef): Observable<void>;
  /** Unpins a chat (webwxoplog CmdId 3, OP 0). */
  unpin(contact: ContactRef): Observable<void>;
  /** Accepts a friend request (webwxverifyuser Opcode 3 with the request's ticket). */
  acceptFriend(request: FriendRequestRef): Observable<void>;
  /** Sends a friend request (webwxverifyuser Opcode 2). @param greeting @default `我是` + your nickname */
  addFriend(contact: ContactRef, greeting?: string): Observable<void>;
  /** Creates a group with these members (at least two besides you); emits its `@@` UserName. */
  createGroup(members: readonly ContactRef[], topic?: string): Observable<string>;
  /**
   * Adds members; a group above `InviteStartCount` (40) members gets invitations instead, as the server requires.
   * Emits which it was.
   */
  addMembers(group: ContactRef, members: readonly ContactRef[]): Observable<'added' | 'invited'>;
  /** Sends invitations to join (webwxupdatechatroom fun=invitemember). */
  inviteMembers(group: ContactRef, members: readonly ContactRef[]): Observable<void>;
  /** Removes members (owner only). */
  removeMembers(group: ContactRef, members: readonly ContactRef[]): Observable<void>;
  /** Renames a group (fun=modtopic). */
  renameGroup(group: ContactRef, topic: string): Observable<void>;
}

const userNameOf = (ref: ContactRef): string => (typeof ref === 'string' ? ref : ref.userName);

// Each is one call of the client's `invoke`: only 1205 is retried (with back-off), since a timed-out add or create
// may have happened, and the idempotent ones (remark, pin, rename) are cheap to repeat by hand.

const done = map((): void => undefined);

function setRemark(ctx: OpsContext, contact: ContactRef, remark: string): Observable<void> {
  return ctx.invoke(webwxoplog, () => ({ cmd: 'remark' as const, userName: userNameOf(contact), remarkName: remark })).pipe(done);
}

function setPinned(ctx: OpsContext, contact: ContactRef, pinned: boolean): Observable<void> {
  return ctx.invoke(webwxoplog, () => ({ cmd: 'pin' as const, userName: userNameOf(contact), pinned })).pipe(done);
}

function acceptFriend(ctx: OpsContext, request: FriendRequestRef): Observable<void> {
  const [userName, ticket] = 'kind' in request ? [request.requester.userName, request.ticket] : [request.userName, request.ticket];
  return ctx.invoke(webwxverifyuser, () => ({ opcode: 3 as const, userName, ticket })).pipe(done);
}

function addFriend(ctx: OpsContext, contact: ContactRef, greeting?: string): Observable<void> {
  return ctx
    .invoke(webwxverifyuser, (state) => ({ opcode: 2 as const, userName: userNameOf(contact), greeting: greeting ?? `我是${state.contacts.self.nickName}` }))
    .pipe(done);
}

function createGroup(ctx: OpsContext, members: readonly ContactRef[], topic = ''): Observable<string> {
  return ctx.invoke(webwxcreatechatroom, () => ({ members: members.map(userNameOf), topic })).pipe(
    map((response) => {
      if (response.ChatRoomName === '') throw new RetcodeError('webwxcreatechatroom', -1, 'no group was created');
      return response.ChatRoomName;
    }),
  );
}

function updateMembers(ctx: OpsContext, fun: 'addmember' | 'invitemember' | 'delmember', group: ContactRef, members: readonly ContactRef[]): Observable<void> {
  const room = userNameOf(group);
  return ctx.invoke(webwxupdatechatroom, () => ({ fun, room, members: members.map(userNameOf) })).pipe(done);
}

function addMembers(ctx: OpsContext, group: ContactRef, members: readonly ContactRef[]): Observable<'added' | 'invited'> {
  return defer(() => {
    const state = ctx.online('webwxupdatechatroom');
    const known = state.contacts.get(userNameOf(group)) ?? (typeof group === 'string' ? undefined : group);
    const invite = (known?.memberCount ?? 0) > state.inviteStartCount;
    const outcome: 'added' | 'invited' = invite ? 'invited' : 'added';
    return updateMembers(ctx, invite ? 'invitemember' : 'addmember', group, members).pipe(map(() => outcome));
  });
}

function renameGroup(ctx: OpsContext, group: ContactRef, topic: string): Observable<void> {
  return ctx.invoke(webwxupdatechatroom, () => ({ fun: 'modtopic' as const, room: userNameOf(group), topic })).pipe(done);
}

/** The account half of a client, on its operations context. */
export function accountOperations(ctx: OpsContext): AccountOperations {
  return {
    setRemark: (contact, remark) => setRemark(ctx, contact, remark),
    pin: (contact) => setPinned(ctx, contact, true),
    unpin: (contact) => setPinned(ctx, contact, false),
    acceptFriend: (request) => acceptFriend(ctx, request),
    addFriend: (contact, greeting) => addFriend(ctx, contact, greeting),
    createGroup: (members, topic) => createGroup(ctx, members, topic),
    addMembers: (group, members) => addMembers(ctx, group, members),
    inviteMembers: (group, members) => updateMembers(ctx, 'invitemember', group, members),
    removeMembers: (group, members) => updateMembers(ctx, 'delmember', group, members),
    renameGroup: (group, topic) => renameGroup(ctx, group, topic),
  };
}
