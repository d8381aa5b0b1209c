/** Notices: a recall, a system (10000) text and the status notify (51) that syncs the phone's chats. */
import { MsgType, StatusNotifyCode } from '../../../model/codes.js';
import { emojiToSpans, escapeXmlContent } from '../wire.js';
import { emojiRemap, xmlContent } from './content.js';
import { route } from './route.js';
import type { MessageContext, RecallSpec, StatusNotifySpec, SystemSpec } from './specs.js';
import { sha256 } from './tokens.js';
import { systemText } from './system-text.js';
import { wireMessage, type WireMessage } from './wire-message.js';

export function buildRecall(spec: RecallSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const { world } = ctx;
  const zh = (ctx.lang ?? 'zh') === 'zh';
  const session = spec.group ?? (r.selfSent ? (spec.to ?? 'filehelper') : spec.from);
  const name = escapeXmlContent(world.nameIn(spec.group, spec.from));
  const replace = r.selfSent ? (zh ? '你撤回了一条消息' : 'You recalled a message') : zh ? `"${name}" 撤回了一条消息` : `"${name}" has recalled a message.`;
  const old = spec.oldMsgId ?? String(1_000_000_000 + (parseInt(sha256(`old\u0000${spec.recalledId}`).slice(0, 8), 16) % 1_000_000_000));
  const xml =
    `<sysmsg type="revokemsg"><revokemsg><session>${session}</session><oldmsgid>${old}</oldmsgid>` +
    `<msgid>${spec.recalledId}</msgid><replacemsg><![CDATA[`;
  // The name inside CDATA keeps its emoji spans unescaped (captured), so it is appended after escaping.
  const content = xmlContent(r.prefix, xml) + emojiToSpans(replace, emojiRemap(ctx)) + escapeXmlContent(']]></replacemsg></revokemsg></sysmsg>');
  return wireMessage(ctx, MsgType.RECALLED, r.from, r.to, spec.time, { Content: content, Status: 4 });
}

export function buildSystem(spec: SystemSpec, ctx: MessageContext): WireMessage {
  const { world, userNames } = ctx;
  const selfName = userNames.userNameOf(world.self.id);
  const event = spec.event;
  const chat = spec.group ?? spec.chat ?? (event.type === 'friend-added' ? event.friend : 'weixin');
  const text = systemText(event, spec.group, world, (spec.lang ?? ctx.lang ?? 'zh') === 'zh');
  const content = emojiToSpans(text, emojiRemap(ctx));
  return wireMessage(ctx, MsgType.SYSTEM, userNames.userNameOf(chat), selfName, spec.time, { Content: content, Status: 4 });
}

export function buildStatusNotify(spec: StatusNotifySpec, ctx: MessageContext): WireMessage {
  const { world, userNames } = ctx;
  const selfName = userNames.userNameOf(world.self.id);
  const code = spec.code ?? StatusNotifyCode.SYNC_CONV;
  const chats = spec.chats ?? world.recentChats(12).filter((e) => e.kind !== 'self').map((e) => e.id);
  if (code !== StatusNotifyCode.SYNC_CONV) {
    const chat = userNames.userNameOf(chats[0] ?? 'filehelper');
    return wireMessage(ctx, MsgType.STATUS_NOTIFY, selfName, chat, spec.time, { StatusNotifyCode: code, StatusNotifyUserName: chat });
  }
  const now = spec.time ?? Math.floor(ctx.nowMs / 1000);
  const unread = spec.unread ?? chats.slice(0, 2);
  let xml = `<msg>\n<op id='4'>\n<username>${chats.join(',')}</username>\n<unreadchatlist>\n`;
  unread.forEach((id, i) => {
    xml += `<chat>\n<username>${id}</username>\n<lastreadtime>${now - 600 * (i + 1)}</lastreadtime>\n</chat>\n`;
  });
  xml += `</unreadchatlist>\n<unreadfunctionlist>\n</unreadfunctionlist>\n</op>\n</msg>`;
  return wireMessage(ctx, MsgType.STATUS_NOTIFY, selfName, selfName, spec.time, {
    Content: xmlContent('', xml),
    StatusNotifyCode: code,
    StatusNotifyUserName: chats.map((id) => userNames.userNameOf(id)).join(','),
  });
}
