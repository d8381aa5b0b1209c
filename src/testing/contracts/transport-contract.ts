/**
 * The behaviour every HTTP transport owes the client (docs/protocol.md §1.5), each test against a real node:http
 * server on 127.0.0.1, port 0. The ky and undici transports run it; so can a transport of your own.
 */
import { strict as assert } from 'node:assert';
import { firstValueFrom } from 'rxjs';
import { WxCookieJar } from '../../http/cookie-jar.js';
import { DEFAULT_USER_AGENT } from '../../http/transport-core.js';
import { delay } from './checks.js';
import { useLoopbackServer } from './loopback-server.js';
import type { ContractRunner } from './runner.js';
import { describeTransportBodies } from './transport-bodies.js';
import { describeTransportEncodings } from './transport-encodings.js';
import { describeTransportFailures } from './transport-failures.js';
import { describeTransportRawBodies } from './transport-raw-bodies.js';
import type { TransportFactory, TransportSuite } from './transport-suite.js';

/**
 * Registers the transport contract for `create`: headers and JSON bodies, exact UTF-8 decoding, cold requests,
 * cookies, a 301 read as it is, typed errors that never show a credential, timeouts, unsubscription that aborts,
 * multipart uploads, raw and streamed uploads, refusals read as answers, streamed bodies, and compressed answers
 * (asked for, or not, as the headers say, and handed back decoded). The multipart tests need `busboy` (an optional peer of wechat-rx).
 *
 * @example
 * ```ts
 * import { afterEach, beforeEach, describe, it } from 'vitest';
 * import { describeTransportContract } from 'wechat-rx/testing';
 *
 * describeTransportContract('myTransport', (options) => createMyTransport(options), { describe, it, beforeEach, afterEach });
 * ```
 */
export function describeTransportContract(name: string, create: TransportFactory, runner: ContractRunner): void {
  runner.describe(`${name}: the transport contract`, () => {
    const server = useLoopbackServer(runner);
    const suite: TransportSuite = {
      server,
      create,
      it: (title, body) => runner.it(title, body),
      get: (path, extra = {}) => ({ endpoint: 'synccheck', method: 'GET', url: `${server.base}${path}`, ...extra }),
    };
    describeRequests(suite);
    describeTransportFailures(suite);
    describeTransportBodies(suite);
    describeTransportRawBodies(suite);
    describeTransportEncodings(suite);
  });
}

/** What is sent and what comes back: headers, bodies, laziness, cookies, redirects. */
function describeRequests({ server, create, it, get }: TransportSuite): void {
  it('sends the browser headers and a JSON body as application/json;charset=UTF-8', async () => {
    let body = '';
    server.handle((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => res.end('{"BaseResponse":{"Ret":0}}'));
    });
    const res = await firstValueFrom(
      create().request({
        endpoint: 'webwxinit',
        method: 'POST',
        url: `${server.base}/init`,
        json: { BaseRequest: { Uin: 2450346660 } },
        headers: { referer: 'https://wx.qq.com/' },
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.text, '{"BaseResponse":{"Ret":0}}');
    const req = server.seen[0];
    assert.ok(req !== undefined, 'the server saw no request');
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json;charset=UTF-8');
    assert.equal(req.headers['user-agent'], DEFAULT_USER_AGENT);
    assert.equal(req.headers['referer'], 'https://wx.qq.com/');
    assert.equal(req.headers['connection'], 'keep-alive');
    assert.deepEqual(JSON.parse(body), { BaseRequest: { Uin: 2450346660 } });
  });

  it('decodes a big UTF-8 body exactly, characters split across chunks, with or without a declared length', async () => {
    const text = JSON.stringify({ MemberList: Array.from({ length: 6000 }, (_, i) => ({ UserName: `@${i}`, NickName: `文件传输助手😂 ${i}` })) });
    const bytes = Buffer.from(text);
    assert.ok(bytes.length > 300 * 1024);
    for (const declared of [true, false]) {
      server.handle((_req, res) => {
        if (declared) res.setHeader('content-length', bytes.length);
        // 1,001-byte writes cut three- and four-byte characters in two.
        for (let at = 0; at < bytes.length; at += 1001) res.write(bytes.subarray(at, at + 1001));
        res.end();
      });
      const res = await firstValueFrom(create().request({ endpoint: 'webwxgetcontact', method: 'POST', url: `${server.base}/contacts`, json: {} }));
      assert.ok(res.text === text, `the body ${declared ? 'with' : 'without'} content-length differs from what was sent`);
    }
  });

  it('is cold: nothing is sent until subscription, and each subscription sends once', async () => {
    const request$ = create().request(get('/cold'));
    await delay(30);
    assert.equal(server.seen.length, 0);
    await firstValueFrom(request$);
    await firstValueFrom(request$);
    assert.equal(server.seen.length, 2);
  });

  it('sends cookies set by one response on the next request, and exposes set-cookie as an array', async () => {
    server.handle((req, res) => {
      if (req.url === '/login') res.setHeader('set-cookie', ['wxuin=2450346660; Path=/', 'webwx_data_ticket=T+/=; Domain=.qq.com; Path=/']);
      res.end('ok');
    });
    const jar = new WxCookieJar();
    let changes = 0;
    jar.changes$.subscribe(() => changes++);
    const transport = create({ jar, userAgent: 'TestAgent/1.0' });
    const first = await firstValueFrom(transport.request(get('/login')));
    assert.deepEqual(first.headers['set-cookie'], ['wxuin=2450346660; Path=/', 'webwx_data_ticket=T+/=; Domain=.qq.com; Path=/']);
    assert.equal(server.seen[0]?.headers.cookie, undefined);
    await firstValueFrom(transport.request(get('/cgi-bin/mmwebwx-bin/synccheck')));
    assert.equal(server.seen[1]?.headers.cookie, 'wxuin=2450346660; webwx_data_ticket=T+/=');
    assert.equal(server.seen[1]?.headers['user-agent'], 'TestAgent/1.0');
    assert.equal(transport.jar, jar);
    assert.equal(changes, 1);
  });

  it('reads the body and cookies of a 301 without following it', async () => {
    const xml = '<error><ret>0</ret><message></message><skey>@crypt_1_2</skey></error>';
    server.handle((req, res) => {
      if (req.url?.startsWith('/cgi-bin/mmwebwx-bin/webwxnewloginpage') === true) {
        res.writeHead(301, { location: `${server.base}/followed`, 'set-cookie': ['wxsid=S; Path=/', 'wxuin=1; Path=/'] });
        res.end(xml);
      } else res.end('followed');
    });
    const transport = create();
    const res = await firstValueFrom(transport.request(get('/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t', { endpoint: 'webwxnewloginpage' })));
    assert.equal(res.status, 301);
    assert.equal(res.text, xml);
    assert.equal(res.headers['location'], `${server.base}/followed`);
    assert.equal(transport.jar.cookieHeader(`${server.base}/`), 'wxsid=S; wxuin=1');
    await delay(30);
    assert.equal(server.seen.length, 1);
  });
}
