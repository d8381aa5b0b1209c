import * as t from 'io-ts';
import { LooseString, shape } from '../../../model/raw/primitives.js';
import { BaseResponse, LooseId } from '../codecs/common.js';
import { localId } from '../ids.js';
import type { Env, SessionContext } from './context.js';
import { API_MS, jsonEndpoint } from './descriptor.js';
import { api, langOf, passTicket, postJson, type QueryValue } from './url.js';

/** Sending and recalling messages (docs/protocol.md §2.12–2.16, §2.23). */

/** A fresh `LocalID`/`ClientMsgId` (17 digits); generate it first when the caller must keep it for a recall. */
export const messageLocalId = (env: Env): string => localId(env.now(), () => env.random());

interface SendBase {
  readonly from: string;
  readonly to: string;
  /** Used for both `LocalID` and `ClientMsgId`. @default messageLocalId(env) */
  readonly localId?: string;
}

export interface SendTextInput extends SendBase {
  readonly content: string;
  /** 1 text, 42 name card (`content` is then the `<msg username=… nickname=…/>` XML). @default 1 */
  readonly type?: 1 | 42;
  /** 0 normal, 2 forward. @default 0 */
  readonly scene?: 0 | 2;
}

export interface SendMediaInput extends SendBase {
  readonly mediaId: string;
}

export type SendEmoticonInput = SendBase & ({ readonly mediaId: string } | { readonly md5: string });

export interface SendAppMsgInput extends SendBase {
  /** The `<appmsg …>` XML, raw (not HTML-escaped). */
  readonly content: string;
  /** 6 for a file; a forwarded app message keeps its `AppMsgType`. @default 6 */
  readonly type?: number;
}

/**
 * Every send endpoint (docs/protocol.md §2.12–2.16): `MsgID` and `LocalID` are needed to revoke; both `""` on failure.
 */
export const SendResponse = shape({ BaseResponse, MsgID: LooseId, LocalID: LooseId }, {}, 'SendResponse');
export type SendResponse = t.TypeOf<typeof SendResponse>;

function sendUrl(s: SessionContext, endpoint: string, fun?: 'async' | 'sys'): string {
  const query: Array<readonly [string, QueryValue]> = [];
  if (fun === 'async') query.push(['fun', 'async'], ['f', 'json']);
  if (fun === 'sys') query.push(['fun', 'sys']);
  query.push(['lang', langOf(s)], ['pass_ticket', passTicket(s)]);
  return api(s.hosts.main, endpoint, query);
}

function sendBody(s: SessionContext, url: string, input: SendBase, fields: Record<string, unknown>, scene = 0) {
  const id = input.localId ?? messageLocalId(s.env);
  const Msg = { ...fields, FromUserName: input.from, ToUserName: input.to, LocalID: id, ClientMsgId: id };
  return postJson(s, url, { Msg, Scene: scene });
}

/** docs/protocol.md §2.12: text (or a name card with `type: 42`). */
export const webwxsendmsg = jsonEndpoint({
  name: 'webwxsendmsg',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: SendTextInput) =>
    sendBody(s, sendUrl(s, 'webwxsendmsg'), input, { Type: input.type ?? 1, Content: input.content }, input.scene ?? 0),
  answer: SendResponse,
});

/** docs/protocol.md §2.13: an uploaded image. */
export const webwxsendmsgimg = jsonEndpoint({
  name: 'webwxsendmsgimg',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: SendMediaInput) =>
    sendBody(s, sendUrl(s, 'webwxsendmsgimg', 'async'), input, { Type: 3, MediaId: input.mediaId, Content: '' }),
  answer: SendResponse,
});

/** docs/protocol.md §2.14: a video uploaded with `mediatype=video`. */
export const webwxsendvideomsg = jsonEndpoint({
  name: 'webwxsendvideomsg',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: SendMediaInput) =>
    sendBody(s, sendUrl(s, 'webwxsendvideomsg', 'async'), input, { Type: 43, MediaId: input.mediaId, Content: '' }),
  answer: SendResponse,
});

/** docs/protocol.md §2.15: a sticker, by upload id or by the md5 of a known sticker. */
export const webwxsendemoticon = jsonEndpoint({
  name: 'webwxsendemoticon',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: SendEmoticonInput) => {
    const media = 'mediaId' in input ? { MediaId: input.mediaId } : { EMoticonMd5: input.md5 };
    return sendBody(s, sendUrl(s, 'webwxsendemoticon', 'sys'), input, { Type: 47, EmojiFlag: 2, ...media });
  },
  answer: SendResponse,
});

/** docs/protocol.md §2.16: an app message (a file attachment by default). */
export const webwxsendappmsg = jsonEndpoint({
  name: 'webwxsendappmsg',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: SendAppMsgInput) =>
    sendBody(s, sendUrl(s, 'webwxsendappmsg', 'async'), input, { Type: input.type ?? 6, Content: input.content }),
  answer: SendResponse,
});

export interface RevokeInput {
  /** `MsgID` of the send response. */
  readonly svrMsgId: string;
  /** `LocalID` of the send. */
  readonly localId: string;
  readonly to: string;
}

/** `webwxrevokemsg` (docs/protocol.md §2.23). */
export const RevokeResponse = shape({ BaseResponse, Introduction: LooseString, SysWording: LooseString }, {}, 'RevokeResponse');
export type RevokeResponse = t.TypeOf<typeof RevokeResponse>;

/** docs/protocol.md §2.23: recall an own message (within about 2 minutes). */
export const webwxrevokemsg = jsonEndpoint({
  name: 'webwxrevokemsg',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: RevokeInput) => {
    const url = api(s.hosts.main, 'webwxrevokemsg', [
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    return postJson(s, url, { SvrMsgId: input.svrMsgId, ToUserName: input.to, ClientMsgId: input.localId });
  },
  answer: RevokeResponse,
});
