/**
 * What the playground page shows of the iLink simulator: its users, the QR login, the bots, the messages users sent
 * and what bots sent, with their verdicts. Built from the simulator's records, never from the wire: no bot token,
 * AES key, CDN parameter, context token or `X-WECHAT-UIN` value reaches the page.
 */
import type { PageFeatures, PageLogin, PageLoginState, PageMessage, PageMessageKind, PageSendState, PageSession, PageWorld } from '../playground/page-events.js';
import type { Bot } from './bots.js';
import { ILINK_ENDPOINTS } from './faults.js';
import type { IlinkInjectSpec } from './inject-spec.js';
import type { QrLogin, QrStatus } from './login.js';
import type { IlinkSentMessage } from './outbox.js';
import type { IlinkState } from './state.js';

/** Users the chat list offers (`sim.userId(0…4)`); others show up once something is said with them. */
const PAGE_USERS = 5;
/** iLink users have no names a bot can see: the page calls them by their place. */
const BOT_NAME = 'ClawBot';

export const ILINK_FEATURES: PageFeatures = {
  login: {
    target: 'qrcode',
    buttons: [
      { action: 'scan', path: 'phone/scan', when: ['waiting'] },
      { action: 'confirm', path: 'phone/confirm', when: ['scanned'] },
      { action: 'pairCode', path: 'phone/verify-code', when: ['waiting', 'scanned'], takesCode: true },
      { action: 'expire', path: 'phone/expire', when: ['waiting', 'scanned', 'verify-code'] },
    ],
  },
  endpoints: ILINK_ENDPOINTS,
  defaultEndpoint: 'getupdates',
  toggles: [
    { label: '-14', kind: 'retcode', value: -14, extra: { field: 'errcode' } },
    { label: '5xx', kind: 'http', value: 500 },
    { label: 'reset', kind: 'reset' },
    { label: 'delay 5s', kind: 'delay', value: 5000 },
    { label: 'garbage', kind: 'garbage' },
  ],
  actions: [{ label: 'killToken', path: 'kill', danger: true }],
  uploads: ['image', 'file', 'voice', 'video'],
  mentions: false,
  fromPhone: false,
  recall: false,
  worldChanges: false,
  timeline: 'requests',
};

/** `Owner` for user 0 (who scans), `User n` for the others, the id itself for a user past the list. */
export function userName(state: IlinkState, userId: string): string {
  for (let i = 0; i < PAGE_USERS; i++) if (state.userId(i) === userId) return i === 0 ? 'Owner' : `User ${i}`;
  return userId;
}

export function pageWorld(state: IlinkState): PageWorld {
  const users = Array.from({ length: PAGE_USERS }, (_, i) => state.userId(i));
  return {
    self: { id: state.bots.latestLive()?.botId ?? '', name: BOT_NAME },
    friends: users.map((id) => {
      const name = userName(state, id);
      return { id, name, nickName: name, remarkName: '' };
    }),
    groups: [],
    officials: [],
  };
}

const LOGIN_STATES: Readonly<Record<QrStatus, PageLoginState>> = {
  wait: 'waiting',
  scaned: 'scanned',
  need_verifycode: 'verify-code',
  verify_code_blocked: 'blocked',
  expired: 'expired',
  scaned_but_redirect: 'scanned',
  binded_redirect: 'bound',
  confirmed: 'confirmed',
};

export function pageLogin(state: IlinkState, login: QrLogin, qrSvg: string | undefined): PageLogin {
  const shown = LOGIN_STATES[login.status];
  return {
    uuid: login.qrcode,
    state: shown,
    ...(qrSvg === undefined || !login.open ? {} : { qrSvg }),
    ...(shown === 'waiting' ? { expiresInMs: Math.max(0, login.createdAt + state.options.qrLifetimeMs - state.now()) } : {}),
    ...(login.verifyCode === undefined || !login.open ? {} : { pairCode: login.verifyCode }),
  };
}

/** A bot as a session: live until its token dies (-14). */
export function pageSession(bot: Bot): PageSession {
  return { uuid: bot.botId, active: bot.alive, ...(bot.alive ? {} : { endCode: -14 }), selfName: bot.botId };
}

const INJECT_KINDS: Readonly<Record<IlinkInjectSpec['kind'], PageMessageKind>> = {
  text: 'text',
  quote: 'text',
  generating: 'text',
  image: 'image',
  voice: 'voice',
  file: 'file',
  video: 'video',
  unknown: 'other',
};

/** A user's message to the bot; `media` is the page's key of its picture. */
export function pageInjected(state: IlinkState, spec: IlinkInjectSpec, messageId: string, from: string, media: string | undefined): PageMessage {
  const name = userName(state, from);
  return {
    msgId: messageId,
    chat: from,
    chatName: name,
    from,
    fromName: name,
    dir: 'in',
    kind: INJECT_KINDS[spec.kind],
    text: injectedText(spec),
    ...(media === undefined ? {} : { media }),
    time: state.now(),
  };
}

function injectedText(spec: IlinkInjectSpec): string {
  switch (spec.kind) {
    case 'text':
    case 'quote':
    case 'generating':
      return spec.text;
    case 'file':
      return spec.fileName;
    case 'voice':
      return spec.transcript ?? '';
    case 'unknown':
      return `item type ${spec.itemType}`;
    default:
      return '';
  }
}

const ITEM_KINDS: Readonly<Record<number, PageMessageKind>> = { 1: 'text', 2: 'image', 3: 'voice', 4: 'file', 5: 'video' };

const OUTCOMES: Readonly<Record<IlinkSentMessage['outcome'], PageSendState>> = { delivered: 'sent', refused: 'refused', blocked: 'blocked', duplicate: 'duplicate' };

/** A `sendmessage` as the page shows it, with its verdict; `msgId` is the page's own (refused sends have none). */
export function pageSent(state: IlinkState, entry: IlinkSentMessage, msgId: string, media: string | undefined): PageMessage {
  const item = entry.items[0];
  const kind = ITEM_KINDS[typeof item?.['type'] === 'number' ? item['type'] : 0] ?? 'other';
  const fileName = (item?.['file_item'] as { file_name?: unknown } | undefined)?.file_name;
  return {
    msgId,
    chat: entry.to,
    chatName: userName(state, entry.to),
    from: entry.botId,
    fromName: BOT_NAME,
    dir: 'bot',
    kind,
    text: entry.text ?? (typeof fileName === 'string' ? fileName : ''),
    ...(media === undefined ? {} : { media }),
    time: entry.at,
    state: OUTCOMES[entry.outcome],
    ...(entry.refusal === undefined ? {} : { reason: entry.refusal }),
  };
}
