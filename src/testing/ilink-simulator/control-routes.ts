/**
 * The routes of the iLink simulator's control API (`/__sim/…`), one row each: method, path, what it takes, and the
 * `IlinkControl` call behind it (the same one `sim.*` makes). The help list at `GET /__sim` is made from this table.
 */
import { ControlError } from '../simulator/control-error.js';
import {
  BindBody,
  BlockBody,
  decode,
  decodeInject,
  FaultBody,
  KillBody,
  QrTargetBody,
  queryInt,
  ScanBody,
  VerifyCodeBody,
} from './control-bodies.js';
import type { IlinkControl } from './control.js';
import { ILINK_INJECT_KINDS } from './inject-spec.js';
import type { IlinkState } from './state.js';
import { ilinkStats } from './stats.js';

/** What a route gets: the simulator, and the request's JSON body (`{}` when empty) and query. */
export interface ControlCall {
  readonly control: IlinkControl;
  readonly state: IlinkState;
  readonly body: Readonly<Record<string, unknown>>;
  readonly query: URLSearchParams;
}

export interface IlinkControlRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Under `/__sim/` (`''`: the route list itself). */
  readonly path: string;
  /** The body fields or query values it reads, for the help text. */
  readonly input: string;
  readonly summary: string;
  run(call: ControlCall): unknown;
}

export const CONTROL_PREFIX = '/__sim';

/** A route that only acts: it answers `{ ok: true }`. */
const act =
  (fn: (call: ControlCall) => void) =>
  (call: ControlCall): { readonly ok: true } => {
    fn(call);
    return { ok: true };
  };
const MAX_USERS = 1000;

export const ILINK_CONTROL_TABLE: readonly IlinkControlRoute[] = [
  { method: 'GET', path: '', input: '', summary: 'this list', run: () => ({ routes: ILINK_CONTROL_ROUTES }) },
  {
    method: 'GET',
    path: 'users',
    input: '[?count=N]',
    summary: 'simulated user ids, the owner (who scans) first; 5 unless told',
    run: ({ state, query }) => ({ users: Array.from({ length: queryInt(query, 'count', 1, MAX_USERS) ?? 5 }, (_, i) => state.userId(i)) }),
  },
  {
    method: 'POST',
    path: 'phone/scan',
    input: '{qrcode?, userId?}',
    summary: 'the phone scans the newest open QR code',
    run: act(({ control, body }) => control.scan(decode(ScanBody, body))),
  },
  {
    method: 'POST',
    path: 'phone/confirm',
    input: '{qrcode?}',
    summary: 'the phone confirms: a new bot',
    run: act(({ control, body }) => control.confirm(decode(QrTargetBody, body))),
  },
  {
    method: 'POST',
    path: 'phone/expire',
    input: '{qrcode?}',
    summary: 'the QR code expires',
    run: act(({ control, body }) => control.expire(decode(QrTargetBody, body))),
  },
  {
    method: 'POST',
    path: 'phone/verify-code',
    input: '{code, qrcode?}',
    summary: 'the client must send this pair code (need_verifycode)',
    run: act(({ control, body }) => {
      const { code, ...target } = decode(VerifyCodeBody, body);
      control.requireVerifyCode(code, target);
    }),
  },
  {
    method: 'POST',
    path: 'phone/redirect',
    input: '{qrcode?}',
    summary: 'scaned_but_redirect to the second listener',
    run: act(({ control, body }) => control.redirect(decode(QrTargetBody, body))),
  },
  {
    method: 'POST',
    path: 'bind',
    input: '{userId?}',
    summary: 'a bot bound without a QR login: {token, botId, userId, baseUrl}',
    run: ({ control, body }) => control.createBot(decode(BindBody, body)),
  },
  {
    method: 'GET',
    path: 'bot',
    input: '[?botId=…]',
    summary: 'the newest live bot, or this one',
    run: ({ control, query }) => {
      const botId = query.get('botId') ?? undefined;
      const bot = control.bot(botId);
      if (bot === undefined) throw new ControlError(404, botId === undefined ? 'no bot is logged in' : `unknown bot ${botId}`);
      return bot;
    },
  },
  {
    method: 'POST',
    path: 'kill',
    input: '{token?}',
    summary: "the token dies (default: the newest live bot's): -14 from now on",
    run: act(({ control, body }) => control.killToken(decode(KillBody, body).token)),
  },
  {
    method: 'POST',
    path: 'inject',
    input: `{kind?: ${ILINK_INJECT_KINDS.join('|')}, from?, botId?, duplicate?, text?, data?|dataBase64?, fileName?, quotedText?, itemType?, …}`,
    summary: 'a message from a user to the newest live bot (or botId)',
    run: ({ control, body }) => control.inject(decodeInject(body)),
  },
  {
    method: 'POST',
    path: 'block',
    input: '{userId, blocked?}',
    summary: 'sends to this user are answered without message_id, never delivered',
    run: act(({ control, body }) => {
      const { userId, blocked } = decode(BlockBody, body);
      control.block(userId, blocked);
    }),
  },
  { method: 'GET', path: 'outbox', input: '', summary: 'every sendmessage answered, oldest first', run: ({ state }) => ({ outbox: state.outbox.all() }) },
  { method: 'GET', path: 'typing', input: '', summary: 'every sendtyping call', run: ({ state }) => ({ typing: state.typing }) },
  {
    method: 'GET',
    path: 'requests',
    input: '[?endpoint=…&problems=1]',
    summary: "each request's headers and the rules it broke",
    run: ({ state, query }) => {
      const endpoint = query.get('endpoint');
      const onlyProblems = ['1', 'true'].includes(query.get('problems') ?? '');
      return {
        requests: state.requestLog.all().filter((r) => (endpoint === null || r.endpoint === endpoint) && (!onlyProblems || r.problems.length > 0)),
      };
    },
  },
  {
    method: 'GET',
    path: 'media',
    input: '?param=…',
    summary: 'a CDN object by its encrypt_query_param (URL-encoded), with its plaintext as dataBase64',
    run: async ({ control, query }) => {
      const param = query.get('param');
      if (param === null || param === '') throw new ControlError(400, '?param: the encrypt_query_param is needed');
      const info = control.media(param);
      if (info === undefined) throw new ControlError(404, 'unknown encrypt_query_param');
      return { ...info, dataBase64: (await control.readMedia(param)).toString('base64') };
    },
  },
  {
    method: 'POST',
    path: 'fault',
    input: '{endpoint, kind, value?, times?, forMs?, after?, field?, errmsg?}',
    summary: 'scripts a fault: {id}',
    run: ({ state, body }) => state.faults.add(decode(FaultBody, body)),
  },
  {
    method: 'DELETE',
    path: 'fault',
    input: '[?id=N]',
    summary: 'clears one fault, or all: {cleared}',
    run: ({ state, query }) => state.faults.clear(queryInt(query, 'id', 1, Number.MAX_SAFE_INTEGER)),
  },
  { method: 'GET', path: 'stats', input: '', summary: 'requests per endpoint, held polls, live bots, CDN objects', run: ({ state }) => ilinkStats(state) },
];

/** One line per route, served at `GET /__sim` and printed by `wechat-rx sim --ilink`. */
export const ILINK_CONTROL_ROUTES: readonly string[] = ILINK_CONTROL_TABLE.map((route) => {
  const target = `${CONTROL_PREFIX}${route.path === '' ? '' : `/${route.path}`}`;
  const input = route.input.startsWith('{') ? ` ${route.input}` : route.input;
  return `${route.method.padEnd(7)}${target}${input}   ${route.summary}`;
});
