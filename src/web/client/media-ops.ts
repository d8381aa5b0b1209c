import { concatMap, defer, filter, first, map, type Observable, tap, throwError } from 'rxjs';
import type { Contact, GroupMember } from '../../model/contact.js';
import { MediaUnavailableError } from '../../errors/media-unavailable-error.js';
import { cardXml, fileAppMsgXml, forwardedAppMsgXml } from '../media/appmsg.js';
import { type DownloadEvent, type DownloadOptions, type DownloadPlan, type DownloadStream, download$ } from '../media/download.js';
import { extensionOf } from '../media/mime.js';
import { checkMediaSource } from '../media/source.js';
import { type MediaSource } from '../../model/media-source.js';
import { type UploadConfig, type UploadedMedia, type UploadEvent, type UploadOptions, type UploadProgress, upload$ } from '../media/upload.js';
import type { SessionContext } from '../protocol/endpoints/context.js';
import type { CallDescriptor } from '../protocol/endpoints/descriptor.js';
import type { WebEndpoint } from '../protocol/endpoints/index.js';
import {
  avatarEndpointOf,
  webwxgetheadimg,
  webwxgeticon,
  webwxgetmedia,
  webwxgetmsgimg,
  webwxgetvideo,
  webwxgetvoice,
} from '../protocol/endpoints/media.js';
import {
  messageLocalId,
  type SendResponse,
  webwxrevokemsg,
  webwxsendappmsg,
  webwxsendemoticon,
  webwxsendmsg,
  webwxsendmsgimg,
  webwxsendvideomsg,
} from '../protocol/endpoints/send.js';
import type {
  EmoticonMessage,
  FileMessage,
  ImageMessage,
  VideoMessage,
  VoiceMessage,
  WxMessage,
} from '../../model/message.js';
import type { OpsContext } from './ops-context.js';
import type { SendResult } from '../../model/events.js';

/** A media send's result: the `SendResult` plus what was uploaded. */
export interface MediaSendResult extends SendResult {
  /** The `MediaId` sent (absent for a sticker sent by md5). */
  readonly mediaId?: string;
  /** The file name the server was given. */
  readonly name?: string;
  readonly size?: number;
}

export interface SendMediaOptions {
  /** The file name the recipient sees. @default the path's base name, else `file` + the sniffed extension */
  readonly name?: string;
  /** Called after each uploaded chunk. @default none */
  readonly onProgress?: (progress: UploadProgress) => void;
}

/** A file attachment to download: a received `FileMessage`, or the same fields for an uploaded `MediaId`. */
export interface FileRef {
  readonly kind: 'file';
  readonly mediaId: string;
  readonly fileName: string;
  /** The sender's UserName (for an own upload: your own). */
  readonly from: string;
  readonly size?: number;
  readonly raw?: { readonly FromUserName: string; readonly EncryFileName?: string };
}

/** What `download` accepts: media messages, file references, and contacts or group members (their avatar). */
export type Downloadable = ImageMessage | EmoticonMessage | VoiceMessage | VideoMessage | FileMessage | FileRef | Contact | GroupMember;

export interface MediaDownloadOptions extends DownloadOptions {
  /** Images: the full picture or the thumbnail. @default 'big' */
  readonly size?: 'big' | 'thumb';
  /** A group member's avatar: the group (its `EncryChatRoomId` is sent along). @default none */
  readonly group?: string;
}

/** A sticker to send: a GIF (path, bytes, stream) to upload, or the md5 of a sticker the server knows. */
export type EmoticonSource = MediaSource | { readonly md5: string };

/** Sending and fetching media; part of `WeChatClient`. Every method is cold and typed-error. */
export interface MediaOperations {
  /** Uploads in 512 KiB chunks; emits `progress` after each chunk, then `uploaded` with the `MediaId`. */
  upload(source: MediaSource, options?: UploadOptions): Observable<UploadEvent>;
  /** An image (webwxsendmsgimg); a GIF goes as a sticker, as the web client does. */
  sendImage(chat: string, source: MediaSource, options?: SendMediaOptions): Observable<MediaSendResult>;
  /** A video (mp4, webwxsendvideomsg). */
  sendVideo(chat: string, source: MediaSource, options?: SendMediaOptions): Observable<MediaSendResult>;
  /** Any file as an attachment (webwxsendappmsg, type 6). */
  sendFile(chat: string, source: MediaSource, options?: SendMediaOptions): Observable<MediaSendResult>;
  /** A sticker or GIF (webwxsendemoticon) by upload or by md5. */
  sendEmoticon(chat: string, source: EmoticonSource, options?: SendMediaOptions): Observable<MediaSendResult>;
  /** A contact card (MsgType 42) of a friend or official account. */
  sendCard(chat: string, contact: Contact | string): Observable<SendResult>;
  /**
   * Re-sends a received message to `chat`: text, cards, app messages and files by their ids (nothing is
   * downloaded); an image or video without a reusable `MediaId` is downloaded and uploaded again.
   */
  forward(chat: string, message: WxMessage): Observable<MediaSendResult>;
  /** Recalls an own message within about 2 minutes of sending it (webwxrevokemsg). */
  revoke(sent: SendResult): Observable<void>;
  /**
   * Fetches media (image, sticker, voice mp3, video, attachment) or an avatar (a `Contact` / `GroupMember`). With
   * `to` (a path or a directory): `progress` events, then `saved`. Without: a `stream` event with a `Readable`, then
   * `progress` as it is read.
   */
  download(target: Downloadable, options?: MediaDownloadOptions): Observable<DownloadEvent>;
}

/** `upload$` bound to the client's online session; every chunk reads the current credentials. */
function uploadMedia(ctx: OpsContext, source: MediaSource, options: UploadConfig = {}): Observable<UploadEvent> {
  return defer(() => {
    ctx.online('upload');
    const deps = {
      transport: ctx.transport(),
      env: ctx.env,
      session: () => {
        const state = ctx.online('upload');
        return {
          context: ctx.sessionContext(state),
          self: state.user.UserName,
          dataTicket: ctx.cookie('webwx_data_ticket', state.hosts.file) ?? '',
        };
      },
      retry: { rateLimited: ctx.rateLimited },
      ...(ctx.transfer === undefined ? {} : { timeouts: ctx.transfer }),
    };
    return upload$(deps, source, options);
  });
}

/** A send endpoint: one of the five that answer `MsgID` and `LocalID`. */
type SendEndpoint<Input> = CallDescriptor<string, SessionContext, Input, SendResponse>;

/** One send with a fixed LocalID, through the send limiter, retried on 1205 only (a resend could duplicate). */
function send$<Input>(
  ctx: OpsContext,
  endpoint: SendEndpoint<Input>,
  chat: string,
  input: (from: string, localId: string) => Input,
  extra: Omit<MediaSendResult, keyof SendResult> = {},
): Observable<MediaSendResult> {
  return ctx.knownChat(endpoint.name, chat).pipe(concatMap(() => sendChecked$(ctx, endpoint, chat, input, extra)));
}

function sendChecked$<Input>(
  ctx: OpsContext,
  endpoint: SendEndpoint<Input>,
  chat: string,
  input: (from: string, localId: string) => Input,
  extra: Omit<MediaSendResult, keyof SendResult>,
): Observable<MediaSendResult> {
  return defer(() => {
    const localId = messageLocalId(ctx.env);
    return ctx.invoke(endpoint, (state) => input(state.user.UserName, localId), { limited: true }).pipe(
      map((response): MediaSendResult => Object.assign({ msgId: response.MsgID, localId: response.LocalID || localId, chat }, extra)),
    );
  });
}

/** Uploads `source` for `chat`, reporting progress, then sends what `sendWith` builds from the upload. */
function uploadThenSend(
  ctx: OpsContext,
  chat: string,
  source: MediaSource,
  upload: UploadConfig,
  options: SendMediaOptions,
  sendWith: (uploaded: UploadedMedia) => Observable<MediaSendResult>,
): Observable<MediaSendResult> {
  const name = options.name ?? upload.name;
  // The file and the chat are checked before the first request: a typo fails at once, and never after an upload.
  return defer(() => checkMediaSource(source)).pipe(
    concatMap(() => ctx.knownChat('send', chat)),
    concatMap(() => uploadMedia(ctx, source, Object.assign({ to: chat }, upload, name === undefined ? {} : { name }))),
    tap((event) => {
      if (event.type === 'progress') options.onProgress?.(event);
    }),
    filter((event): event is UploadedMedia => event.type === 'uploaded'),
    concatMap(sendWith),
  );
}

const uploadedExtra = (u: UploadedMedia) => ({ mediaId: u.mediaId, name: u.name, size: u.size });

function sendImage(ctx: OpsContext, chat: string, source: MediaSource, options: SendMediaOptions = {}): Observable<MediaSendResult> {
  const mediaTypeFor = (name: string) => (extensionOf(name) === 'gif' ? 'doc' : 'pic');
  return uploadThenSend(ctx, chat, source, { mediaTypeFor }, options, (u) =>
    extensionOf(u.name) === 'gif'
      ? send$(ctx, webwxsendemoticon, chat, (from, localId) => ({ from, to: chat, localId, mediaId: u.mediaId }), uploadedExtra(u))
      : send$(ctx, webwxsendmsgimg, chat, (from, localId) => ({ from, to: chat, localId, mediaId: u.mediaId }), uploadedExtra(u)),
  );
}

function sendVideo(ctx: OpsContext, chat: string, source: MediaSource, options: SendMediaOptions = {}): Observable<MediaSendResult> {
  return uploadThenSend(ctx, chat, source, { mediaType: 'video' }, options, (u) =>
    send$(ctx, webwxsendvideomsg, chat, (from, localId) => ({ from, to: chat, localId, mediaId: u.mediaId }), uploadedExtra(u)),
  );
}

function sendFile(ctx: OpsContext, chat: string, source: MediaSource, options: SendMediaOptions = {}): Observable<MediaSendResult> {
  return uploadThenSend(ctx, chat, source, { mediaType: 'doc' }, options, (u) => {
    const content = fileAppMsgXml({ name: u.name, size: u.size, mediaId: u.mediaId, ext: extensionOf(u.name) });
    return send$(ctx, webwxsendappmsg, chat, (from, localId) => ({ from, to: chat, localId, content, type: 6 }), uploadedExtra(u));
  });
}

function sendEmoticon(ctx: OpsContext, chat: string, source: EmoticonSource, options: SendMediaOptions = {}): Observable<MediaSendResult> {
  if (typeof source === 'object' && 'md5' in source) {
    const { md5 } = source;
    return send$(ctx, webwxsendemoticon, chat, (from, localId) => ({ from, to: chat, localId, md5 }));
  }
  return uploadThenSend(ctx, chat, source, { mediaType: 'doc' }, options, (u) =>
    send$(ctx, webwxsendemoticon, chat, (from, localId) => ({ from, to: chat, localId, mediaId: u.mediaId }), uploadedExtra(u)),
  );
}

function sendCard(ctx: OpsContext, chat: string, contact: Contact | string): Observable<SendResult> {
  return defer(() => {
    const card = typeof contact === 'string' ? (ctx.online('sendCard').contacts.get(contact) ?? contact) : contact;
    const content = typeof card === 'string' ? cardXml(card, '') : cardXml(card.userName, card.nickName);
    return send$(ctx, webwxsendmsg, chat, (from, localId) => ({ from, to: chat, localId, content, type: 42 as const }));
  });
}

function forward(ctx: OpsContext, chat: string, message: WxMessage): Observable<MediaSendResult> {
  return defer((): Observable<MediaSendResult> => {
    const mediaId = message.raw.MediaId ?? '';
    switch (message.kind) {
      case 'text':
        return send$(ctx, webwxsendmsg, chat, (from, localId) => ({ from, to: chat, localId, content: message.text, scene: 2 as const }));
      case 'card':
        return send$(ctx, webwxsendmsg, chat, (from, localId) =>
          ({ from, to: chat, localId, content: cardXml(message.card.userName, message.card.nickName), type: 42 as const, scene: 2 as const }),
        );
      case 'emoticon': {
        if (message.isStoreSticker || message.md5 === undefined) return unavailable('webwxsendemoticon', 'store stickers cannot be re-sent from web');
        const md5 = message.md5;
        return send$(ctx, webwxsendemoticon, chat, (from, localId) => ({ from, to: chat, localId, md5 }));
      }
      case 'image':
        return mediaId !== ''
          ? send$(ctx, webwxsendmsgimg, chat, (from, localId) => ({ from, to: chat, localId, mediaId }), { mediaId })
          : reupload(ctx, message, (source, name) => sendImage(ctx, chat, source, { name }));
      case 'video':
        return mediaId !== ''
          ? send$(ctx, webwxsendvideomsg, chat, (from, localId) => ({ from, to: chat, localId, mediaId }), { mediaId })
          : reupload(ctx, message, (source, name) => sendVideo(ctx, chat, source, { name }));
      default: {
        if (!('xml' in message)) return unavailable('webwxsendappmsg', `a ${message.kind} message cannot be forwarded`);
        const id = message.kind === 'file' ? message.mediaId : mediaId;
        const content = forwardedAppMsgXml(message.xml, id);
        if (content === undefined) return unavailable('webwxsendappmsg', 'the message has no <appmsg> to forward');
        return send$(ctx, webwxsendappmsg, chat, (from, localId) => ({ from, to: chat, localId, content, type: message.appType }), id === '' ? {} : { mediaId: id });
      }
    }
  });
}

/** Downloads a received image or video as a stream and uploads it again (no reusable `MediaId` on the message). */
function reupload(
  ctx: OpsContext,
  message: ImageMessage | VideoMessage,
  send: (source: NodeJS.ReadableStream, name: string) => Observable<MediaSendResult>,
): Observable<MediaSendResult> {
  const name = `${message.id}.${message.kind === 'video' ? 'mp4' : 'jpg'}`;
  return downloadMedia(ctx, message).pipe(
    first((event): event is DownloadStream => event.type === 'stream'),
    concatMap(({ stream }) => send(stream, name)),
  );
}

const unavailable = (endpoint: WebEndpoint, reason: string): Observable<never> => throwError(() => new MediaUnavailableError(endpoint, reason));

function revoke(ctx: OpsContext, sent: SendResult): Observable<void> {
  return ctx
    .invoke(webwxrevokemsg, () => ({ svrMsgId: sent.msgId, localId: sent.localId, to: sent.chat }), { operation: 'revoke' })
    .pipe(map(() => undefined));
}

function downloadPlan(ctx: OpsContext, s: SessionContext, target: Downloadable, options: MediaDownloadOptions): DownloadPlan {
  if (!('kind' in target)) {
    const group = options.group === undefined ? undefined : ctx.online('download').contacts.get(options.group)?.raw.EncryChatRoomId;
    return { request: webwxgeticon.request(s, { userName: target.userName, ...(group ? { chatroomId: group } : {}) }), name: target.stableId };
  }
  switch (target.kind) {
    case 'image':
      return { request: webwxgetmsgimg.request(s, { msgId: target.id, size: options.size === 'thumb' ? 'slave' : 'big' }), name: target.id, ...(target.size === undefined ? {} : { expectedSize: target.size }) };
    case 'emoticon':
      if (target.isStoreSticker) throw new MediaUnavailableError('webwxgetmsgimg', 'store stickers cannot be downloaded from web');
      return { request: webwxgetmsgimg.request(s, { msgId: target.id }), name: target.id };
    case 'voice':
      return { request: webwxgetvoice.request(s, target.id), name: `${target.id}.mp3` };
    case 'video':
      return { request: webwxgetvideo.request(s, target.id), name: `${target.id}.mp4`, ...(target.size === undefined ? {} : { expectedSize: target.size }) };
    case 'file': {
      if (target.mediaId === '') throw new MediaUnavailableError('webwxgetmedia', 'the message has no MediaId');
      const encryFileName = target.raw?.EncryFileName;
      const request = webwxgetmedia.request(s, {
        sender: target.raw?.FromUserName ?? target.from,
        mediaId: target.mediaId,
        fileName: target.fileName,
        dataTicket: ctx.cookie('webwx_data_ticket', s.hosts.file) ?? '',
        ...(encryFileName ? { encryFileName } : {}),
      });
      return { request, name: target.fileName, ...(target.size ? { expectedSize: target.size } : {}) };
    }
    default: {
      const name = target.stableId;
      const url = target.raw.HeadImgUrl ?? '';
      if (url !== '') return { request: avatarEndpointOf(url).request(s, { headImgUrl: url }), name };
      const request = target.kind === 'group' ? webwxgetheadimg.request(s, { userName: target.userName }) : webwxgeticon.request(s, { userName: target.userName });
      return { request, name };
    }
  }
}

function downloadMedia(ctx: OpsContext, target: Downloadable, options: MediaDownloadOptions = {}): Observable<DownloadEvent> {
  return defer(() => {
    const state = ctx.online('download');
    const plan = downloadPlan(ctx, ctx.sessionContext(state), target, options);
    return download$({ transport: ctx.transport(), ...(ctx.transfer === undefined ? {} : { timeouts: ctx.transfer }) }, plan, options);
  });
}

/** The media half of a client, on its operations context. */
export function mediaOperations(ctx: OpsContext): MediaOperations {
  return {
    upload: (source, options) => uploadMedia(ctx, source, options),
    sendImage: (chat, source, options) => sendImage(ctx, chat, source, options),
    sendVideo: (chat, source, options) => sendVideo(ctx, chat, source, options),
    sendFile: (chat, source, options) => sendFile(ctx, chat, source, options),
    sendEmoticon: (chat, source, options) => sendEmoticon(ctx, chat, source, options),
    sendCard: (chat, contact) => sendCard(ctx, chat, contact),
    forward: (chat, message) => forward(ctx, chat, message),
    revoke: (sent) => revoke(ctx, sent),
    download: (target, options) => downloadMedia(ctx, target, options),
  };
}
