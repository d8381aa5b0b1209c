/** The wording of system (10000) notices, Chinese or English, as the server writes them. */
import { escapeXmlContent } from '../wire.js';
import type { World } from '../world.js';
import type { SystemEventSpec } from './specs.js';

/** The Chinese or English wording of a system notice (docs/protocol.md §4.6), names with `& < >` escaped. */
export function systemText(event: SystemEventSpec, group: string | undefined, world: World, zh: boolean): string {
  const selfId = world.self.id;
  const n = (id: string): string => escapeXmlContent(world.nameIn(group, id));
  const list = (ids: readonly string[]): string => ids.map(n).join('、');
  switch (event.type) {
    case 'friend-added':
      if (event.byMe) return zh ? `你已添加了${n(event.friend)}，现在可以开始聊天了。` : `You have added ${n(event.friend)} as your WeChat contact. Start chatting!`;
      return zh
        ? `${n(event.friend)}刚刚把你添加到通讯录，现在可以开始聊天了。`
        : `${n(event.friend)} just added you to his/her contacts list. Send a message to him/her now!`;
    case 'group-invite': {
      if (event.inviter === selfId) return zh ? `你邀请"${list(event.invitees)}"加入了群聊  ` : `You invited ${list(event.invitees)} to the group chat.   `;
      const others = event.invitees.filter((id) => id !== selfId);
      if (others.length < event.invitees.length) {
        if (zh) return `"${n(event.inviter)}"邀请你${others.length > 0 ? `和"${list(others)}"` : ''}加入了群聊`;
        return `${n(event.inviter)} invited you${others.length > 0 ? ` and ${list(others)}` : ''} to the group chat`;
      }
      return zh ? `"${n(event.inviter)}"邀请"${list(event.invitees)}"加入了群聊` : `${n(event.inviter)} invited ${list(event.invitees)} to the group chat`;
    }
    case 'group-join-qr':
      if (event.sharer === selfId) return zh ? `"${n(event.joiner)}"通过扫描你分享的二维码加入群聊  ` : `"${n(event.joiner)}" joined group chat via the QR code you shared.  `;
      return zh
        ? `"${n(event.joiner)}"通过扫描"${n(event.sharer)}"分享的二维码加入群聊`
        : `"${n(event.joiner)}" joined the group chat via the QR Code shared by "${n(event.sharer)}".`;
    case 'group-kick':
      return zh ? `你将"${list(event.removed)}"移出了群聊` : `You removed "${list(event.removed)}" from the group chat`;
    case 'group-removed-self':
      return zh ? `你被"${n(event.by)}"移出群聊` : `You were removed from the group chat by "${n(event.by)}"`;
    case 'group-topic': {
      const topic = escapeXmlContent(event.topic);
      if (event.by === selfId) return zh ? `你修改群名为“${topic}”` : `You changed the group name to "${topic}"`;
      return zh ? `"${n(event.by)}"修改群名为“${topic}”` : `"${n(event.by)}" changed the group name to "${topic}"`;
    }
    case 'red-packet':
      return event.direction === 'received' ? '收到红包，请在手机上查看' : '发出红包，请在手机上查看';
    case 'pat': {
      const by = event.by === selfId ? (zh ? '你' : 'You') : `"${n(event.by)}" `;
      const target = event.target === selfId ? (zh ? '我' : 'me') : ` "${n(event.target)}"`;
      return zh ? `${by}拍了拍${target}` : `${by} patted${target}`;
    }
    case 'text':
      return event.text;
  }
}
