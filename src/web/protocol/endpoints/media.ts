import type * as t from 'io-ts';
import { LooseString, NumberLike, shape } from '../../../model/raw/primitives.js';
import { BaseResponse } from '../codecs/common.js';
import type { FormField, WxRequest } from '../../../http/request.js';
import type { SessionContext } from './context.js';
import { API_MS, type EndpointDescriptor, jsonEndpoint, type RequestParts, streamEndpoint } from './descriptor.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { api, API_PATH, baseRequest, buildUrl, get, passTicket, type QueryValue, referer } from './url.js';

/** Uploads and downloads (docs/protocol.md §2.17–2.22). Transfers get no timeout here: the media layer sizes them by bytes. */

/** Uploads go in 512 KiB chunks, one after another. */
export const UPLOAD_CHUNK_SIZE = 524_288;

export type UploadMediaType = 'pic' | 'video' | 'doc';

/** `pic` for bmp/jpeg/jpg/png, `video` for mp4, `doc` for anything else (GIF included: it is sent as a sticker). */
export function uploadMediaType(fileName: string): UploadMediaType {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (['bmp', 'jpeg', 'jpg', 'png'].includes(ext)) return 'pic';
  return ext === 'mp4' ? 'video' : 'doc';
}

/** What every chunk of one upload shares. */
export interface UploadFile {
  /** The plain file name; URL-quoted in the form (non-ASCII names fail otherwise). */
  readonly fileName: string;
  /** MIME type for the `type` field, e.g. `image/jpeg`. */
  readonly mimeType: string;
  /** Total size in bytes. */
  readonly size: number;
  readonly from: string;
  readonly to: string;
  /** Hex md5 of the whole file. */
  readonly fileMd5: string;
  /** The `webwx_data_ticket` cookie value; uploads fail without it. */
  readonly dataTicket: string;
  /** The same for every chunk. */
  readonly clientMediaId: number;
  /** A JavaScript date string. */
  readonly lastModifiedDate: string;
  /** @default uploadMediaType(fileName) */
  readonly mediaType?: UploadMediaType;
  /** This chunk's timeout unless the context configures one for `webwxuploadmedia`. @default none */
  readonly timeoutMs?: number;
}

/** One chunk: its index and its bytes (at most `UPLOAD_CHUNK_SIZE`). */
export interface UploadChunk {
  readonly file: UploadFile;
  readonly index: number;
  readonly data: Uint8Array;
}

/**
 * `webwxuploadmedia` (docs/protocol.md §2.17): an empty `MediaId` means the upload failed; `StartPos` is the bytes
 * received.
 */
export const UploadMediaResponse = shape(
  { BaseResponse, MediaId: LooseString, EncryFileName: LooseString },
  { StartPos: NumberLike, CDNThumbImgHeight: NumberLike, CDNThumbImgWidth: NumberLike },
  'UploadMediaResponse',
);
export type UploadMediaResponse = t.TypeOf<typeof UploadMediaResponse>;

/**
 * docs/protocol.md §2.17: one multipart request per chunk, sent in order; the last answer carries the `MediaId`. Fields
 * follow the order the server and ItChat use; `chunks`/`chunk` appear only for multi-chunk files.
 */
export const webwxuploadmedia = jsonEndpoint({
  name: 'webwxuploadmedia',
  timeoutMs: undefined,
  build: (s: SessionContext, { file, index, data }: UploadChunk): RequestParts => {
    if (file.dataTicket === '') throw new InvalidRequestError('webwxuploadmedia', 'the webwx_data_ticket cookie is missing');
    const chunks = Math.max(1, Math.ceil(file.size / UPLOAD_CHUNK_SIZE));
    const quotedName = encodeURIComponent(file.fileName);
    const form: FormField[] = [
      ['id', 'WU_FILE_0'],
      ['name', quotedName],
      ['type', file.mimeType],
      ['lastModifiedDate', file.lastModifiedDate],
      ['size', String(file.size)],
    ];
    if (chunks > 1) form.push(['chunks', String(chunks)], ['chunk', String(index)]);
    form.push(
      ['mediatype', file.mediaType ?? uploadMediaType(file.fileName)],
      [
        'uploadmediarequest',
        JSON.stringify({
          UploadType: 2,
          BaseRequest: baseRequest(s.credentials),
          ClientMediaId: file.clientMediaId,
          TotalLen: file.size,
          StartPos: 0,
          DataLen: file.size,
          MediaType: 4,
          FromUserName: file.from,
          ToUserName: file.to,
          FileMd5: file.fileMd5,
        }),
      ],
      ['webwx_data_ticket', file.dataTicket],
      ['pass_ticket', s.credentials.passTicket],
      ['filename', { data, fileName: quotedName, contentType: 'application/octet-stream' }],
    );
    const url = buildUrl(s.hosts.file, `${API_PATH}webwxuploadmedia`, [['f', 'json']]);
    const parts: RequestParts = { method: 'POST', url, form, headers: referer(s) };
    return file.timeoutMs === undefined ? parts : Object.assign(parts, { timeoutMs: file.timeoutMs });
  },
  answer: UploadMediaResponse,
});

/** A whole file in memory, for `uploadMediaRequests`. */
export interface UploadInput extends Omit<UploadFile, 'size' | 'clientMediaId' | 'lastModifiedDate' | 'timeoutMs'> {
  readonly data: Uint8Array;
  /** Shared by every chunk. @default env.now() */
  readonly clientMediaId?: number;
  /** @default new Date(env.now()).toString() */
  readonly lastModifiedDate?: string;
}

/** Every chunk request of a file held in memory, in the order they must be sent. */
export function uploadMediaRequests(s: SessionContext, input: UploadInput): WxRequest[] {
  const now = s.env.now();
  const { data, clientMediaId, lastModifiedDate, ...shared } = input;
  const file: UploadFile = Object.assign(shared, {
    size: data.byteLength,
    clientMediaId: clientMediaId ?? now,
    lastModifiedDate: lastModifiedDate ?? new Date(now).toString(),
  });
  const chunks = Math.max(1, Math.ceil(data.byteLength / UPLOAD_CHUNK_SIZE));
  return Array.from({ length: chunks }, (_, index) =>
    webwxuploadmedia.request(s, { file, index, data: data.subarray(index * UPLOAD_CHUNK_SIZE, (index + 1) * UPLOAD_CHUNK_SIZE) }),
  );
}

// Downloads (docs/protocol.md §2.18–2.22): all answer bytes, so all are streamed.

const download = (s: SessionContext, url: string, headers: Record<string, string> = {}): RequestParts =>
  get(s, url, { expect: 'stream', headers: { ...referer(s), ...headers } });

export interface MsgImgInput {
  readonly msgId: string;
  /** `slave` is the thumbnail. @default 'big' */
  readonly size?: 'big' | 'slave';
}

/** docs/protocol.md §2.18: an image or custom emoticon. */
export const webwxgetmsgimg = streamEndpoint({
  name: 'webwxgetmsgimg',
  timeoutMs: undefined,
  build: (s: SessionContext, input: MsgImgInput) =>
    download(
      s,
      api(s.hosts.main, 'webwxgetmsgimg', [
        ['MsgID', input.msgId],
        ['skey', s.credentials.skey],
        ['type', input.size ?? 'big'],
      ]),
    ),
});

/** docs/protocol.md §2.19: a voice note (MP3), by `MsgId`. */
export const webwxgetvoice = streamEndpoint({
  name: 'webwxgetvoice',
  timeoutMs: undefined,
  build: (s: SessionContext, msgId: string) =>
    download(
      s,
      api(s.hosts.main, 'webwxgetvoice', [
        ['msgid', msgId],
        ['skey', s.credentials.skey],
      ]),
    ),
});

/** docs/protocol.md §2.20: a video, by `MsgId`; without `Range: bytes=0-` the body is empty. */
export const webwxgetvideo = streamEndpoint({
  name: 'webwxgetvideo',
  timeoutMs: undefined,
  build: (s: SessionContext, msgId: string) =>
    download(
      s,
      api(s.hosts.main, 'webwxgetvideo', [
        ['msgid', msgId],
        ['skey', s.credentials.skey],
      ]),
      { range: 'bytes=0-' },
    ),
});

export interface GetMediaInput {
  /** The message's `FromUserName`. */
  readonly sender: string;
  readonly mediaId: string;
  readonly fileName: string;
  readonly encryFileName?: string;
  /** The `webwx_data_ticket` cookie value. */
  readonly dataTicket: string;
}

/** docs/protocol.md §2.21: a file attachment, from the file host. */
export const webwxgetmedia = streamEndpoint({
  name: 'webwxgetmedia',
  timeoutMs: undefined,
  build: (s: SessionContext, input: GetMediaInput) => {
    const query: Array<readonly [string, QueryValue]> = [
      ['sender', input.sender],
      ['mediaid', input.mediaId],
      ['filename', input.fileName],
    ];
    if (input.encryFileName !== undefined) query.push(['encryfilename', input.encryFileName]);
    query.push(['fromuser', s.credentials.uin], ['pass_ticket', passTicket(s)], ['webwx_data_ticket', input.dataTicket]);
    return download(s, api(s.hosts.file, 'webwxgetmedia', query));
  },
});

export interface AvatarInput {
  readonly userName: string;
  /** @default 0 */
  readonly seq?: number;
  /** The group's `EncryChatRoomId`, for a group member's picture. */
  readonly chatroomId?: string;
  /** Ask for the larger picture. @default false */
  readonly big?: boolean;
}

/** The picture behind a contact's `HeadImgUrl` (a relative path; an absolute one is moved to the main host). */
export interface AvatarUrlInput {
  readonly headImgUrl: string;
}

/**
 * An avatar by name, or by the contact's `HeadImgUrl`. The server often leaves `skey=` empty in that URL, so the
 * session's skey is filled in.
 */
function avatar(s: SessionContext, name: string, input: AvatarInput | AvatarUrlInput): RequestParts {
  if ('headImgUrl' in input) {
    const relative = input.headImgUrl.replace(/^https?:\/\/[^/?#]*/i, '');
    const path = relative.startsWith('/') ? relative : `/${relative}`;
    const skey = `skey=${encodeURIComponent(s.credentials.skey)}`;
    const filled = /([?&])skey=[^&]*/.test(path)
      ? path.replace(/([?&])skey=[^&]*/, `$1${skey}`)
      : `${path}${path.includes('?') ? '&' : '?'}${skey}`;
    return download(s, `${s.hosts.main}${filled}`);
  }
  const query: Array<readonly [string, QueryValue]> = [
    ['seq', input.seq ?? 0],
    ['username', input.userName],
    ['skey', s.credentials.skey],
  ];
  if (input.chatroomId !== undefined) query.push(['chatroomid', input.chatroomId]);
  if (input.big === true) query.push(['type', 'big']);
  return download(s, api(s.hosts.main, name, query));
}

/** docs/protocol.md §2.22: a person's picture (`chatroomId` for group members). */
export const webwxgeticon = streamEndpoint({
  name: 'webwxgeticon',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: AvatarInput | AvatarUrlInput) => avatar(s, 'webwxgeticon', input),
});

/** docs/protocol.md §2.22: a group's picture. */
export const webwxgetheadimg = streamEndpoint({
  name: 'webwxgetheadimg',
  timeoutMs: API_MS,
  build: (s: SessionContext, input: Omit<AvatarInput, 'chatroomId'> | AvatarUrlInput) => avatar(s, 'webwxgetheadimg', input),
});

/** Which avatar endpoint a `HeadImgUrl` points at. */
export function avatarEndpointOf(headImgUrl: string): EndpointDescriptor<'webwxgeticon' | 'webwxgetheadimg', SessionContext, AvatarUrlInput> {
  return headImgUrl.includes('webwxgetheadimg') ? webwxgetheadimg : webwxgeticon;
}
