import type { WxMessage } from '../model/message.js';

/** A message in a few words for the live log: the text itself, or what kind of thing arrived. */
export function describeMessage(message: WxMessage): string {
  switch (message.kind) {
    case 'text':
      return `"${message.text}"`;
    case 'file':
      return `file ${message.fileName} (${message.size} bytes)`;
    case 'link':
      return `link "${message.title}" ${message.url}`;
    case 'location':
      return `location ${message.label}`;
    case 'system':
      return `[${message.event.type}] ${message.text}`;
    case 'voice': {
      const said = message.transcript === undefined ? '' : `: "${message.transcript}"`;
      return `voice message (${Math.round(message.durationMs / 1000)} s)${said}`;
    }
    case 'quote':
      return `"${message.title}"${message.quotedText === undefined ? '' : ` (quoting "${message.quotedText}")`}`;
    case 'video':
      return `video (${message.durationSec} s)`;
    case 'card':
      return `contact card of ${message.card.nickName}`;
    case 'friend-request':
      return `friend request from ${message.requester.nickName}: "${message.greeting}"`;
    case 'recall':
      return message.replaceText;
    default:
      return `${message.kind} message`;
  }
}
