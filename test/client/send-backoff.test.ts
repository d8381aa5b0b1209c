import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { perTest } from '../support/per-test.js';
import { clientFor, login, startFastSim } from './helpers.js';

const after = perTest();

describe('a 1205 to one send', () => {
  it('holds every send of the client for the back-off, not only the one that got it', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const inner = after.closeAfter(createUndiciTransport(), (t) => t.close());
    const sentAt: number[] = [];
    const transport = {
      request: (req: Parameters<typeof inner.request>[0]) => {
        if (req.endpoint === 'webwxsendmsg') sentAt.push(performance.now());
        return inner.request(req);
      },
    };
    const client = after.closeAfter(
      clientFor(sim, { transport, sendRate: { intervalMs: 20, burst: 1 }, sendRetry: { initialDelay: 600, jitter: false } }),
      (c) => lastValueFrom(c.close(), { defaultValue: undefined }),
    );
    await login(client);
    sim.fault({ endpoint: 'webwxsendmsg', kind: 'retcode', value: 1205 });
    await Promise.all(['a', 'b', 'c'].map((text) => lastValueFrom(client.send('filehelper', text))));
    // The first send was refused; the other two were waiting for their slots 20 and 40 ms later.
    expect(sentAt).toHaveLength(4);
    const [refused, ...rest] = sentAt as [number, ...number[]];
    for (const at of rest) expect(at - refused).toBeGreaterThanOrEqual(550);
    expect(sim.outbox().map((m) => m.content).sort()).toEqual(['a', 'b', 'c']);
  }, 20_000);
});
