/** The transport contract's bodies: multipart uploads as the server parses them, and streamed downloads. */
import type busboyModule from 'busboy';
import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import { firstValueFrom } from 'rxjs';
import { requireOptional } from '../../util/optional-package.js';
import type { WxRequest } from '../../http/request.js';
import { defaultHosts } from '../../web/protocol/hosts.js';
import { uploadMediaRequests } from '../../web/protocol/endpoints/media.js';
import { until } from './checks.js';
import type { TransportSuite } from './transport-suite.js';

type Part = readonly [name: string, value: string | { readonly filename: string | undefined; readonly mimeType: string; readonly bytes: Buffer }];

/** Parses a multipart request into its parts, in order, then answers `{}`. */
function readParts(req: http.IncomingMessage, res: http.ServerResponse, parts: Part[]): void {
  const busboy = requireOptional<typeof busboyModule>('busboy', 'the transport contract (describeTransportContract)');
  const parser = busboy({ headers: req.headers });
  parser.on('field', (name, value) => parts.push([name, value]));
  parser.on('file', (name, stream, info) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => parts.push([name, { filename: info.filename, mimeType: info.mimeType, bytes: Buffer.concat(chunks) }]));
  });
  parser.on('close', () => res.end('{}'));
  req.pipe(parser);
}

export function describeTransportBodies({ server, create, it, get }: TransportSuite): void {
  it('sends multipart fields in the given order, as the server parses them', async () => {
    const parts: Part[] = [];
    server.handle((req, res) => readParts(req, res, parts));
    const session = {
      hosts: defaultHosts(server.base),
      env: { now: () => 1_546_214_741_416, random: () => 0.5 },
      credentials: { uin: 1, sid: 's', skey: 'k', passTicket: 'p%2B', deviceId: 'e123456789012345' },
    };
    const [upload] = uploadMediaRequests(session, {
      fileName: '照片.png',
      mimeType: 'image/png',
      data: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]),
      from: '@me',
      to: '@you',
      fileMd5: 'abc',
      dataTicket: 'T+/=',
      lastModifiedDate: 'Tue Jul 14 2009 13:32:31 GMT+0800 (CST)',
    });
    assert.ok(upload !== undefined, 'no upload request was built');
    await firstValueFrom(create().request(upload));
    assert.match(server.seen[0]?.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    assert.deepEqual(
      parts.map(([name]) => name),
      ['id', 'name', 'type', 'lastModifiedDate', 'size', 'mediatype', 'uploadmediarequest', 'webwx_data_ticket', 'pass_ticket', 'filename'],
    );
    assert.deepEqual(parts[1], ['name', encodeURIComponent('照片.png')]);
    assert.deepEqual(parts[7], ['webwx_data_ticket', 'T+/=']);
    assert.deepEqual(parts[8], ['pass_ticket', 'p%2B']);
    assert.deepEqual(parts[9], [
      'filename',
      { filename: encodeURIComponent('照片.png'), mimeType: 'application/octet-stream', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    ]);
  });

  it('sends a file that is a view into a larger buffer exactly, with a content-length and no chunked encoding', async () => {
    const parts: Part[] = [];
    server.handle((req, res) => readParts(req, res, parts));
    const whole = Buffer.alloc(700_000);
    for (let i = 0; i < whole.length; i++) whole[i] = (i * 31 + 5) & 0xff;
    const view = whole.subarray(100_001, 100_001 + 524_288);
    const request: WxRequest = {
      endpoint: 'webwxuploadmedia',
      method: 'POST',
      url: `${server.base}/upload`,
      form: [
        ['chunk', '3'],
        ['filename', { data: view, fileName: 'a.bin', contentType: 'application/octet-stream' }],
      ],
    };
    await firstValueFrom(create().request(request));
    const files = parts.flatMap(([, value]) => (typeof value === 'string' ? [] : [value.bytes]));
    assert.equal(files.length, 1);
    assert.ok(files[0]?.equals(view), 'the file arrived changed');
    assert.equal(server.seen[0]?.headers['transfer-encoding'], undefined);
    assert.ok(Number(server.seen[0]?.headers['content-length']) > view.length, 'no content-length covering the file');
  });

  it('hands a streamed body over before the server has finished sending it', async () => {
    let finish: (() => void) | undefined;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(Buffer.from([1, 2, 3]));
      finish = () => res.end(Buffer.from([4, 5]));
    });
    const res = await firstValueFrom(create().request(get('/img', { expect: 'stream', timeoutMs: 2_000 })));
    assert.equal(res.text, '');
    assert.ok(finish !== undefined, 'the body was handed over after the server finished');
    assert.ok(res.stream !== undefined, 'no stream');
    const reader = res.stream.getReader();
    const head = await reader.read();
    assert.deepEqual([...(head.value ?? [])], [1, 2, 3]);
    finish();
    const bytes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes.push(...value);
    }
    assert.deepEqual(bytes, [4, 5]);
  });

  it('aborts the download when the subscriber cancels a streamed body', async () => {
    let closed = false;
    server.handle((_req, res) => {
      res.on('close', () => (closed = true));
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write(Buffer.alloc(1024));
    });
    const res = await firstValueFrom(create().request(get('/video', { expect: 'stream', timeoutMs: 2_000 })));
    assert.ok(res.stream !== undefined, 'no stream');
    const reader = res.stream.getReader();
    assert.ok(((await reader.read()).value?.byteLength ?? 0) > 0, 'no first chunk');
    await reader.cancel();
    await until(() => closed);
  });

  it('does not let the timeout cut a stream that was already handed over', async () => {
    server.handle((_req, res) => {
      res.write('a');
      setTimeout(() => res.end('b'), 150);
    });
    const res = await firstValueFrom(create().request(get('/slow-body', { expect: 'stream', timeoutMs: 50 })));
    assert.equal(await new Response(res.stream).text(), 'ab');
  });
}
