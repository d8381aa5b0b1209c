import type * as t from 'io-ts';
import { NumberLike, shape } from '../../../model/raw/primitives.js';
import { RawContact } from '../../../model/raw/shapes.js';
import { BaseResponse, listOf } from '../codecs/common.js';
import type { SessionContext } from './context.js';
import { API_MS, jsonEndpoint } from './descriptor.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { api, get, langOf, passTicket, postJson } from './url.js';

/** The address book and changes to contacts (docs/protocol.md §2.8, §2.9, §2.24, §2.25). */

/** `webwxbatchgetcontact` takes at most this many entries per call. */
export const MAX_BATCH_CONTACTS = 50;

/**
 * `webwxgetcontact` (docs/protocol.md §2.8). `Seq` ≠ 0 asks for another page; an absent `Seq` ends the listing like 0.
 */
export const GetContactResponse = shape(
  { BaseResponse, MemberList: listOf(RawContact) },
  { MemberCount: NumberLike, Seq: NumberLike },
  'GetContactResponse',
);
export type GetContactResponse = t.TypeOf<typeof GetContactResponse>;

/**
 * docs/protocol.md §2.8: one page of the address book; start with `seq` 0 and repeat with the answer's `Seq` until it
 * is 0. Its timeout is 30 s: the address book can be megabytes.
 */
export const webwxgetcontact = jsonEndpoint({
  name: 'webwxgetcontact',
  timeoutMs: 30_000,
  build: (s: SessionContext, seq: number | void) => {
    const url = api(s.hosts.main, 'webwxgetcontact', [
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
      ['r', s.env.now()],
      ['seq', seq ?? 0],
      ['skey', s.credentials.skey],
    ]);
    return get(s, url);
  },
  answer: GetContactResponse,
});

export interface BatchContactEntry {
  readonly UserName: string;
  /** The group's `EncryChatRoomId` for a group member; `''` for groups and plain contacts. @default '' */
  readonly EncryChatRoomId?: string;
}

/** `webwxbatchgetcontact` (docs/protocol.md §2.9). */
export const BatchGetContactResponse = shape(
  { BaseResponse, ContactList: listOf(RawContact) },
  { Count: NumberLike },
  'BatchGetContactResponse',
);
export type BatchGetContactResponse = t.TypeOf<typeof BatchGetContactResponse>;

/**
 * docs/protocol.md §2.9: details for at most `MAX_BATCH_CONTACTS` users or groups; throws `InvalidRequestError` for
 * more.
 */
export const webwxbatchgetcontact = jsonEndpoint({
  name: 'webwxbatchgetcontact',
  timeoutMs: API_MS,
  build: (s: SessionContext, entries: readonly BatchContactEntry[]) => {
    if (entries.length > MAX_BATCH_CONTACTS) {
      throw new InvalidRequestError('webwxbatchgetcontact', `at most ${MAX_BATCH_CONTACTS} entries per call, got ${entries.length}`);
    }
    const url = api(s.hosts.main, 'webwxbatchgetcontact', [
      ['type', 'ex'],
      ['r', s.env.now()],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    const List = entries.map((e) => ({ UserName: e.UserName, EncryChatRoomId: e.EncryChatRoomId ?? '' }));
    return postJson(s, url, { Count: List.length, List });
  },
  answer: BatchGetContactResponse,
});

export type OplogInput =
  | { readonly cmd: 'remark'; readonly userName: string; readonly remarkName: string }
  | { readonly cmd: 'pin'; readonly userName: string; readonly pinned: boolean };

/** `webwxoplog` (docs/protocol.md §2.24): only `BaseResponse`. */
export const OplogResponse = shape({ BaseResponse }, {}, 'OplogResponse');
export type OplogResponse = t.TypeOf<typeof OplogResponse>;

/** docs/protocol.md §2.24: set a friend's remark name (`CmdId` 2) or pin/unpin a chat (`CmdId` 3). */
export const webwxoplog = jsonEndpoint({
  name: 'webwxoplog',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: OplogInput) => {
    const url = api(s.hosts.main, 'webwxoplog', [
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    const body =
      input.cmd === 'remark'
        ? { UserName: input.userName, CmdId: 2, RemarkName: input.remarkName }
        : { UserName: input.userName, CmdId: 3, OP: input.pinned ? 1 : 0 };
    return postJson(s, url, body);
  },
  answer: OplogResponse,
});

export type VerifyUserInput =
  /** Send a friend request (`Opcode` 2) with an optional greeting. */
  | { readonly opcode: 2; readonly userName: string; readonly greeting?: string }
  /** Accept one (`Opcode` 3): `RecommendInfo.UserName` and `RecommendInfo.Ticket` of the MsgType 37 message. */
  | { readonly opcode: 3; readonly userName: string; readonly ticket: string };

/** `webwxverifyuser` (docs/protocol.md §2.25): only `BaseResponse`. */
export const VerifyUserResponse = shape({ BaseResponse }, {}, 'VerifyUserResponse');
export type VerifyUserResponse = t.TypeOf<typeof VerifyUserResponse>;

/** docs/protocol.md §2.25 */
export const webwxverifyuser = jsonEndpoint({
  name: 'webwxverifyuser',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: VerifyUserInput) => {
    const url = api(s.hosts.main, 'webwxverifyuser', [
      ['r', s.env.now()],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    const add = input.opcode === 2;
    return postJson(s, url, {
      Opcode: input.opcode,
      VerifyUserListSize: 1,
      VerifyUserList: [{ Value: input.userName, VerifyUserTicket: add ? '' : input.ticket }],
      VerifyContent: add ? (input.greeting ?? '') : '',
      SceneListCount: 1,
      SceneList: [33],
      skey: s.credentials.skey,
    });
  },
  answer: VerifyUserResponse,
});
