import busboy from 'busboy';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../src/http/multipart.js';
import type { FormField } from '../../src/http/request.js';

type Parsed = Array<[name: string, value: string | { filename: string; mimeType: string; bytes: Buffer }]>;

/** Parses a body with busboy, an independent multipart parser (the simulator's). */
function parse(contentType: string, body: Buffer): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const out: Parsed = [];
    const parser = busboy({ headers: { 'content-type': contentType } });
    parser.on('field', (name, value) => out.push([name, value]));
    parser.on('file', (name, stream, info) => {
      const file = { filename: info.filename ?? '', mimeType: info.mimeType, bytes: Buffer.alloc(0) };
      out.push([name, file]);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => (file.bytes = Buffer.concat(chunks)));
    });
    parser.on('close', () => resolve(out));
    parser.on('error', reject);
    Readable.from([body]).pipe(parser);
  });
}

function encoded(fields: readonly FormField[]) {
  const { contentType, parts, length } = encodeMultipart(fields);
  const body = Buffer.concat(parts);
  expect(body.length).toBe(length);
  return { contentType, body };
}

describe('encodeMultipart', () => {
  it('keeps the field order, UTF-8 text and the file bytes as given', async () => {
    const data = Uint8Array.from([0, 13, 10, 45, 45, 255]);
    const { contentType, body } = encoded([
      ['id', 'WU_FILE_0'],
      ['name', '照片 1.png'],
      ['uploadmediarequest', '{"a":"b"}'],
      ['filename', { data, fileName: 'x.png', contentType: 'image/png' }],
      ['after', 'the file'],
    ]);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=[-\w]{30,}$/);
    expect(await parse(contentType, body)).toEqual([
      ['id', 'WU_FILE_0'],
      ['name', '照片 1.png'],
      ['uploadmediarequest', '{"a":"b"}'],
      ['filename', { filename: 'x.png', mimeType: 'image/png', bytes: Buffer.from(data) }],
      ['after', 'the file'],
    ]);
  });

  it('escapes quotes and line breaks in names and types, so none can inject a header or a part', async () => {
    const { contentType, body } = encoded([
      ['a"b\r\nX-Evil: 1', 'v'],
      ['f', { data: Uint8Array.from([1]), fileName: 'e"vil\n.txt', contentType: 'text/plain\r\nX-Evil: 2' }],
    ]);
    const head = body.toString('latin1');
    expect(head).not.toContain('X-Evil: 1\r\n');
    expect(head).not.toMatch(/\r\nX-Evil: 2/);
    const parsed = await parse(contentType, body);
    expect(parsed.map(([name]) => name)).toEqual(['a%22b%0D%0AX-Evil: 1', 'f']);
    expect((parsed[1]?.[1] as { filename: string }).filename).toBe('e%22vil%0A.txt');
  });

  it('gives text values CRLF line breaks, as FormData does', async () => {
    const { contentType, body } = encoded([['t', 'a\nb\rc\r\nd']]);
    expect(await parse(contentType, body)).toEqual([['t', 'a\r\nb\r\nc\r\nd']]);
  });

  it('sends a view into a larger buffer without its neighbours, and never copies the file bytes', () => {
    const whole = Buffer.alloc(10);
    whole.write('0123456789');
    const view = whole.subarray(3, 7);
    const { parts } = encodeMultipart([['f', { data: view, fileName: 'f', contentType: 'application/octet-stream' }]]);
    const file = parts.find((part) => part.buffer === whole.buffer);
    expect(file?.toString()).toBe('3456');
  });

  it('draws a new boundary for every body', () => {
    const fields: FormField[] = [['a', 'b']];
    expect(encodeMultipart(fields).contentType).not.toBe(encodeMultipart(fields).contentType);
  });
});
