import { concatMap, firstValueFrom, lastValueFrom, range } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClosableTransport } from '../../src/http/transport-core.js';
import { useLoopbackServer } from '../../src/testing/contracts/loopback-server.js';

/**
 * A session's calls follow one another (poll after poll, login step after login step); each should find the
 * connection the last one used free again, not open another (with TLS, another handshake and another idle socket).
 */
export function describeConnectionReuse(name: string, create: () => ClosableTransport): void {
  describe(`${name}: keep-alive`, () => {
    const server = useLoopbackServer({ describe, it, beforeEach, afterEach });
    const call = (i: number) => ({ endpoint: 'webwxsync', method: 'GET', url: `${server.base}/${i}` }) as const;
    const connections = (): number => new Set(server.seen.map((req) => req.socket)).size;

    it('sends calls made as soon as the previous answer arrives over one connection', async () => {
      const transport = create();
      await lastValueFrom(range(0, 10).pipe(concatMap((i) => transport.request(call(i)))));
      expect(server.seen).toHaveLength(10);
      expect(connections()).toBe(1);
      await transport.close();
    });

    it('sends awaited calls over one connection', async () => {
      const transport = create();
      for (let i = 0; i < 10; i++) await firstValueFrom(transport.request(call(i)));
      expect(server.seen).toHaveLength(10);
      expect(connections()).toBe(1);
      await transport.close();
    });
  });
}
