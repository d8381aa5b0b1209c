import { defer, map, type Observable } from 'rxjs';
import { retryOnRetcode } from '../../retry/retry-on-retcode.js';
import type { Contact } from '../../model/contact.js';
import type { Endpoint } from '../../errors/endpoint.js';
import { RetcodeError } from '../../errors/retcode-error.js';
import type { BaseResponse } from '../protocol/codecs/common.js';
import type { FriendRequestMessage } from '../../model/message.js';
import type { WxRequest } from '../protocol/request.js';
import {
  createChatroomRequest,
  oplogRequest,
  type SessionContext,
  updateChatroomRequest,
  verifyUserRequest,
} from '../protocol/requests.js';
import { decodeCreateChatroom, decodeOplog, decodeUpdateChatroom, decodeVerifyUser, ensureOk } from '../protocol/responses.js';
import { call } from './call.js';
import type { OpsContext } from './ops-context.js';
import type { SessionState } from './session-state.js';

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

/**
 * One account call. Only 1205 is retried (with back-off): a timed-out add or create may have happened, and the
 * idempotent ones (remark, pin, rename) are cheap to repeat by hand.
 */
function op$<R extends { readonly BaseResponse: BaseResponse }>(
  ctx: OpsContext,
  endpoint: Endpoint,
  build: (s: SessionContext, state: SessionState) => WxRequest,
  decode: (text: string) => R,
): Observable<R> {
  return defer(() => {
    const state = ctx.online(endpoint);
    return call(ctx.transport(), () => build(ctx.sessionContext(state), state), decode);
  }).pipe(
    map((response) => ensureOk(endpoint, response)),
    retryOnRetcode(ctx.sendPolicy),
  );
}

const done = map((): void => undefined);

export function setRemark(ctx: OpsContext, contact: ContactRef, remark: string): Observable<void> {
  return op$(ctx, 'webwxoplog', (s) => oplogRequest(s, { cmd: 'remark', userName: userNameOf(contact), remarkName: remark }), decodeOplog).pipe(done);
}

export function setPinned(ctx: OpsContext, contact: ContactRef, pinned: boolean): Observable<void> {
  return op$(ctx, 'webwxoplog', (s) => oplogRequest(s, { cmd: 'pin', userName: userNameOf(contact), pinned }), decodeOplog).pipe(done);
}

export function acceptFriend(ctx: OpsContext, request: FriendRequestRef): Observable<void> {
  const [userName, ticket] = 'kind' in request ? [request.requester.userName, request.ticket] : [request.userName, request.ticket];
  return op$(ctx, 'webwxverifyuser', (s) => verifyUserRequest(s, { opcode: 3, userName, ticket }), decodeVerifyUser).pipe(done);
}

export function addFriend(ctx: OpsContext, contact: ContactRef, greeting?: string): Observable<void> {
  return op$(
    ctx,
    'webwxverifyuser',
    (s, state) => verifyUserRequest(s, { opcode: 2, userName: userNameOf(contact), greeting: greeting ?? `我是${state.contacts.self.nickName}` }),
    decodeVerifyUser,
  ).pipe(done);
}

export function createGroup(ctx: OpsContext, members: readonly ContactRef[], topic = ''): Observable<string> {
  return op$(ctx, 'webwxcreatechatroom', (s) => createChatroomRequest(s, members.map(userNameOf), topic), decodeCreateChatroom).pipe(
    map((response) => {
      if (response.ChatRoomName === '') throw new RetcodeError('webwxcreatechatroom', -1, 'no group was created');
      return response.ChatRoomName;
    }),
  );
}

function updateMembers(ctx: OpsContext, fun: 'addmember' | 'invitemember' | 'delmember', group: ContactRef, members: readonly ContactRef[]): Observable<void> {
  const room = userNameOf(group);
  return op$(ctx, 'webwxupdatechatroom', (s) => updateChatroomRequest(s, { fun, room, members: members.map(userNameOf) }), decodeUpdateChatroom).pipe(done);
}

export function addMembers(ctx: OpsContext, group: ContactRef, members: readonly ContactRef[]): Observable<'added' | 'invited'> {
  return defer(() => {
    const state = ctx.online('webwxupdatechatroom');
    const known = state.contacts.get(userNameOf(group)) ?? (typeof group === 'string' ? undefined : group);
    const invite = (known?.memberCount ?? 0) > state.inviteStartCount;
    const outcome: 'added' | 'invited' = invite ? 'invited' : 'added';
    return updateMembers(ctx, invite ? 'invitemember' : 'addmember', group, members).pipe(map(() => outcome));
  });
}

export const inviteMembers = (ctx: OpsContext, group: ContactRef, members: readonly ContactRef[]): Observable<void> =>
  updateMembers(ctx, 'invitemember', group, members);

export const removeMembers = (ctx: OpsContext, group: ContactRef, members: readonly ContactRef[]): Observable<void> =>
  updateMembers(ctx, 'delmember', group, members);

export function renameGroup(ctx: OpsContext, group: ContactRef, topic: string): Observable<void> {
  return op$(ctx, 'webwxupdatechatroom', (s) => updateChatroomRequest(s, { fun: 'modtopic', room: userNameOf(group), topic }), decodeUpdateChatroom).pipe(done);
}
