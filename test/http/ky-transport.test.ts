import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTransportContract } from '../../src/testing/index.js';
import { createKyTransport } from '../../src/http/ky-transport.js';
import { describeConnectionReuse } from './connection-reuse.js';

describeTransportContract('createKyTransport', createKyTransport, { describe, it, beforeEach, afterEach });
describeConnectionReuse('createKyTransport', () => createKyTransport());
// With a fetch of the caller's own every request, uploads included, goes through it rather than straight to undici.
describeTransportContract('createKyTransport over an injected fetch', (options) => createKyTransport({ ...options, fetch: globalThis.fetch }), {
  describe,
  it,
  beforeEach,
  afterEach,
});

describe('createKyTransport', () => {
  it('uses the injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(input instanceof Request ? input.method : String(input));
      return new Response('window.code=408;', { status: 200 });
    };
    const res = await firstValueFrom(
      createKyTransport({ fetch: fakeFetch }).request({ endpoint: 'login', method: 'GET', url: 'http://127.0.0.1:9/login' }),
    );
    expect(res.text).toBe('window.code=408;');
    expect(calls).toEqual(['GET']);
  });
});
