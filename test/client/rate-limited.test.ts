import { filter, firstValueFrom, lastValueFrom, tap, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import type { WxEvent } from '../../src/model/events.js';
import { WxCookieJar } from '../../src/http/cookie-jar.js';
import type { Transport } from '../../src/http/transport.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { clientFor, login, startFastSim, textOf } from './helpers.js';

const after = perTest();

/** A transport that notes when each answer of `endpoint` arrived and when each request of it left. */
function timed(endpoint: string) {
  const inner = createUndiciTransport({ jar: new WxCookieJar() });
  after.closeAfter(inner, (t) => t.close());
  const sentAt: number[] = [];
  const answeredAt: number[] = [];
  const transport: Transport = {
    request: (req) => {
      if (req.endpoint === endpoint) sentAt.push(performance.now());
      return inner.request(req).pipe(tap(() => req.endpoint === endpoint && answeredAt.push(performance.now())));
    },
  };
  return { transport, sentAt, answeredAt };
}

const rateLimited = (e: WxEvent): e is Extract<WxEvent, { type: 'rate-limited' }> => e.type === 'rate-limited';

describe('1205 is respected', () => {
  it('the receive loop waits at least its floor before trying again, and shows the wait on events$', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const { transport, sentAt, answeredAt } = timed('webwxsync');
    const client = clientFor(sim, { transport, loopRetry: { rateLimited: { initialDelay: 400, maxDelay: 2000 } } });
    const notice = firstValueFrom(client.events$.pipe(filter(rateLimited), timeout(5000)));
    await login(client);
    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: 1205, times: 1 });
    const friend = sim.world().friends()[0]!;
    const delivered = firstValueFrom(client.messages$.pipe(filter((m) => textOf(m) === 'after the wait'), timeout(5000)));
    const refusedIndex = sentAt.length;
    sim.inject({ from: friend.id, text: 'after the wait' });
    const event = await notice;
    expect(event).toMatchObject({ endpoint: 'webwxsync', delayMs: 400 });
    expect(event.until).toBeGreaterThan(Date.now() - 1000);
    await delivered;
    const refusedAnswer = answeredAt[refusedIndex]!;
    expect(sentAt[refusedIndex + 1]! - refusedAnswer).toBeGreaterThanOrEqual(395);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a send answered 1205 is retried no earlier than its floor, and the wait shows on events$', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const { transport, sentAt, answeredAt } = timed('webwxsendmsg');
    const client = clientFor(sim, { transport, sendRetry: { initialDelay: 300, maxDelay: 1000 } });
    const events: WxEvent[] = [];
    after.subscriptions.add(client.events$.pipe(filter(rateLimited)).subscribe((e) => events.push(e)));
    await login(client);
    sim.fault({ endpoint: 'webwxsendmsg', kind: 'retcode', value: 1205, times: 1 });
    await lastValueFrom(client.send('filehelper', 'eventually'));
    expect(sentAt.length).toBe(2);
    expect(sentAt[1]! - answeredAt[0]!).toBeGreaterThanOrEqual(295);
    expect(events).toMatchObject([{ type: 'rate-limited', endpoint: 'webwxsendmsg', delayMs: 300 }]);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });
});
