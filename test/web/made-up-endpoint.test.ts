/**
 * A worked example of adding a server call. It takes three places, as here for a made-up `webwxgetweather`:
 *
 * 1. its descriptor: name, timeout, request builder and answer codec (a real one goes into the concern's file in
 *    src/web/protocol/endpoints/, which also makes its name part of `WebEndpoint`);
 * 2. the method that exposes it, one `invoke` away (a real one goes into an operations factory of the client);
 * 3. the simulator's handler, registered by name like the built-in ones.
 *
 * Nothing else learns of it, yet the call gets what every call gets: the session's credentials in the request, the
 * answer decoded and checked (a refusal is a typed error naming the endpoint), and 1205 backed off.
 */
import { filter, firstValueFrom, map, switchMap, timeout } from 'rxjs';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { isRetcodeError } from '../../src/errors/guards.js';
import { LooseString, NumberLike, shape } from '../../src/model/raw/primitives.js';
import type { RetryNotice } from '../../src/retry/retry-on-retcode.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { baseResponse, retcodeReply } from '../../src/testing/simulator/bodies.js';
import { isReply, jsonCall, text } from '../../src/testing/simulator/endpoints/common.js';
import { json } from '../../src/testing/simulator/http.js';
import type { EndpointHandler } from '../../src/testing/simulator/server.js';
import { createInvoke, type Invoke } from '../../src/web/client/invoke.js';
import { exchangeTicket$, qrLogin$ } from '../../src/web/client/login-flow.js';
import { unlimited } from '../../src/web/client/rate-limiter.js';
import { initSession$, sessionContext, type SessionDeps } from '../../src/web/client/session-init.js';
import { WxCookieJar } from '../../src/http/cookie-jar.js';
import { createKyTransport } from '../../src/http/ky-transport.js';
import { BaseResponse } from '../../src/web/protocol/codecs/common.js';
import type { SessionContext } from '../../src/web/protocol/endpoints/context.js';
import { API_MS, jsonEndpoint } from '../../src/web/protocol/endpoints/descriptor.js';
import type { WebEndpoint } from '../../src/web/protocol/endpoints/index.js';
import { api, passTicket, postJson } from '../../src/web/protocol/endpoints/url.js';
import { defaultHosts } from '../../src/web/protocol/hosts.js';

// 1. The descriptor.
const WeatherResponse = shape({ BaseResponse, City: LooseString, Celsius: NumberLike }, {}, 'WeatherResponse');
const webwxgetweather = jsonEndpoint({
  name: 'webwxgetweather',
  timeoutMs: API_MS,
  build: (s: SessionContext, city: string) => postJson(s, api(s.hosts.main, 'webwxgetweather', [['pass_ticket', passTicket(s)]]), { City: city }),
  answer: WeatherResponse,
});

// 2. The method that exposes it.
const weatherOperations = (ctx: { readonly invoke: Invoke }) => ({
  celsiusIn: (city: string) => ctx.invoke(webwxgetweather, () => city).pipe(map((answer) => answer.Celsius)),
});

// 3. The simulator's handler.
const weather: EndpointHandler = async (sim, ctx) => {
  const call = await jsonCall(sim, ctx, 'webwxgetweather');
  if (isReply(call)) return call;
  const city = text(call.body['City']);
  return city === '' ? retcodeReply('webwxgetweather', 1) : json({ BaseResponse: baseResponse(0), City: city, Celsius: 21 });
};

let sim: Simulator | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await sim?.close();
  sim = undefined;
});

/** A session logged in through the client's own login steps, and the operations of (2) on it. */
async function loggedIn(server: Simulator) {
  const http = createKyTransport({ jar: new WxCookieJar() });
  closers.push(() => http.close());
  const env = { now: () => Date.now(), random: () => Math.random() };
  const loginDeps = { transport: http, env, hosts: defaultHosts(server.origin), server: server.origin, desktop: {}, timeouts: undefined, maxQrRefresh: 0 };
  const sessionDeps: SessionDeps = { transport: http, env, timeouts: undefined, dedupeCapacity: 100 };
  const state = await firstValueFrom(
    qrLogin$(loginDeps).pipe(
      filter((step) => step.type === 'redirect'),
      switchMap((step) => exchangeTicket$(loginDeps, step.redirectUri)),
      switchMap((ticket) => initSession$(sessionDeps, ticket)),
      timeout(10_000),
    ),
  );
  const notices: RetryNotice[] = [];
  const invoke = createInvoke({
    online: () => state,
    transport: () => http,
    sessionContext: (session) => sessionContext(sessionDeps, session),
    limit: unlimited,
    policy: { rateLimited: { initialDelay: 10, jitter: false }, transient: { count: 0 }, onRetry: (notice) => notices.push(notice) },
  });
  return { operations: weatherOperations({ invoke }), notices };
}

describe('a made-up endpoint, added in three places', () => {
  it('is no name the Web client knows: no list, table or registry was touched', () => {
    expectTypeOf<'webwxgetweather'>().not.toMatchTypeOf<WebEndpoint>();
    expectTypeOf<'webwxsendmsg'>().toMatchTypeOf<WebEndpoint>();
  });

  it('is called through invoke with the session, decoded, checked and backed off on 1205 like any other', async () => {
    sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300, extraEndpoints: { webwxgetweather: weather } });
    const { operations, notices } = await loggedIn(sim);

    expect(await firstValueFrom(operations.celsiusIn('Shenzhen'))).toBe(21);
    expect(sim.stats().requests['webwxgetweather']).toBe(1);

    sim.fault({ endpoint: 'webwxgetweather', kind: 'retcode', value: 1205, times: 1 });
    expect(await firstValueFrom(operations.celsiusIn('Shenzhen'))).toBe(21);
    expect(notices.map((n) => [n.outcome, n.delayMs])).toEqual([['rate-limited', 10]]);
    expect(sim.stats().requests['webwxgetweather']).toBe(3);

    const refused = await firstValueFrom(operations.celsiusIn('')).catch((error: unknown) => error);
    expect(isRetcodeError(refused) && [refused.endpoint, refused.retcode]).toEqual(['webwxgetweather', 1]);
  });
});
