/**
 * Builds `AddMsgList` elements exactly as the server sends them (docs/protocol.md §4): the full §4.1 field set, the
 * group sender prefix, HTML escaping with `<br/>`, emoji spans (with the server's wrong codes) and escaped XML
 * payloads. One file per family of kinds; this one picks the builder.
 */
import { buildFile, buildLink } from './app.js';
import { buildCard, buildFriendRequest } from './contact.js';
import { buildEmoticon, buildImage, buildVideo, buildVoice } from './media.js';
import { buildRecall, buildStatusNotify, buildSystem } from './notices.js';
import type { MessageContext, MessageSpec } from './specs.js';
import { buildLocation, buildText } from './text.js';
import type { WireMessage } from './wire-message.js';

/** Builds one `AddMsgList` element for `spec`, taking a fresh id from `ctx.ids`. */
export function buildMessage(spec: MessageSpec, ctx: MessageContext): WireMessage {
  switch (spec.kind) {
    case 'text':
      return buildText(spec, ctx);
    case 'image':
      return buildImage(spec, ctx);
    case 'voice':
      return buildVoice(spec, ctx);
    case 'video':
    case 'micro-video':
      return buildVideo(spec, ctx);
    case 'file':
      return buildFile(spec, ctx);
    case 'link':
      return buildLink(spec, ctx);
    case 'emoticon':
      return buildEmoticon(spec, ctx);
    case 'card':
      return buildCard(spec, ctx);
    case 'location':
      return buildLocation(spec, ctx);
    case 'friend-request':
      return buildFriendRequest(spec, ctx);
    case 'recall':
      return buildRecall(spec, ctx);
    case 'system':
      return buildSystem(spec, ctx);
    case 'status-notify':
      return buildStatusNotify(spec, ctx);
  }
}
