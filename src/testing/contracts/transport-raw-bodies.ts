/**
 * The transport contract's raw bodies (CDN uploads): bytes and Node streams arrive byte-exact, a stream is sent as
 * it is read, and a refusal can be read as an answer when the request asks for it.
 */
import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import { PassThrough } from 'node:stream';
import { firstValueFrom } from 'rxjs';
import { isNetworkError } from '../../errors/guards.js';
import { rejectionOf, until } from './checks.js';
import type { TransportSuite } from './transport-suite.js';

/** Collects the request body, then answers `ok`. */
function collect(req: http.IncomingMessage, res: http.ServerResponse, into: Buffer[]): void {
  req.on('data', (chunk: Buffer) => into.push(chunk));
  req.on('end', () => res.end('ok'));
}

/** `length` bytes that differ from chunk to chunk, so a dropped or repeated chunk shows. */
function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 131 + seed * 7 + (i >> 8)) & 0xff;
  return bytes;
}

export function describeTransportRawBodies({ server, create, it, get }: TransportSuite): void {
  it('sends raw bytes exactly, as application/octet-stream with their length, or as the type given', async () => {
    const received: Buffer[] = [];
    server.handle((req, res) => collect(req, res, received));
    const whole = pattern(300_000, 1);
    const view = whole.subarray(12_345, 12_345 + 200_003);
    await firstValueFrom(create().request(get('/upload', { method: 'POST', body: view })));
    assert.ok(Buffer.concat(received).equals(view), 'the bytes arrived changed');
    assert.equal(server.seen[0]?.headers['content-type'], 'application/octet-stream');
    assert.equal(server.seen[0]?.headers['content-length'], String(view.length));

    received.length = 0;
    await firstValueFrom(create().request(get('/upload', { method: 'POST', body: Uint8Array.of(1, 2, 3), contentType: 'image/png' })));
    assert.deepEqual([...Buffer.concat(received)], [1, 2, 3]);
    assert.equal(server.seen[1]?.headers['content-type'], 'image/png');
  });

  it('streams a Node stream byte-exact, sending its first bytes before it has ended', async () => {
    const received: Buffer[] = [];
    server.handle((req, res) => collect(req, res, received));
    const chunks = Array.from({ length: 20 }, (_, i) => pattern(65_536 + i * 17, i));
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const source = new PassThrough();
    const answer = firstValueFrom(create().request(get('/upload', { method: 'POST', body: source, bodyLength: total })));
    source.write(chunks[0]);
    await until(() => received.length > 0);
    assert.ok(!source.writableEnded, 'the stream was ended before anything was sent');
    for (const chunk of chunks.slice(1)) source.write(chunk);
    source.end();
    assert.equal((await answer).text, 'ok');
    assert.ok(Buffer.concat(received).equals(Buffer.concat(chunks)), 'the streamed bytes arrived changed');
    const headers = server.seen[0]?.headers;
    // A stack that cannot announce the length sends the stream chunked.
    assert.ok(headers?.['content-length'] === String(total) || headers?.['transfer-encoding'] === 'chunked', 'neither a length nor chunked');
  });

  it('hands a status >= 400 back as an answer when the request says throwHttpErrors: false', async () => {
    server.handle((_req, res) => {
      res.writeHead(403, { 'x-error-message': 'file md5 mismatch' });
      res.end('refused');
    });
    const transport = create();
    const text = await firstValueFrom(transport.request(get('/upload', { method: 'POST', body: Uint8Array.of(9), throwHttpErrors: false })));
    assert.equal(text.status, 403);
    assert.equal(text.headers['x-error-message'], 'file md5 mismatch');
    assert.equal(text.text, 'refused');
    const streamed = await firstValueFrom(transport.request(get('/download', { expect: 'stream', throwHttpErrors: false })));
    assert.equal(streamed.status, 403);
    assert.equal(await new Response(streamed.stream).text(), 'refused');
    const error = await rejectionOf(firstValueFrom(transport.request(get('/upload', { method: 'POST', body: Uint8Array.of(9) }))));
    assert.ok(isNetworkError(error) && error.status === 403, 'the default no longer fails a 403');
  });
}
