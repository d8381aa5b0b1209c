/** How `Content` is written: escaped XML payloads after the group prefix, and the server's emoji codes. */
import { escapeXmlContent } from '../wire.js';
import type { MessageContext } from './specs.js';

/** An XML payload as `Content` carries it: `& < >` escaped, LF as `<br/>`, after the group prefix. */
export function xmlContent(prefix: string, xml: string): string {
  return prefix + escapeXmlContent(xml).replace(/\n/g, '<br/>');
}

/** Whether emoji get the server's wrong codes (😂 as `1f639`), as `ctx.remapEmoji` asks; default yes. */
export function emojiRemap(ctx: MessageContext): boolean {
  return ctx.remapEmoji ?? true;
}
