import type * as t from 'io-ts';
import { LooseString, NumberLike, shape } from '../../../model/raw/primitives.js';
import { RawMember } from '../../../model/raw/shapes.js';
import { BaseResponse, listOf } from '../codecs/common.js';
import type { SessionContext } from './context.js';
import { API_MS, jsonEndpoint } from './descriptor.js';
import { api, langOf, passTicket, postJson } from './url.js';

/** Groups (docs/protocol.md §2.26, §2.27). */

export interface CreateChatroomInput {
  readonly members: readonly string[];
  /** @default '' */
  readonly topic?: string;
}

/** `webwxcreatechatroom` (docs/protocol.md §2.26): the new group's `@@` name (empty on failure) and its members. */
export const CreateChatroomResponse = shape(
  { BaseResponse, ChatRoomName: LooseString, Topic: LooseString, MemberList: listOf(RawMember) },
  { MemberCount: NumberLike },
  'CreateChatroomResponse',
);
export type CreateChatroomResponse = t.TypeOf<typeof CreateChatroomResponse>;

/** docs/protocol.md §2.26 */
export const webwxcreatechatroom = jsonEndpoint({
  name: 'webwxcreatechatroom',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: CreateChatroomInput) => {
    const url = api(s.hosts.main, 'webwxcreatechatroom', [
      ['r', s.env.now()],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    return postJson(s, url, {
      MemberCount: input.members.length,
      MemberList: input.members.map((UserName) => ({ UserName })),
      Topic: input.topic ?? '',
    });
  },
  answer: CreateChatroomResponse,
});

export type UpdateChatroomInput =
  /** `addmember` adds directly (groups up to `InviteStartCount` members); `invitemember` sends invitations. */
  | { readonly fun: 'addmember' | 'invitemember' | 'delmember'; readonly room: string; readonly members: readonly string[] }
  | { readonly fun: 'modtopic'; readonly room: string; readonly topic: string };

const memberListField = { addmember: 'AddMemberList', invitemember: 'InviteMemberList', delmember: 'DelMemberList' } as const;

/**
 * `webwxupdatechatroom` (docs/protocol.md §2.27): `MemberList` comes back for add/invite operations only (`[]`
 * otherwise).
 */
export const UpdateChatroomResponse = shape(
  { BaseResponse, MemberList: listOf(RawMember) },
  { MemberCount: NumberLike },
  'UpdateChatroomResponse',
);
export type UpdateChatroomResponse = t.TypeOf<typeof UpdateChatroomResponse>;

/** docs/protocol.md §2.27 */
export const webwxupdatechatroom = jsonEndpoint({
  name: 'webwxupdatechatroom',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: UpdateChatroomInput) => {
    const url = api(s.hosts.main, 'webwxupdatechatroom', [
      ['fun', input.fun],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    const body =
      input.fun === 'modtopic'
        ? { ChatRoomName: input.room, NewTopic: input.topic }
        : { ChatRoomName: input.room, [memberListField[input.fun]]: input.members.join(',') };
    return postJson(s, url, body);
  },
  answer: UpdateChatroomResponse,
});
