import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTransportContract } from '../../src/testing/index.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';

describeTransportContract('createUndiciTransport', createUndiciTransport, { describe, it, beforeEach, afterEach });

describe('createUndiciTransport', () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<unknown>();

  beforeEach(async () => {
    sockets.clear();
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      res.setHeader('x-twice', ['a', 'b']);
      res.end('ok');
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

  const get = (path: string) => ({ endpoint: 'synccheck', method: 'GET', url: `${base}${path}` }) as const;

  it('reuses keep-alive connections and joins repeated headers into one string', async () => {
    const transport = createUndiciTransport();
    const first = await firstValueFrom(transport.request(get('/first')));
    for (let i = 0; i < 10; i++) await firstValueFrom(transport.request(get(`/${i}`)));
    expect(first.headers['x-twice']).toBe('a, b');
    // undici may open a second socket while the first finishes its answer; it never opens one per request.
    expect(sockets.size).toBeLessThanOrEqual(2);
    await transport.close();
  });

  it('closes only its own pool: a dispatcher passed in stays usable', async () => {
    const shared = new Agent();
    const one = createUndiciTransport({ dispatcher: shared });
    const two = createUndiciTransport({ dispatcher: shared });
    await firstValueFrom(one.request(get('/one')));
    await one.close();
    expect((await firstValueFrom(two.request(get('/two')))).text).toBe('ok');
    await shared.close();
  });
});
