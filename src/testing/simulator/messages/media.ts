/** Image, voice, video and emoticon messages: their XML payloads with CDN locators, sizes and keys. */
import { MsgType } from '../../../model/codes.js';
import { xmlAttr } from '../wire.js';
import { xmlContent } from './content.js';
import { route } from './route.js';
import type { EmoticonSpec, ImageSpec, MessageContext, VideoSpec, VoiceSpec } from './specs.js';
import { cdnUrl, sha256 } from './tokens.js';
import { wireMessage, type WireMessage } from './wire-message.js';

export function buildImage(spec: ImageSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`img\u0000${id}`);
  const width = spec.width ?? 120;
  const height = spec.height ?? 90;
  const cdn = cdnUrl(h);
  const xml =
    `<?xml version="1.0"?>\n<msg>\n\t<img aeskey="${h.slice(0, 32)}" encryver="1" cdnthumbaeskey="${h.slice(0, 32)}" ` +
    `cdnthumburl="${cdn}" cdnthumblength="${2000 + (parseInt(h.slice(40, 44), 16) % 8000)}" cdnthumbheight="${height}" ` +
    `cdnthumbwidth="${width}" cdnmidheight="0" cdnmidwidth="0" cdnhdheight="0" cdnhdwidth="0" cdnmidimgurl="${cdn}" ` +
    `length="${spec.size ?? 45956}" md5="${spec.md5 ?? h.slice(32, 64)}" />\n</msg>\n`;
  return wireMessage(ctx, MsgType.IMAGE, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    ImgStatus: 2,
    ImgHeight: height,
    ImgWidth: width,
  });
}

export function buildVoice(spec: VoiceSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const ms = spec.durationMs ?? 2340;
  const size = spec.size ?? Math.max(400, Math.round(ms * 1.6));
  const xml =
    `<msg><voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="${ms}" length="${size}" ` +
    `bufid="${(id % 1_000_000_000_000n).toString()}" clientmsgid="${sha256(`voice\u0000${id}`).slice(0, 32)}" ` +
    `fromusername="${xmlAttr(spec.from)}" /></msg>`;
  return wireMessage(ctx, MsgType.VOICE, r.from, r.to, spec.time, { NewMsgId: id, Content: xmlContent(r.prefix, xml), VoiceLength: ms });
}

export function buildVideo(spec: VideoSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`video\u0000${id}`);
  const seconds = spec.durationSec ?? 2;
  const width = spec.width ?? 944;
  const height = spec.height ?? 540;
  const cdn = cdnUrl(h);
  const xml =
    `<?xml version="1.0"?>\n<msg>\n\t<videomsg aeskey="${h.slice(0, 32)}" cdnthumbaeskey="${h.slice(0, 32)}" cdnvideourl="${cdn}" ` +
    `cdnthumburl="${cdn}" length="${spec.size ?? 311854}" playlength="${seconds}" cdnthumblength="${8000 + (parseInt(h.slice(40, 44), 16) % 20000)}" ` +
    `cdnthumbwidth="${width}" cdnthumbheight="${height}" fromusername="${xmlAttr(spec.from)}" md5="${h.slice(32, 64)}" ` +
    `newmd5="${h.slice(0, 32)}" isad="0" />\n</msg>\n`;
  return wireMessage(ctx, spec.kind === 'micro-video' ? MsgType.MICRO_VIDEO : MsgType.VIDEO, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    PlayLength: seconds,
    ImgHeight: height,
    ImgWidth: width,
  });
}

export function buildEmoticon(spec: EmoticonSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`emoji\u0000${id}`);
  const md5 = spec.md5 ?? h.slice(0, 32);
  const len = spec.size ?? 86235;
  const store = spec.storeSticker === true;
  const product = store ? 'com.tencent.xin.emoticon.person.stiker_' + h.slice(32, 44) : '';
  const cdn = `http://emoji.qpic.cn/wx_emoji/${h.slice(8, 40)}/`;
  const xml =
    `<msg><emoji fromusername="${xmlAttr(spec.from)}" tousername="${xmlAttr(spec.group ?? spec.to ?? ctx.world.self.id)}" type="2" ` +
    `idbuffer="media:0_0" md5="${md5}" len="${len}" productid="${product}" androidmd5="${md5}" androidlen="${len}" ` +
    `s60v3md5="${md5}" s60v3len="${len}" s60v5md5="${md5}" s60v5len="${len}" cdnurl="${cdn}" designerid="" thumburl="" ` +
    `encrypturl="${cdn}" aeskey="${h.slice(32, 64)}" externurl="${cdn}" externmd5="${h.slice(16, 48)}" width="240" height="240" ` +
    `tpurl="" tpauthkey="" attachedtext="" attachedtextcolor="" lensid=""></emoji><gameext type="0" content="0"></gameext></msg>`;
  return wireMessage(ctx, MsgType.EMOTICON, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    ImgStatus: 2,
    HasProductId: store ? 1 : 0,
    ImgHeight: 240,
    ImgWidth: 240,
  });
}
