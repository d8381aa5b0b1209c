/** App messages (MsgType 49) the simulator sends: files from the desktop client and shared links. */
import { AppMsgType, MsgType } from '../../../model/codes.js';
import { xmlAttr } from '../wire.js';
import { xmlContent } from './content.js';
import { route } from './route.js';
import type { FileSpec, LinkSpec, MessageContext } from './specs.js';
import { cdnUrl, mediaIdOf, sha256 } from './tokens.js';
import { wireMessage, type WireMessage } from './wire-message.js';

const APPMSG_TAIL = '<thumburl></thumburl><messageaction></messageaction><extinfo></extinfo><sourceusername></sourceusername><sourcedisplayname></sourcedisplayname><commenturl></commenturl>';

function appMsgXml(fromId: string, type: number, title: string, des: string, url: string, attach: string, appId: string, appName: string, version: number): string {
  return (
    `<msg><appmsg appid="${appId}" sdkver="0"><title>${xmlAttr(title)}</title><des>${xmlAttr(des)}</des><action>view</action>` +
    `<type>${type}</type><showtype>0</showtype><content></content><url>${xmlAttr(url)}</url><dataurl></dataurl><lowurl></lowurl>` +
    `<lowdataurl></lowdataurl><recorditem><![CDATA[]]></recorditem>${APPMSG_TAIL}<appattach>${attach}</appattach>` +
    `<md5></md5></appmsg><fromusername>${xmlAttr(fromId)}</fromusername><scene>0</scene><appinfo><version>${version}</version>` +
    `<appname>${xmlAttr(appName)}</appname></appinfo><commenturl></commenturl></msg>`
  );
}

/** The PC client's app id, which the server puts into `AppInfo.AppID` of files sent from the desktop. */
const PC_APP_ID = 'wx6618f1cfc6c132f8';

export function buildFile(spec: FileSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`file\u0000${id}`);
  const dot = spec.fileName.lastIndexOf('.');
  const ext = dot >= 0 ? spec.fileName.slice(dot + 1) : '';
  const attach =
    `<totallen>${spec.size}</totallen><attachid>@cdn_${h.slice(0, 40)}_1</attachid><emoticonmd5></emoticonmd5>` +
    `<fileext>${xmlAttr(ext)}</fileext><cdnattachurl>${cdnUrl(h)}</cdnattachurl><aeskey>${h.slice(0, 32)}</aeskey><encryver>1</encryver>`;
  const xml = appMsgXml(spec.from, AppMsgType.FILE, spec.fileName, '', '', attach, PC_APP_ID, '微信电脑版', 7);
  return wireMessage(ctx, MsgType.APP, r.from, r.to, spec.time, {
    NewMsgId: id,
    // The captured file message ends with an escaped literal `<br/>` and a real one.
    Content: xmlContent(r.prefix, xml) + '&lt;br/&gt;<br/>',
    FileName: spec.fileName,
    FileSize: String(spec.size),
    MediaId: spec.mediaId ?? mediaIdOf(id.toString()),
    AppMsgType: AppMsgType.FILE,
    AppInfo: { AppID: PC_APP_ID, Type: 0 },
    EncryFileName: encodeURIComponent(spec.fileName).replace(/\./g, '%2E'),
  });
}

export function buildLink(spec: LinkSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`link\u0000${id}`);
  const attach =
    `<totallen>0</totallen><attachid></attachid><emoticonmd5></emoticonmd5><fileext></fileext><cdnthumburl>${cdnUrl(h)}</cdnthumburl>` +
    `<cdnthumbmd5></cdnthumbmd5><cdnthumblength>27846</cdnthumblength><cdnthumbwidth>160</cdnthumbwidth><cdnthumbheight>160</cdnthumbheight>` +
    `<cdnthumbaeskey>${h.slice(0, 32)}</cdnthumbaeskey><aeskey>${h.slice(0, 32)}</aeskey><encryver>0</encryver>`;
  const xml = appMsgXml(spec.from, AppMsgType.LINK, spec.title, spec.description ?? '', spec.url, attach, '', '', 1);
  return wireMessage(ctx, MsgType.APP, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    ImgStatus: 2,
    FileName: spec.title,
    FileSize: '0',
    Url: spec.url,
    AppMsgType: AppMsgType.LINK,
  });
}
