/** File formats recognised by their first bytes, and MIME types by extension. */

export type SniffedFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'mp4' | 'mp3';

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((byte, i) => head[at + i] === byte);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The format the magic bytes announce (`undefined` when unknown). */
export function sniff(head: Uint8Array): SniffedFormat | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF8'))) return 'gif';
  if (startsWith(head, ascii('BM'))) return 'bmp';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, ascii('ftyp'), 4)) return 'mp4';
  if (startsWith(head, ascii('ID3')) || (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  return undefined;
}

const EXTENSIONS: Readonly<Record<SniffedFormat, string>> = {
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
  bmp: 'bmp',
  webp: 'webp',
  mp4: 'mp4',
  mp3: 'mp3',
};

export const extensionFor = (format: SniffedFormat | undefined): string => (format === undefined ? '' : EXTENSIONS[format]);

const MIME_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  txt: 'text/plain',
  pdf: 'application/pdf',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The extension of a file name, lower case, without the dot (`''` when there is none). */
export function extensionOf(name: string): string {
  return /\.([^./\\]{1,16})$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

/** The MIME type for the upload form's `type` field. @default 'application/octet-stream' */
export function mimeTypeOf(name: string): string {
  return MIME_TYPES[extensionOf(name)] ?? 'application/octet-stream';
}

/** The extension for a downloaded body by its `Content-Type` (`''` when unknown). */
export function extensionForContentType(contentType: string | undefined): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [ext, mime] of Object.entries(MIME_TYPES)) if (mime === type && ext !== 'jpeg') return ext;
  return '';
}
