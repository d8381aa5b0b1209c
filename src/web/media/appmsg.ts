/**
 * The XML a file send and a card send carry (docs/protocol.md §2.12, §2.16). The content goes out raw, not
 * HTML-escaped; only the values are XML-escaped so a name with `&` or `<` still gives well-formed XML.
 */

/** The only appid the web client puts on file app messages. */
export const FILE_APPID = 'wxeb7ec651dd0aefa9';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export interface FileAppMsg {
  readonly name: string;
  readonly size: number;
  readonly mediaId: string;
  /** Without the dot. */
  readonly ext: string;
}

/** The type-6 `<appmsg>` of a file send, with single-quoted attributes as the peers send it. */
export function fileAppMsgXml(file: FileAppMsg): string {
  return (
    `<appmsg appid='${FILE_APPID}' sdkver=''><title>${escapeXml(file.name)}</title><des></des><action></action>` +
    `<type>6</type><content></content><url></url><lowurl></lowurl><appattach><totallen>${file.size}</totallen>` +
    `<attachid>${escapeXml(file.mediaId)}</attachid><fileext>${escapeXml(file.ext)}</fileext></appattach>` +
    `<extinfo></extinfo></appmsg>`
  );
}

/**
 * A received app message ready to forward: its `<appmsg>` element with `<attachid>` set to `mediaId` (wechat4u's
 * way). `undefined` when the XML has no `<appmsg>`.
 */
export function forwardedAppMsgXml(xml: string, mediaId: string): string | undefined {
  const appmsg = /<appmsg[\s>][\s\S]*<\/appmsg>/.exec(xml)?.[0];
  if (appmsg === undefined || mediaId === '') return appmsg;
  return appmsg.replace(/<attachid>[\s\S]*?<\/attachid>/, `<attachid>${escapeXml(mediaId)}</attachid>`);
}

/** A name card (MsgType 42): the contact must be a friend or an official account. */
export function cardXml(userName: string, nickName: string): string {
  return `<msg username="${escapeXml(userName)}" nickname="${escapeXml(nickName)}"/>`;
}
