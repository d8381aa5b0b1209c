/**
 * The transport contract's compressed answers: the server gzips what it can for clients that accept it (the real one
 * does), so a transport must ask for it, or not, as told, and hand every body back decoded.
 */
import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { firstValueFrom } from 'rxjs';
import { NetworkError } from '../../errors/network-error.js';
import { rejectionOf } from './checks.js';
import type { TransportSuite } from './transport-suite.js';

const CODINGS: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  gzip: (bytes) => gzipSync(bytes),
  deflate: (bytes) => deflateSync(bytes),
  // Raw deflate under the name `deflate`, as some servers send it.
  'raw deflate': (bytes) => deflateRawSync(bytes),
};

/** Answers `text`, compressed with `coding` when the request accepts it (by the coding's HTTP name). */
function compressing(text: string, coding: string): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const name = coding === 'raw deflate' ? 'deflate' : coding;
  return (req, res) => {
    const plain = Buffer.from(text);
    if (!new RegExp(`\\b${name}\\b`).test(req.headers['accept-encoding'] ?? '')) {
      res.end(plain);
      return;
    }
    const body = CODINGS[coding]?.(plain) ?? plain;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': name, 'content-length': String(body.length) });
    res.end(body);
  };
}

/** A body of `entries` contact-like records, multi-byte characters included. */
const contacts = (entries: number): string =>
  JSON.stringify({ MemberList: Array.from({ length: entries }, (_, i) => ({ UserName: `@${i}`, NickName: `文件传输助手😂 ${i}` })) });

/**
 * Records that compress badly (pseudo-random hex): a compressed body of several hundred KiB that arrives in many
 * chunks, with multi-byte characters on chunk boundaries, and an inflated one big enough for ky's fetch to hand it
 * over as a stream.
 */
function noisyContacts(entries: number): string {
  let seed = 7;
  const hex = (): string => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed.toString(16).padStart(8, '0');
  };
  return JSON.stringify({ MemberList: Array.from({ length: entries }, (_, i) => ({ UserName: `@${hex()}${hex()}${hex()}`, NickName: `群友${i}😂${hex()}` })) });
}

export function describeTransportEncodings({ server, create, it, get }: TransportSuite): void {
  it('asks for gzip and deflate on answers it reads whole and hands them back decoded, exactly', async () => {
    const transport = create();
    for (const coding of Object.keys(CODINGS)) {
      for (const text of [contacts(3), contacts(8000), noisyContacts(20_000)]) {
        server.handle(compressing(text, coding));
        const res = await firstValueFrom(transport.request(get('/sync')));
        assert.equal(res.text, text, `a ${coding} answer of ${text.length} characters`);
      }
    }
    assert.ok(server.seen.length > 0);
    for (const req of server.seen) assert.match(req.headers['accept-encoding'] ?? '', /\bgzip\b.*\bdeflate\b|\bdeflate\b.*\bgzip\b/);
  });

  it('asks for uncompressed answers when its headers say accept-encoding: identity', async () => {
    const text = contacts(3);
    server.handle(compressing(text, 'gzip'));
    const res = await firstValueFrom(create({ headers: { 'accept-encoding': 'identity' } }).request(get('/sync')));
    assert.equal(res.text, text);
    assert.equal(server.seen[0]?.headers['accept-encoding'], 'identity');
  });

  it('hands a streamed body over decoded', async () => {
    const text = contacts(2000);
    server.handle(compressing(text, 'gzip'));
    const res = await firstValueFrom(create().request(get('/media', { expect: 'stream' })));
    assert.ok(res.stream !== undefined, 'no stream');
    assert.equal(await new Response(res.stream).text(), text);
  });

  it('fails a corrupt compressed answer with NetworkError, small or big', async () => {
    const big = gzipSync(noisyContacts(20_000));
    // The gzip header survives and the data right after it is damaged, so every transport fails before any text.
    big.fill(0x55, 64, 64 + 4096);
    for (const body of [Buffer.from('this is not gzip at all'), big]) {
      server.handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(body);
      });
      const error = await rejectionOf(firstValueFrom(create().request(get('/sync'))));
      assert.ok(error instanceof NetworkError, `got ${String(error)} for a body of ${body.length} bytes`);
      assert.equal(error.status, undefined);
    }
  });
}
