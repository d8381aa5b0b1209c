import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { DecodeError } from '../../errors/decode-error.js';
import type { Endpoint } from '../../errors/endpoint.js';
import { retcodeError } from '../../errors/retcode-error-for.js';
import { BaseResponse } from './codecs/common.js';
import { RawContact, RawMessage } from '../../model/raw/shapes.js';
import { asIsCheck } from '../../model/raw/primitives.js';
import {
  BatchGetContactResponse,
  CreateChatroomResponse,
  GetContactResponse,
  InitResponse,
  OplogResponse,
  RevokeResponse,
  SendResponse,
  StatusNotifyResponse,
  SyncResponse,
  UpdateChatroomResponse,
  UploadMediaResponse,
  VerifyUserResponse,
} from './codecs/endpoints.js';
import { decodeWith, describeIssues } from '../../model/raw/decode.js';
import { parseJson } from './json.js';

/*
 * Raw body text → typed answer, one function per endpoint. Decoding and the `Ret` check are separate steps: call
 * `ensureOk` when a non-zero `Ret` should fail the operation.
 */

/**
 * `parseJson` + `decodeWith`. One exception: a body whose `BaseResponse.Ret` is non-zero but that lacks fields only
 * a success carries is an error answer, not a changed format, so it throws the retcode error instead of a
 * `DecodeError`.
 */
function decodeBody<A>(codec: t.Decoder<unknown, A>, endpoint: Endpoint, text: string): A {
  const json = parseJson(text, endpoint);
  const result = codec.decode(json);
  if (E.isRight(result)) return result.right;
  const base = BaseResponse.decode(
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['BaseResponse'] : undefined,
  );
  if (E.isRight(base) && base.right.Ret !== 0) throw retcodeError(endpoint, base.right.Ret, base.right.ErrMsg ?? '');
  return decodeWith(codec, endpoint, json);
}

export const decodeInit = (text: string): InitResponse => decodeBody(InitResponse, 'webwxinit', text);
export const decodeGetContact = (text: string): GetContactResponse =>
  decodeBody(GetContactResponse, 'webwxgetcontact', text);
export const decodeBatchGetContact = (text: string): BatchGetContactResponse =>
  decodeBody(BatchGetContactResponse, 'webwxbatchgetcontact', text);
/** The message and contact lists stay `unknown[]`; see `decodeSyncLists`. */
export const decodeSync = (text: string): SyncResponse => decodeBody(SyncResponse, 'webwxsync', text);
export const decodeStatusNotify = (text: string): StatusNotifyResponse =>
  decodeBody(StatusNotifyResponse, 'webwxstatusnotify', text);
export const decodeUploadMedia = (text: string): UploadMediaResponse =>
  decodeBody(UploadMediaResponse, 'webwxuploadmedia', text);
export const decodeRevoke = (text: string): RevokeResponse => decodeBody(RevokeResponse, 'webwxrevokemsg', text);
export const decodeOplog = (text: string): OplogResponse => decodeBody(OplogResponse, 'webwxoplog', text);
export const decodeVerifyUser = (text: string): VerifyUserResponse =>
  decodeBody(VerifyUserResponse, 'webwxverifyuser', text);
export const decodeCreateChatroom = (text: string): CreateChatroomResponse =>
  decodeBody(CreateChatroomResponse, 'webwxcreatechatroom', text);
export const decodeUpdateChatroom = (text: string): UpdateChatroomResponse =>
  decodeBody(UpdateChatroomResponse, 'webwxupdatechatroom', text);

/** The endpoints that answer with `{BaseResponse, MsgID, LocalID}`. */
export type SendEndpoint =
  | 'webwxsendmsg'
  | 'webwxsendmsgimg'
  | 'webwxsendvideomsg'
  | 'webwxsendemoticon'
  | 'webwxsendappmsg';

export const decodeSend = (endpoint: SendEndpoint, text: string): SendResponse =>
  decodeBody(SendResponse, endpoint, text);

/**
 * Returns the answer when `BaseResponse.Ret` is 0; otherwise throws the most specific retcode error
 * (`SessionEndedError` for 1100/1101/1102, `RateLimitedError` for 1205, `NotFriendError` for 1204).
 */
export function ensureOk<R extends { readonly BaseResponse: BaseResponse }>(endpoint: Endpoint, response: R): R {
  const { Ret, ErrMsg } = response.BaseResponse;
  if (Ret !== 0) throw retcodeError(endpoint, Ret, ErrMsg ?? '');
  return response;
}

export interface EachResult<A> {
  readonly ok: A[];
  readonly failed: DecodeError[];
}

/**
 * Decodes list elements one at a time so a bad one is reported without losing the rest. `path` (for example
 * `AddMsgList`) prefixes the issue paths, which then read `AddMsgList.3.MsgType: …`.
 */
export function decodeEach<A>(
  codec: t.Decoder<unknown, A>,
  endpoint: Endpoint,
  items: readonly unknown[],
  path = '',
): EachResult<A> {
  const ok: A[] = [];
  const failed: DecodeError[] = [];
  const accepts = asIsCheck(codec);
  items.forEach((item, index) => {
    if (accepts?.(item) === true) {
      ok.push(item);
      return;
    }
    const result = codec.decode(item);
    if (E.isRight(result)) {
      ok.push(result.right);
      return;
    }
    const at = path ? `${path}.${index}` : String(index);
    const issues = describeIssues(result.left).map((issue) =>
      issue.startsWith('(body):') ? `${at}:${issue.slice('(body):'.length)}` : `${at}.${issue}`,
    );
    failed.push(new DecodeError(endpoint, issues, item));
  });
  return { ok, failed };
}

export interface SyncLists {
  readonly messages: EachResult<RawMessage>;
  readonly modifiedContacts: EachResult<RawContact>;
  readonly deletedContacts: EachResult<RawContact>;
}

/** The element-wise decode of a `webwxsync` answer's message and contact lists. */
export function decodeSyncLists(response: SyncResponse): SyncLists {
  return {
    messages: decodeEach(RawMessage, 'webwxsync', response.AddMsgList, 'AddMsgList'),
    modifiedContacts: decodeEach(RawContact, 'webwxsync', response.ModContactList, 'ModContactList'),
    deletedContacts: decodeEach(RawContact, 'webwxsync', response.DelContactList, 'DelContactList'),
  };
}
