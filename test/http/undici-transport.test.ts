import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTransportContract } from '../../src/testing/index.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { describeConnectionReuse } from './connection-reuse.js';

describeTransportContract('createUndiciTransport', createUndiciTransport, { describe, it, beforeEach, afterEach });
describeConnectionReuse('createUndiciTransport', () => createUndiciTransport());

describe('createUndiciTransport', () => {
  let server: http.Server;
  let base: string;

  beforeEach(async () => {
    server = http.createServer((_req, res) => {
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

  it('joins repeated headers into one string', async () => {
    const transport = createUndiciTransport();
    const answer = await firstValueFrom(transport.request(get('/first')));
    expect(answer.headers['x-twice']).toBe('a, b');
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
