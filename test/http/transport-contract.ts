import busboy from 'busboy';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { firstValueFrom, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNetworkError, isTimeoutError } from '../../src/errors/guards.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { WxCookieJar } from '../../src/web/http/cookie-jar.js';
import { DEFAULT_USER_AGENT, type ClosableTransport, type HttpTransportOptions } from '../../src/web/http/transport-core.js';
import { defaultHosts } from '../../src/web/protocol/hosts.js';
import type { WxRequest } from '../../src/web/protocol/request.js';
import { uploadMediaRequests } from '../../src/web/protocol/requests.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const SKEY = '@crypt_0badc0de_feedfacefeedfacefeedfacefeedface';
const SID = 'SeCrEtSiD+/0123';
const PASS_TICKET = 'PaSsTiCkEt%2Bxyz';

/** A URL that carries every credential, to prove none of them leaks into an error. */
const secretPath = `/cgi-bin/mmwebwx-bin/synccheck?skey=${encodeURIComponent(SKEY)}&sid=${encodeURIComponent(SID)}&pass_ticket=${PASS_TICKET}`;

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectNoCredentials(error: unknown): void {
  const shown = inspect(error, { depth: 6 });
  for (const secret of [SKEY, SID, encodeURIComponent(SID), PASS_TICKET, 'feedface', 'SeCrEt', 'PaSsTiCkEt']) {
    expect(shown).not.toContain(secret);
  }
}

/** Resolves when `condition` holds, polling a bounded number of times. */
async function until(condition: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met in time');
}

/**
 * The behaviour every HTTP adapter owes the client (PROTOCOL.md §1.5, STYLE.md 3.2), each against a real node:http
 * server on 127.0.0.1:0. Adapter files call this with their factory and add what is theirs alone.
 */
export function describeTransportContract(name: string, create: (options?: HttpTransportOptions) => ClosableTransport): void {
  describe(`${name}: the transport contract`, () => {
    let server: http.Server;
    let base: string;
    let handler: Handler;
    let seen: http.IncomingMessage[];

    beforeEach(async () => {
      seen = [];
      handler = (_req, res) => res.end('ok');
      server = http.createServer((req, res) => {
        seen.push(req);
        handler(req, res);
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterEach(async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    });

    const get = (path: string, extra: Partial<WxRequest> = {}): WxRequest => ({
      endpoint: 'synccheck',
      method: 'GET',
      url: `${base}${path}`,
      ...extra,
    });


    it('sends the browser headers and a JSON body as application/json;charset=UTF-8', async () => {
      let body = '';
      handler = (req, res) => {
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (body += chunk));
        req.on('end', () => res.end('{"BaseResponse":{"Ret":0}}'));
      };
      const transport = create();
      const res = await firstValueFrom(
        transport.request({ endpoint: 'webwxinit', method: 'POST', url: `${base}/init`, json: { BaseRequest: { Uin: 2450346660 } }, headers: { referer: 'https://wx.qq.com/' } }),
      );
      expect(res).toMatchObject({ status: 200, text: '{"BaseResponse":{"Ret":0}}' });
      const req = seen[0];
      expect(req?.method).toBe('POST');
      expect(req?.headers['content-type']).toBe('application/json;charset=UTF-8');
      expect(req?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
      expect(req?.headers['referer']).toBe('https://wx.qq.com/');
      expect(req?.headers['connection']).toBe('keep-alive');
      expect(JSON.parse(body)).toEqual({ BaseRequest: { Uin: 2450346660 } });
    });

    it('decodes a big UTF-8 body exactly, characters split across chunks, with or without a declared length', async () => {
      const text = JSON.stringify({ MemberList: Array.from({ length: 6000 }, (_, i) => ({ UserName: `@${i}`, NickName: `文件传输助手😂 ${i}` })) });
      const bytes = Buffer.from(text);
      expect(bytes.length).toBeGreaterThan(300 * 1024);
      for (const declared of [true, false]) {
        handler = (_req, res) => {
          if (declared) res.setHeader('content-length', bytes.length);
          // 1,001-byte writes cut three- and four-byte characters in two.
          for (let at = 0; at < bytes.length; at += 1001) res.write(bytes.subarray(at, at + 1001));
          res.end();
        };
        const res = await firstValueFrom(create().request({ endpoint: 'webwxgetcontact', method: 'POST', url: `${base}/contacts`, json: {} }));
        expect(res.text === text).toBe(true);
      }
    });

    it('is cold: nothing is sent until subscription, and each subscription sends once', async () => {
      const transport = create();
      const request$ = transport.request(get('/cold'));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(seen).toHaveLength(0);
      await firstValueFrom(request$);
      await firstValueFrom(request$);
      expect(seen).toHaveLength(2);
    });

    it('sends cookies set by one response on the next request, and exposes set-cookie as an array', async () => {
      handler = (req, res) => {
        if (req.url === '/login') {
          res.setHeader('set-cookie', ['wxuin=2450346660; Path=/', 'webwx_data_ticket=T+/=; Domain=.qq.com; Path=/']);
        }
        res.end('ok');
      };
      const jar = new WxCookieJar();
      let changes = 0;
      jar.changes$.subscribe(() => changes++);
      const transport = create({ jar, userAgent: 'TestAgent/1.0' });
      const first = await firstValueFrom(transport.request(get('/login')));
      expect(first.headers['set-cookie']).toEqual(['wxuin=2450346660; Path=/', 'webwx_data_ticket=T+/=; Domain=.qq.com; Path=/']);
      expect(seen[0]?.headers.cookie).toBeUndefined();
      await firstValueFrom(transport.request(get('/cgi-bin/mmwebwx-bin/synccheck')));
      expect(seen[1]?.headers.cookie).toBe('wxuin=2450346660; webwx_data_ticket=T+/=');
      expect(seen[1]?.headers['user-agent']).toBe('TestAgent/1.0');
      expect(transport.jar).toBe(jar);
      expect(changes).toBe(1);
    });

    it('reads the body and cookies of a 301 without following it', async () => {
      const xml = '<error><ret>0</ret><message></message><skey>@crypt_1_2</skey></error>';
      handler = (req, res) => {
        if (req.url?.startsWith('/cgi-bin/mmwebwx-bin/webwxnewloginpage')) {
          res.writeHead(301, { location: `${base}/followed`, 'set-cookie': ['wxsid=S; Path=/', 'wxuin=1; Path=/'] });
          res.end(xml);
        } else res.end('followed');
      };
      const transport = create();
      const res = await firstValueFrom(
        transport.request(get('/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t', { endpoint: 'webwxnewloginpage' })),
      );
      expect(res.status).toBe(301);
      expect(res.text).toBe(xml);
      expect(res.headers['location']).toBe(`${base}/followed`);
      expect(transport.jar.cookieHeader(`${base}/`)).toBe('wxsid=S; wxuin=1');
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(seen).toHaveLength(1);
    });

    it('turns a 5xx into NetworkError with the status, still storing its cookies', async () => {
      handler = (_req, res) => {
        res.writeHead(503, { 'set-cookie': 'late=1; Path=/' });
        res.end('busy');
      };
      const transport = create();
      const error = await errorOf(firstValueFrom(transport.request(get(secretPath))));
      expect(error).toBeInstanceOf(NetworkError);
      expect(isNetworkError(error)).toBe(true);
      expect(error).toMatchObject({ endpoint: 'synccheck', status: 503 });
      expect((error as Error).message).toBe('synccheck request failed: HTTP 503');
      expect(transport.jar.get('late', `${base}/`)).toBe('1');
      expectNoCredentials(error);
    });

    it('turns a reset connection into NetworkError without a status', async () => {
      handler = (req) => req.socket.destroy();
      const error = await errorOf(firstValueFrom(create().request(get(secretPath))));
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).status).toBeUndefined();
      expect((error as Error).cause).toBeInstanceOf(Error);
      expectNoCredentials(error);
    });

    it('turns a refused connection into NetworkError naming the code', async () => {
      const closed = http.createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const port = (closed.address() as AddressInfo).port;
      closed.close();
      await once(closed, 'close');
      const error = await errorOf(
        firstValueFrom(create().request({ endpoint: 'webwxsync', method: 'GET', url: `http://127.0.0.1:${port}${secretPath}` })),
      );
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toBe('webwxsync request failed: ECONNREFUSED');
      expectNoCredentials(error);
    });

    it('keeps an invalid URL (and the credentials in it) out of the error and its cause', async () => {
      const url = `http//127.0.0.1${secretPath}`;
      const error = await errorOf(firstValueFrom(create().request({ endpoint: 'synccheck', method: 'GET', url })));
      expect(error).toBeInstanceOf(NetworkError);
      expect(inspect(error, { depth: 6 })).not.toContain('http//127');
      expectNoCredentials(error);
    });

    it('fails a slow answer with TimeoutError after timeoutMs and closes the socket', async () => {
      let closed = false;
      handler = (_req, res) => res.on('close', () => (closed = true));
      const started = performance.now();
      const error = await errorOf(firstValueFrom(create().request(get(secretPath, { timeoutMs: 150 }))));
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(isTimeoutError(error)).toBe(true);
      expect(error).toMatchObject({ endpoint: 'synccheck', ms: 150 });
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(5_000);
      expectNoCredentials(error);
      await until(() => closed);
    });

    it('aborts the in-flight request when unsubscribed: the server sees the socket close', async () => {
      let closed = false;
      handler = (_req, res) => res.on('close', () => (closed = true));
      let outcome = 'none';
      const subscription: Subscription = create()
        .request(get('/hold'))
        .subscribe({ next: () => (outcome = 'next'), error: () => (outcome = 'error'), complete: () => (outcome = 'complete') });
      await until(() => seen.length === 1);
      expect(closed).toBe(false);
      subscription.unsubscribe();
      await until(() => closed);
      expect(outcome).toBe('none');
    });

    it('sends multipart fields in the given order, as the server parses them', async () => {
      const received: Array<[string, unknown]> = [];
      handler = (req, res) => {
        const parser = busboy({ headers: req.headers });
        parser.on('field', (name, value) => received.push([name, value]));
        parser.on('file', (name, stream, info) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () =>
            received.push([name, { filename: info.filename, mimeType: info.mimeType, bytes: Buffer.concat(chunks).toString('hex') }]),
          );
        });
        parser.on('close', () => res.end('{}'));
        req.pipe(parser);
      };
      const session = {
        hosts: defaultHosts(base),
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
      expect(upload).toBeDefined();
      await firstValueFrom(create().request(upload as WxRequest));
      expect(seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(received.map(([name]) => name)).toEqual([
        'id',
        'name',
        'type',
        'lastModifiedDate',
        'size',
        'mediatype',
        'uploadmediarequest',
        'webwx_data_ticket',
        'pass_ticket',
        'filename',
      ]);
      expect(received[1]).toEqual(['name', encodeURIComponent('照片.png')]);
      expect(received[7]).toEqual(['webwx_data_ticket', 'T+/=']);
      expect(received[8]).toEqual(['pass_ticket', 'p%2B']);
      expect(received[9]).toEqual([
        'filename',
        { filename: encodeURIComponent('照片.png'), mimeType: 'application/octet-stream', bytes: '89504e47' },
      ]);
    });

    it('sends a file that is a view into a larger buffer exactly, with a content-length and no chunked encoding', async () => {
      const files: Buffer[] = [];
      handler = (req, res) => {
        const parser = busboy({ headers: req.headers });
        parser.on('file', (_name, stream) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => files.push(Buffer.concat(chunks)));
        });
        parser.on('close', () => res.end('{}'));
        req.pipe(parser);
      };
      const whole = Buffer.alloc(700_000);
      for (let i = 0; i < whole.length; i++) whole[i] = (i * 31 + 5) & 0xff;
      const view = whole.subarray(100_001, 100_001 + 524_288);
      await firstValueFrom(
        create().request({
          endpoint: 'webwxuploadmedia',
          method: 'POST',
          url: `${base}/upload`,
          form: [
            ['chunk', '3'],
            ['filename', { data: view, fileName: 'a.bin', contentType: 'application/octet-stream' }],
          ],
        }),
      );
      expect(files).toHaveLength(1);
      expect(files[0]?.equals(view)).toBe(true);
      expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
      expect(Number(seen[0]?.headers['content-length'])).toBeGreaterThan(view.length);
    });

    it('hands a streamed body over before the server has finished sending it', async () => {
      let finish: (() => void) | undefined;
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(Buffer.from([1, 2, 3]));
        finish = () => res.end(Buffer.from([4, 5]));
      };
      const res = await firstValueFrom(create().request(get('/img', { expect: 'stream', timeoutMs: 2_000 })));
      expect(res.text).toBe('');
      expect(finish).toBeDefined();
      const reader = (res.stream as ReadableStream<Uint8Array>).getReader();
      const head = await reader.read();
      expect([...(head.value ?? [])]).toEqual([1, 2, 3]);
      finish?.();
      const bytes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes.push(...value);
      }
      expect(bytes).toEqual([4, 5]);
    });

    it('aborts the download when the subscriber cancels a streamed body', async () => {
      let closed = false;
      handler = (_req, res) => {
        res.on('close', () => (closed = true));
        res.writeHead(200, { 'content-type': 'video/mp4' });
        res.write(Buffer.alloc(1024));
      };
      const res = await firstValueFrom(create().request(get('/video', { expect: 'stream', timeoutMs: 2_000 })));
      const reader = (res.stream as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).value?.byteLength).toBeGreaterThan(0);
      await reader.cancel();
      await until(() => closed);
    });

    it('does not let the timeout cut a stream that was already handed over', async () => {
      handler = (_req, res) => {
        res.write('a');
        setTimeout(() => res.end('b'), 150);
      };
      const res = await firstValueFrom(create().request(get('/slow-body', { expect: 'stream', timeoutMs: 50 })));
      const text = await new Response(res.stream).text();
      expect(text).toBe('ab');
    });
  });
}
