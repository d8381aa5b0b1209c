import * as t from 'io-ts';
import { RetcodeError } from '../../../errors/retcode-error.js';
import { classifyRetcode } from '../../../errors/retcodes.js';
import { LooseString, NumberLike, shape } from '../../../model/raw/primitives.js';
import { RawContact } from '../../../model/raw/shapes.js';
import { BaseResponse, listOf, LooseId, SyncKey } from '../codecs/common.js';
import { cacheBuster } from '../ids.js';
import { ensureOk } from './answer.js';
import type { SessionContext } from './context.js';
import { API_MS, callEndpoint, jsonEndpoint } from './descriptor.js';
import { api, langOf, passTicket, postJson, referer } from './url.js';

/** The session of the account (docs/protocol.md §2.6, §2.7, §2.28, §2.29): start, presence, telemetry, logout. */

/** Own profile in `webwxinit`: a contact plus a few flags only the self object has. */
export const InitUser = t.intersection(
  [RawContact, t.partial({ WebWxPluginSwitch: NumberLike, HeadImgFlag: NumberLike })],
  'InitUser',
);
export type InitUser = t.TypeOf<typeof InitUser>;

export const MPArticle = t.partial(
  { Title: LooseString, Digest: LooseString, Cover: LooseString, Url: LooseString },
  'MPArticle',
);
export type MPArticle = t.TypeOf<typeof MPArticle>;

/** An official-account article push in `webwxinit` (`MPSubscribeMsgList`). */
export const MPSubscribeMsg = shape(
  { UserName: t.string, NickName: LooseString, MPArticleList: listOf(MPArticle) },
  { MPArticleCount: NumberLike, Time: NumberLike },
  'MPSubscribeMsg',
);
export type MPSubscribeMsg = t.TypeOf<typeof MPSubscribeMsg>;

/**
 * `webwxinit` (docs/protocol.md §2.6). `ContactList` is recent chats, not the address book; `ChatSet` may repeat names.
 */
export const InitResponse = shape(
  {
    BaseResponse,
    SyncKey,
    User: InitUser,
    ContactList: listOf(RawContact),
    ChatSet: LooseString,
    SKey: LooseString,
    MPSubscribeMsgList: listOf(MPSubscribeMsg),
  },
  {
    Count: NumberLike,
    ClientVersion: NumberLike,
    SystemTime: NumberLike,
    GrayScale: NumberLike,
    InviteStartCount: NumberLike,
    MPSubscribeMsgCount: NumberLike,
    ClickReportInterval: NumberLike,
  },
  'InitResponse',
);
export type InitResponse = t.TypeOf<typeof InitResponse>;

/**
 * docs/protocol.md §2.6: the session's start (user, first SyncKey, SKey, recent chats). 1205 here means the account is
 * barred from web login, not a passing throttle: it is a plain, fatal `RetcodeError` so no retry policy waits it out.
 */
export const webwxinit = jsonEndpoint({
  name: 'webwxinit',
  timeoutMs: API_MS,
  build: (s: SessionContext) => {
    const url = api(s.hosts.main, 'webwxinit', [
      ['r', cacheBuster(s.env.now())],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    return postJson(s, url, {});
  },
  answer: InitResponse,
  ensureOk: (init) => {
    const ret = init.BaseResponse.Ret;
    if (ret !== 0 && classifyRetcode(ret) === 'rate-limited') throw new RetcodeError('webwxinit', ret, init.BaseResponse.ErrMsg ?? '');
    return ensureOk('webwxinit', init);
  },
});

export type StatusNotifyInput =
  /** After `webwxinit`: tells the phone web WeChat is online (Code 3, to self). */
  | { readonly code: 3; readonly self: string }
  /** Marks `chat` as read (Code 1). */
  | { readonly code: 1; readonly self: string; readonly chat: string };

/** `webwxstatusnotify` (docs/protocol.md §2.7): `MsgID` is `""` when the call failed. */
export const StatusNotifyResponse = shape({ BaseResponse, MsgID: LooseId }, {}, 'StatusNotifyResponse');
export type StatusNotifyResponse = t.TypeOf<typeof StatusNotifyResponse>;

/** docs/protocol.md §2.7 */
export const webwxstatusnotify = jsonEndpoint({
  name: 'webwxstatusnotify',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: StatusNotifyInput) => {
    const url = api(s.hosts.main, 'webwxstatusnotify', [
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    return postJson(s, url, {
      Code: input.code,
      FromUserName: input.self,
      ToUserName: input.code === 3 ? input.self : input.chat,
      ClientMsgId: s.env.now(),
    });
  },
  answer: StatusNotifyResponse,
});

/** `webwxstatreport` (docs/protocol.md §2.28): only `BaseResponse`. */
export const StatReportResponse = shape({ BaseResponse }, {}, 'StatReportResponse');

/** docs/protocol.md §2.28: browser telemetry; each entry's `Text` is a JSON string. No peer needs it. */
export const webwxstatreport = jsonEndpoint({
  name: 'webwxstatreport',
  timeoutMs: API_MS,
  build: (s: SessionContext, texts: readonly string[]) => {
    const url = api(s.hosts.main, 'webwxstatreport', [
      ['fun', 'new'],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    return postJson(s, url, { Count: texts.length, List: texts.map((Text) => ({ Type: 1, Text })) });
  },
  answer: StatReportResponse,
});

/** docs/protocol.md §2.29: `POST` without a body (a JSON body breaks the call). The answer is not meaningful. */
export const webwxlogout = callEndpoint({
  name: 'webwxlogout',
  timeoutMs: API_MS,
  build: (s: SessionContext, type: 0 | 1 | void) => {
    const url = api(s.hosts.main, 'webwxlogout', [
      ['redirect', 1],
      ['type', type ?? 0],
      ['skey', s.credentials.skey],
    ]);
    return { method: 'POST', url, headers: referer(s) };
  },
  decode: () => undefined,
});
