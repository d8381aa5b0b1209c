import { InvalidRequestError, baseRequest, type SessionContext, timeoutFor, uploadMediaType, type UploadMediaType } from '../protocol/requests.js';
import type { FormField, WxRequest } from '../protocol/request.js';
import { chunkCount } from './chunker.js';

/** What every chunk of one upload shares. */
export interface UploadChunkInput {
  /** The plain file name; URL-quoted in the form (non-ASCII names fail otherwise). */
  readonly fileName: string;
  readonly mimeType: string;
  /** Total size in bytes. */
  readonly size: number;
  readonly from: string;
  readonly to: string;
  readonly fileMd5: string;
  /** The `webwx_data_ticket` cookie value. */
  readonly dataTicket: string;
  /** The same for every chunk. */
  readonly clientMediaId: number;
  readonly lastModifiedDate: string;
  /** @default uploadMediaType(fileName) */
  readonly mediaType?: UploadMediaType;
  /** Used when the context sets no `webwxuploadmedia` timeout. */
  readonly timeoutMs?: number;
}

/**
 * PROTOCOL.md §2.17, one chunk at a time: the streaming twin of `uploadMediaRequests` (which needs every byte up
 * front). Same URL, headers and fields in the same order; test/media/upload-request.test.ts holds the two equal.
 */
export function uploadChunkRequest(s: SessionContext, input: UploadChunkInput, chunk: number, data: Uint8Array): WxRequest {
  if (input.dataTicket === '') throw new InvalidRequestError('webwxuploadmedia', 'the webwx_data_ticket cookie is missing');
  const chunks = chunkCount(input.size);
  const quotedName = encodeURIComponent(input.fileName);
  const form: FormField[] = [
    ['id', 'WU_FILE_0'],
    ['name', quotedName],
    ['type', input.mimeType],
    ['lastModifiedDate', input.lastModifiedDate],
    ['size', String(input.size)],
  ];
  if (chunks > 1) form.push(['chunks', String(chunks)], ['chunk', String(chunk)]);
  form.push(
    ['mediatype', input.mediaType ?? uploadMediaType(input.fileName)],
    [
      'uploadmediarequest',
      JSON.stringify({
        UploadType: 2,
        BaseRequest: baseRequest(s.credentials),
        ClientMediaId: input.clientMediaId,
        TotalLen: input.size,
        StartPos: 0,
        DataLen: input.size,
        MediaType: 4,
        FromUserName: input.from,
        ToUserName: input.to,
        FileMd5: input.fileMd5,
      }),
    ],
    ['webwx_data_ticket', input.dataTicket],
    ['pass_ticket', s.credentials.passTicket],
    ['filename', { data, fileName: quotedName, contentType: 'application/octet-stream' }],
  );
  const configured = s.timeouts !== undefined && Object.hasOwn(s.timeouts, 'webwxuploadmedia');
  const timeoutMs = configured ? timeoutFor('webwxuploadmedia', s.timeouts) : input.timeoutMs;
  const request: WxRequest = {
    endpoint: 'webwxuploadmedia',
    method: 'POST',
    url: `${s.hosts.file}/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json`,
    form,
    headers: { referer: `${s.hosts.main}/` },
  };
  return timeoutMs === undefined ? request : Object.assign(request, { timeoutMs });
}
