import type { SystemEvent } from '../message.js';

/**
 * Recognisers for MsgType 10000 texts (docs/protocol.md §4.6), Chinese and English. Names are in ASCII quotes in
 * Chinese and usually bare in English; several names are joined with `、`; the Chinese topic uses curly quotes. Texts
 * are matched after trimming, since some end with spaces. A name is kept exactly as quoted (a leading space included),
 * so it can be compared with member names; the acting user written as "you" is reported with `byMe: true` and the name
 * field holding the word as written (`你`, `You`).
 */
type Recogniser = readonly [RegExp, (m: readonly string[]) => SystemEvent];

const OPENING_QUOTE = /^["“]/;
const CLOSING_QUOTE = /["”]$/;

/** Strips one ASCII or curly quote from each end, keeping spaces inside the quotes (they belong to the name). */
const unquote = (name: string): string => name.replace(OPENING_QUOTE, '').replace(CLOSING_QUOTE, '');

/** `"Bob、Carol"` and `"Bob"、"Carol"` alike → `['Bob', 'Carol']`. */
const names = (list: string): string[] => list.split('、').map(unquote).filter((n) => n !== '');

const at = (m: readonly string[], i: number): string => m[i] ?? '';

const RECOGNISERS: readonly Recogniser[] = [
  [/^你已添加了(.+?)，现在可以开始聊天了。?$/s, (m) => ({ type: 'friend-added', name: at(m, 1), byMe: true })],
  [/^(.+?)刚刚把你添加到通讯录，现在可以开始聊天了。?$/s, (m) => ({ type: 'friend-added', name: at(m, 1), byMe: false })],
  [/^You have added (.+?) as your WeChat contact\. Start chatting!?$/is, (m) => ({ type: 'friend-added', name: at(m, 1), byMe: true })],
  [
    /^(.+?) just added you to (?:his\/her|his|her) contacts list\. Send a message to (?:him\/her|him|her) now!?$/is,
    (m) => ({ type: 'friend-added', name: at(m, 1), byMe: false }),
  ],

  [/^"(.*?)"通过扫描"(.*?)"分享的二维码加入群聊$/s, (m) => ({ type: 'group-join-qr', joiner: at(m, 1), sharer: at(m, 2), byMe: false })],
  [/^"(.*?)"通过扫描你分享的二维码加入群聊$/s, (m) => ({ type: 'group-join-qr', joiner: at(m, 1), sharer: '你', byMe: true })],
  [
    /^"(.*?)" joined (?:the )?group chat via the QR code shared by "(.*?)"\.?$/is,
    (m) => ({ type: 'group-join-qr', joiner: at(m, 1), sharer: at(m, 2), byMe: false }),
  ],
  [
    /^"(.*?)" joined (?:the )?group chat via the QR code you shared\.?$/is,
    (m) => ({ type: 'group-join-qr', joiner: at(m, 1), sharer: 'You', byMe: true }),
  ],

  [/^你邀请(.+?)加入了群聊$/s, (m) => ({ type: 'group-invite', inviter: '你', invitees: names(at(m, 1)), byMe: true })],
  [/^"(.*?)"邀请(.+?)加入了群聊$/s, (m) => ({ type: 'group-invite', inviter: at(m, 1), invitees: names(at(m, 2)), byMe: false })],
  [/^You invited (.+?) to the group chat\.?$/is, (m) => ({ type: 'group-invite', inviter: 'You', invitees: names(at(m, 1)), byMe: true })],
  [
    /^(.+?) invited (.+?) to (?:the|your) group chat\.?$/is,
    (m) => ({ type: 'group-invite', inviter: unquote(at(m, 1)), invitees: names(at(m, 2)), byMe: false }),
  ],

  [/^你将(.+?)移出了群聊$/s, (m) => ({ type: 'group-kick', remover: '你', removed: names(at(m, 1)), byMe: true })],
  [/^"(.*?)"将(.+?)移出了群聊$/s, (m) => ({ type: 'group-kick', remover: at(m, 1), removed: names(at(m, 2)), byMe: false })],
  [/^You removed (.+?) from the group chat\.?$/is, (m) => ({ type: 'group-kick', remover: 'You', removed: names(at(m, 1)), byMe: true })],
  [/^你被"(.*?)"移出(?:了)?群聊$/s, (m) => ({ type: 'group-removed-self', by: at(m, 1) })],
  [/^You were removed from the group chat by "?(.*?)"?\.?$/is, (m) => ({ type: 'group-removed-self', by: at(m, 1) })],
  [/^"(.*?)"(?:已)?退出了群聊$/s, (m) => ({ type: 'group-leave', name: at(m, 1) })],
  [/^"?(.+?)"? left the group chat\.?$/is, (m) => ({ type: 'group-leave', name: at(m, 1) })],

  [/^你修改群名为[“"](.*)[”"]$/s, (m) => ({ type: 'group-topic', by: '你', topic: at(m, 1), byMe: true })],
  [/^"(.*?)"修改群名为[“"](.*)[”"]$/s, (m) => ({ type: 'group-topic', by: at(m, 1), topic: at(m, 2), byMe: false })],
  [/^You changed the group name to [“"](.*)[”"]\.?$/is, (m) => ({ type: 'group-topic', by: 'You', topic: at(m, 1), byMe: true })],
  [
    /^"(.*?)" changed the group name to [“"](.*)[”"]\.?$/is,
    (m) => ({ type: 'group-topic', by: at(m, 1), topic: at(m, 2), byMe: false }),
  ],

  [/^收到红包/, () => ({ type: 'red-packet', direction: 'received' })],
  [/^发出红包/, () => ({ type: 'red-packet', direction: 'sent' })],
  [/^(?:You )?received a red packet/i, () => ({ type: 'red-packet', direction: 'received' })],
  [/^(?:You )?sent a red packet/i, () => ({ type: 'red-packet', direction: 'sent' })],
];

/** Pats have many shapes (`"A" 拍了拍 "B"`, custom suffixes); openwechat's substrings, plus the English verb. */
const PAT = /拍了拍|拍拍|\bpatted\b|\btickled\b/i;

/** What a MsgType 10000 text (already normalised: entities decoded, emoji as Unicode) says; `{ type: 'other' }` if unrecognised. */
export function classifySystemText(text: string): SystemEvent {
  const trimmed = text.trim();
  for (const [pattern, build] of RECOGNISERS) {
    const match = pattern.exec(trimmed);
    if (match !== null) return build(match);
  }
  if (PAT.test(trimmed)) return { type: 'pat', text: trimmed };
  return { type: 'other' };
}
