/** Text messages (with mentions, escaping and emoji spans) and locations, which travel as texts. */
import { MsgType } from '../../../model/codes.js';
import { emojiToSpans, escapeHtml, xmlAttr } from '../wire.js';
import { emojiRemap } from './content.js';
import { route } from './route.js';
import type { LocationSpec, MessageContext, TextSpec } from './specs.js';
import { sha256 } from './tokens.js';
import { wireMessage, type WireMessage } from './wire-message.js';

export function buildText(spec: TextSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  let body = '';
  for (const id of spec.mentions ?? []) body += `@${ctx.world.nameIn(spec.group, id)}\u2005`;
  body += spec.text;
  const content = r.prefix + emojiToSpans(escapeHtml(body).replace(/\r?\n/g, '<br/>'), emojiRemap(ctx));
  return wireMessage(ctx, MsgType.TEXT, r.from, r.to, spec.time, { Content: content });
}

export function buildLocation(spec: LocationSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const lat = spec.latitude.toFixed(6);
  const lng = spec.longitude.toFixed(6);
  const poi = spec.poiName ?? '[位置]';
  const imgUrl = `/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?url=${sha256(`loc\u0000${id}`).slice(0, 40)}&msgid=${id}&pictype=location`;
  return wireMessage(ctx, MsgType.TEXT, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: r.prefix + emojiToSpans(escapeHtml(spec.label), emojiRemap(ctx)) + ':<br/>' + imgUrl,
    Url: `http://apis.map.qq.com/uri/v1/geocoder?coord=${lat},${lng}`,
    SubMsgType: MsgType.LOCATION,
    OriContent:
      `<?xml version="1.0"?>\n<msg>\n\t<location x="${lat}" y="${lng}" scale="16" label="${xmlAttr(spec.label)}" ` +
      `maptype="0" poiname="${xmlAttr(poi)}" poiid="" />\n</msg>\n`,
  });
}
