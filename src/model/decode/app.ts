import type { RawMessage } from '../raw/shapes.js';
import { AppMsgType } from '../codes.js';
import type { FileMessage, LinkMessage, MessageBase, WxMessage } from '../message.js';
import { nonEmpty, opt, toInt, message } from './fields.js';
import { decodeEntities } from './text.js';
import { contentXml, parseXml, xmlChild, xmlText, type XmlNode } from './xml.js';

/** Every app-message (MsgType 49) kind: the messages that carry an `appType`. */
export type AnyAppMessage = Extract<WxMessage, { readonly appType: number }>;

/**
 * AppMsgTypes read as links: 5 (web link / article, also group invitations titled `邀请你加入群聊`), 4 (video
 * link) and 7 (open-app message), which all carry a title and a URL to open. 1 (text from an app) and 2 (image
 * from an app) have no URL to follow and stay `app`, with the text in `title`.
 */
const LINK_TYPES: ReadonlySet<number> = new Set([AppMsgType.LINK, AppMsgType.VIDEO_LINK, AppMsgType.OPEN_APP]);

const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;
const DIGITS = /^\d+$/;

/** The `Url` field sometimes keeps the HTML escaping of `&`; the XML `<url>` is already decoded. */
const unescapeUrl = (url: string): string => (url.includes('&amp;') ? url.replaceAll('&amp;', '&') : url);

/** The common fields of every MsgType 49 message and the XML they come from. */
interface AppParts {
  readonly appType: number;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly xml: string;
}

/**
 * A MsgType 49 message (group prefix already removed from `content`), by `AppMsgType` (or the XML `<type>` when the
 * field is 0 or absent). Fields the server copies out of the XML (`FileName`, `FileSize`, `MediaId`, `Url`) win
 * over the XML, which is the fallback when a payload lacks them.
 */
export function decodeAppMessage(base: MessageBase, raw: RawMessage, content: string): AnyAppMessage {
  const fast = fromCopiedFields(base, raw, content);
  if (fast !== undefined) return fast;
  const xml = contentXml(content);
  const root = parseXml(xml);
  const appmsg = xmlChild(root, 'msg', 'appmsg') ?? xmlChild(root, 'appmsg');
  const fieldType = raw.AppMsgType ?? 0;
  const appType = fieldType > 0 ? fieldType : (toInt(xmlText(appmsg, 'type')) ?? 0);
  const parts: AppParts = {
    appType,
    title: xmlText(appmsg, 'title') ?? raw.FileName ?? '',
    description: xmlText(appmsg, 'des') ?? '',
    url: nonEmpty(xmlText(appmsg, 'url')) ?? unescapeUrl(raw.Url ?? ''),
    xml: root === undefined ? '' : xml,
  };
  const common = message(parts, base);

  if (LINK_TYPES.has(appType)) return message({ kind: 'link' }, common);
  switch (appType) {
    case AppMsgType.FILE:
      return message({ kind: 'file', ...fileFields(raw, appmsg, parts.title) }, common);
    case AppMsgType.MUSIC:
      return message({ kind: 'music', ...opt('dataUrl', nonEmpty(xmlText(appmsg, 'dataurl'))) }, common);
    case AppMsgType.CHAT_HISTORY:
      return message({ kind: 'chat-history' }, common);
    case AppMsgType.MINI_PROGRAM:
    case AppMsgType.MINI_PROGRAM_36: {
      const appName = nonEmpty(xmlText(appmsg, 'sourcedisplayname')) ?? nonEmpty(xmlText(root, 'msg', 'appinfo', 'appname'));
      return message({ kind: 'mini-program', ...opt('appName', appName) }, common);
    }
    case AppMsgType.TRANSFER: {
      const pay = xmlChild(appmsg, 'wcpayinfo');
      return message({ kind: 'transfer',
        ...opt('fee', nonEmpty(xmlText(pay, 'feedesc'))),
        ...opt('transferId', nonEmpty(xmlText(pay, 'transferid'))) }, common);
    }
    case AppMsgType.RED_PACKET:
      return message({ kind: 'red-packet' }, common);
    case AppMsgType.QUOTE: {
      const refer = xmlChild(appmsg, 'refermsg');
      return message({ kind: 'quote',
        ...opt('quotedId', nonEmpty(xmlText(refer, 'svrid'))),
        ...opt('quotedText', xmlText(refer, 'content')) }, common);
    }
    case AppMsgType.REALTIME_LOCATION:
      return message({ kind: 'realtime-location' }, common);
    default:
      return message({ kind: 'app' }, common);
  }
}

/**
 * Links and files, the common app messages, carry what a bot reads in the fields the server copies out of the XML
 * (`FileName` = title, `Url`, `FileSize`, `MediaId`): they are built from those, and the XML-only parts
 * (`description`, `xml`) are decoded on first access. Decoding and parsing a kilobyte of escaped XML is most of the
 * cost of a sync batch otherwise. A payload missing any of those fields takes the full XML path.
 */
function fromCopiedFields(base: MessageBase, raw: RawMessage, content: string): LinkMessage | FileMessage | undefined {
  const appType = raw.AppMsgType ?? 0;
  // Some payloads keep the content's HTML escaping in FileName (`Tea &amp; cakes`): decode it once, like the XML.
  const title = decodeEntities(raw.FileName ?? '');
  if (title === '') return undefined;
  let built: LinkMessage | FileMessage;
  if (LINK_TYPES.has(appType) && nonEmpty(raw.Url) !== undefined) {
    built = message({ kind: 'link' as const, appType, title, url: unescapeUrl(raw.Url ?? '') }, base) as LinkMessage;
  } else if (appType === AppMsgType.FILE) {
    const ext = EXTENSION.exec(title)?.[1];
    const mediaId = nonEmpty(raw.MediaId);
    if (ext === undefined || mediaId === undefined || raw.FileSize === undefined || !DIGITS.test(raw.FileSize)) return undefined;
    built = message(
      { kind: 'file' as const, appType, title, url: unescapeUrl(raw.Url ?? ''), fileName: title, size: Number(raw.FileSize), ext, mediaId },
      base,
    ) as FileMessage;
  } else return undefined;
  let parsed: { readonly xml: string; readonly description: string } | undefined;
  const xmlParts = () => {
    if (parsed === undefined) {
      const xml = contentXml(content);
      const root = parseXml(xml);
      const appmsg = xmlChild(root, 'msg', 'appmsg') ?? xmlChild(root, 'appmsg');
      parsed = { xml: root === undefined ? '' : xml, description: xmlText(appmsg, 'des') ?? '' };
    }
    return parsed;
  };
  Object.defineProperties(built, {
    description: { enumerable: true, get: () => xmlParts().description },
    xml: { enumerable: true, get: () => xmlParts().xml },
  });
  return built;
}

function fileFields(raw: RawMessage, appmsg: XmlNode | undefined, title: string) {
  const fileName = nonEmpty(raw.FileName) ?? title;
  const fieldSize = raw.FileSize !== undefined && DIGITS.test(raw.FileSize) ? Number(raw.FileSize) : undefined;
  const ext = nonEmpty(xmlText(appmsg, 'appattach', 'fileext')) ?? EXTENSION.exec(fileName)?.[1] ?? '';
  return {
    fileName,
    size: fieldSize ?? toInt(xmlText(appmsg, 'appattach', 'totallen')) ?? 0,
    ext,
    mediaId: nonEmpty(raw.MediaId) ?? xmlText(appmsg, 'appattach', 'attachid') ?? '',
  };
}
