import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors/invalid-argument-error.js';
import { OriginNotAllowedError } from '../../src/errors/origin-not-allowed-error.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { textResponse } from '../../src/testing/fake-transport.js';
import { connectIlink } from '../../src/ilink/client/client.js';
import { Hosts } from '../../src/ilink/client/hosts.js';
import { ilinkLogger } from '../../src/ilink/client/log.js';
import type { Logger } from '../../src/logging/logger.js';

const TENCENT = "Tencent's iLink hosts (https, qq.com and wechat.com)";
const ok = { request: () => of(textResponse('{}')) };
const send = (hosts: Hosts, url: string) => firstValueFrom(hosts.guard(ok).request({ endpoint: 'cdn/upload', method: 'POST', url }));

describe('Hosts', () => {
  it('without a server: the default hosts, Tencent https URLs only', async () => {
    const hosts = new Hosts(undefined);
    expect([hosts.loginBase, hosts.cdnBase, hosts.pinned]).toEqual(['https://ilinkai.weixin.qq.com', 'https://novac2c.cdn.weixin.qq.com/c2c', undefined]);
    expect(hosts.apiBase('https://ilinkai.wechat.com', 'x')).toBe('https://ilinkai.wechat.com/');
    expect(hosts.apiBase('', 'x')).toBe('https://ilinkai.weixin.qq.com');
    expect(() => hosts.apiBase('https://evil.example', 'get_qrcode_status')).toThrow(new OriginNotAllowedError('get_qrcode_status', 'https://evil.example', TENCENT));
    expect(() => hosts.apiBase('http://ilinkai.weixin.qq.com', 'x')).toThrow(OriginNotAllowedError);
    await expect(send(hosts, 'https://novac2c.cdn.weixin.qq.com/c2c/upload?x=1')).resolves.toMatchObject({ status: 200 });
    await expect(send(hosts, 'https://cdn.evil.example/upload?encrypted_query_param=SECRET')).rejects.toThrow(new OriginNotAllowedError('cdn/upload', 'https://cdn.evil.example', TENCENT));
  });

  it('with a server: everything on its origin, whatever the server names; full URLs elsewhere refused unsent', async () => {
    const hosts = new Hosts('http://127.0.0.1:8080/prefix/');
    expect([hosts.loginBase, hosts.cdnBase, hosts.pinned]).toEqual(['http://127.0.0.1:8080/prefix/', 'http://127.0.0.1:8080/prefix/c2c', 'http://127.0.0.1:8080']);
    expect(hosts.apiBase('https://ilinkai.weixin.qq.com', 'x')).toBe('http://127.0.0.1:8080/prefix/');
    await expect(send(hosts, 'http://127.0.0.1:8080/c2c/upload')).resolves.toMatchObject({ status: 200 });
    for (const url of ['https://novac2c.cdn.weixin.qq.com/c2c/upload', 'http://127.0.0.1:8081/c2c/upload', 'http://127.0.0.1:8080.evil.example/x']) {
      await expect(send(hosts, url), url).rejects.toThrow(OriginNotAllowedError);
    }
  });

  it('a saved session made against another server pins a client without one to it', () => {
    const hosts = new Hosts(undefined);
    hosts.adopt('http://127.0.0.1:9000');
    expect(hosts.pinned).toBe('http://127.0.0.1:9000');
    const tencent = new Hosts(undefined);
    tencent.adopt('https://ilinkai.wechat.com');
    expect(tencent.pinned).toBeUndefined();
    expect(() => new Hosts(undefined).adopt('not a url')).toThrow(SessionStoreError);
  });
});

describe('connectIlink options', () => {
  it('refuses a bad server, bot agent or client version at once', () => {
    expect(() => connectIlink({ server: 'localhost:8080' })).toThrow(InvalidArgumentError);
    expect(() => connectIlink({ server: 'ftp://x' })).toThrow(/must be http or https/);
    expect(() => connectIlink({ botAgent: 'My Bot' })).toThrow(/botAgent/);
    expect(() => connectIlink({ clientVersion: '2.4' })).toThrow(/clientVersion/);
    expect(() => connectIlink({ server: undefined, botAgent: 'MyBot/1.0 (hi)', clientVersion: '2.4.9' })).not.toThrow();
  });

  it('sends nothing until login$ is subscribed; operations before login are NotOnlineError', async () => {
    const requests: string[] = [];
    const client = connectIlink({ transport: { request: (req) => (requests.push(req.endpoint), of(textResponse('{}'))) } });
    await expect(firstValueFrom(client.send('u@im.wechat', 'hi'))).rejects.toThrow(/needs an online client/);
    await expect(firstValueFrom(client.typing('u@im.wechat', true))).rejects.toThrow(/needs an online client/);
    expect(requests).toEqual([]);
  });
});

describe('the client logger', () => {
  it('masks iLink credentials by field name and in text', () => {
    const lines: unknown[] = [];
    const keep = (fields: object | string, message?: string) => lines.push([fields, message]);
    const logger: Logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
    const log = ilinkLogger(logger);
    log.warn({ contextToken: 'CTX-SECRET', nested: { typing_ticket: 'TICKET-SECRET', body: '{"bot_token":"BOT-SECRET"}' } }, 'Authorization: Bearer BEARER-SECRET');
    log.info('{"aes_key":"KEY-SECRET"}');
    expect(JSON.stringify(lines)).not.toMatch(/SECRET/);
  });
});
