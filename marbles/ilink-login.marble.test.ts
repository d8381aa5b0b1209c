import { asyncScheduler, map, NEVER, type Observable, tap } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../src/errors/network-error.js';
import { OriginNotAllowedError } from '../src/errors/origin-not-allowed-error.js';
import { QrExpiredError } from '../src/errors/qr-expired-error.js';
import { TimeoutError } from '../src/errors/timeout-error.js';
import type { WxResponse } from '../src/http/request.js';
import { Hosts } from '../src/ilink/client/hosts.js';
import { IlinkHttp } from '../src/ilink/client/http.js';
import { type QrFlowStep, qrLogin$ } from '../src/ilink/client/login-flow.js';
import { IlinkLoginError } from '../src/ilink/errors/ilink-login-error.js';
import { createFakeTransport, textResponse } from '../src/testing/fake-transport.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const identity = { channelVersion: '2.4.3', packedVersion: '132099', botAgent: 'wechat-rx/0.1' };
const qrcode = (code: string) => textResponse(JSON.stringify({ ret: 0, qrcode: code, qrcode_img_content: `https://liteapp.weixin.qq.com/q/${code}` }));
const status = (value: string, extra: Record<string, string> = {}) => textResponse(JSON.stringify({ ret: 0, status: value, ...extra }));
const confirmed = status('confirmed', { bot_token: 'BOT-TOKEN', ilink_bot_id: 'abcdef012345@im.bot', ilink_user_id: 'o9cq80u@im.wechat', baseurl: 'https://ilinkai.wechat.com' });
const BOT = { token: 'BOT-TOKEN', botId: 'abcdef012345@im.bot', userId: 'o9cq80u@im.wechat', baseUrl: 'https://ilinkai.wechat.com' };
const qrStep = (code: string, attempt: number) => ({ type: 'qr', qrUrl: `https://liteapp.weixin.qq.com/q/${code}`, attempt });

function setup(queues: Partial<Record<string, Array<Observable<WxResponse>>>>, options: { server?: string; timeoutMs?: number } = {}) {
  const transport = createFakeTransport((req) => queues[req.endpoint]?.shift() ?? NEVER);
  const hosts = new Hosts(options.server);
  const env = { now: () => 0, randomBytes: (size: number) => new Uint8Array(size), random: () => 0.5 };
  const http = new IlinkHttp({ transport, hosts, identity, env, log: undefined, timeouts: undefined });
  const login$ = qrLogin$({ http, hosts, scheduler: asyncScheduler, pollIntervalMs: 2, timeoutMs: options.timeoutMs ?? 1000, localTokens: [], random: () => 0.5 });
  const polls = () => transport.requests.filter((r) => r.endpoint === 'get_qrcode_status').map((r) => new URL(r.url));
  return { login$, transport, polls };
}

/** Answers each `verify-code` step with the next of `codes`, at once; the steps without their `submit`, for comparison. */
const answering = (codes: string[]) => (steps$: Observable<QrFlowStep>) =>
  steps$.pipe(
    tap((step) => {
      if (step.type === 'verify-code') step.submit(codes.shift()!);
    }),
    map((step) => (step.type === 'verify-code' ? { type: step.type, wrong: step.wrong } : step)),
  );

describe('the QR login (qrLogin$)', () => {
  it('shows the QR, polls through wait with a pause, reports the scan once, ends with the bound bot', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$, polls } = setup({
        get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })],
        get_qrcode_status: [cold('--(r|)', { r: status('wait') }), cold('--(r|)', { r: status('scaned') }), cold('--(r|)', { r: status('scaned') }), cold('--(r|)', { r: confirmed })],
      });
      expectObservable(login$).toBe('-q-----s-------(b|)', { q: qrStep('Q1', 1), s: { type: 'scanned' }, b: { type: 'bound', bot: BOT } });
      rx.flush();
      expect(polls().map((u) => `${u.origin}${u.pathname}?${u.searchParams.toString()}`)).toEqual(Array(4).fill('https://ilinkai.weixin.qq.com/ilink/bot/get_qrcode_status?qrcode=Q1'));
    }));

  it('fetches a new QR code after expired, three codes at most, then fails with QrExpiredError', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$ } = setup({
        get_bot_qrcode: ['Q1', 'Q2', 'Q3'].map((code) => cold('-(r|)', { r: qrcode(code) })),
        get_qrcode_status: [0, 1, 2].map(() => cold('-(r|)', { r: status('expired') })),
      });
      expectObservable(login$).toBe('-axbyc(z#)', { a: qrStep('Q1', 1), b: qrStep('Q2', 2), c: qrStep('Q3', 3), x: { type: 'expired' }, y: { type: 'expired' }, z: { type: 'expired' } }, new QrExpiredError(2));
    }));

  it('asks for the pair code, sends it with the next poll at once, asks again when it was wrong; blocked codes count toward the three', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$, polls } = setup({
        get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') }), cold('-(r|)', { r: qrcode('Q2') })],
        get_qrcode_status: [
          cold('-(r|)', { r: status('need_verifycode') }),
          cold('-(r|)', { r: status('need_verifycode') }),
          cold('-(r|)', { r: status('verify_code_blocked') }),
          cold('-(r|)', { r: status('need_verifycode') }),
          cold('-(r|)', { r: status('scaned') }),
          cold('-(r|)', { r: confirmed }),
        ],
      });
      const steps$ = login$.pipe(answering(['111111', '222222', '333333']));
      expectObservable(steps$).toBe('-avwxbyz--(c|)', {
        a: qrStep('Q1', 1),
        v: { type: 'verify-code', wrong: false, },
        w: { type: 'verify-code', wrong: true, },
        x: { type: 'verify-code-blocked' },
        b: qrStep('Q2', 2),
        y: { type: 'verify-code', wrong: false, },
        z: { type: 'scanned' },
        c: { type: 'bound', bot: BOT },
      });
      rx.flush();
      expect(polls().map((u) => [u.searchParams.get('qrcode'), u.searchParams.get('verify_code')])).toEqual([
        ['Q1', null],
        ['Q1', '111111'],
        ['Q1', '222222'],
        ['Q2', null],
        ['Q2', '333333'],
        ['Q2', null],
      ]);
    }));

  it('refuses a pair code that is not letters and digits', () => {
    let refused: unknown;
    rx.run(({ cold }) => {
      const { login$ } = setup({ get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })], get_qrcode_status: [cold('-(r|)', { r: status('need_verifycode') })] });
      login$.subscribe({
        next: (step) => {
          if (step.type !== 'verify-code') return;
          try {
            step.submit('12 34; drop');
          } catch (error) {
            refused = error;
          }
        },
        error: () => undefined,
      });
    });
    expect(refused).toMatchObject({ name: 'InvalidArgumentError' });
  });

  it('follows scaned_but_redirect to https://<redirect_host> at once; a new QR code polls the default host again', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$, polls } = setup({
        get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') }), cold('-(r|)', { r: qrcode('Q2') })],
        get_qrcode_status: [cold('-(r|)', { r: status('scaned_but_redirect', { redirect_host: 'ilinkai2.weixin.qq.com' }) }), cold('-(r|)', { r: status('expired') }), cold('-(r|)', { r: confirmed })],
      });
      expectObservable(login$).toBe('-ardb(c|)', {
        a: qrStep('Q1', 1),
        r: { type: 'redirected', host: 'ilinkai2.weixin.qq.com' },
        d: { type: 'expired' },
        b: qrStep('Q2', 2),
        c: { type: 'bound', bot: BOT },
      });
      rx.flush();
      expect(polls().map((u) => u.origin)).toEqual(['https://ilinkai.weixin.qq.com', 'https://ilinkai2.weixin.qq.com', 'https://ilinkai.weixin.qq.com']);
    }));

  it('with a server, keeps polling that server after a redirect (after the usual pause: nothing moved)', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$, polls } = setup(
        {
          get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })],
          get_qrcode_status: [cold('-(r|)', { r: status('scaned_but_redirect', { redirect_host: '127.0.0.1:9999' }) }), cold('-(r|)', { r: confirmed })],
        },
        { server: 'http://127.0.0.1:8080/' },
      );
      expectObservable(login$).toBe('-a---(c|)', { a: qrStep('Q1', 1), c: { type: 'bound', bot: BOT } });
      rx.flush();
      expect(polls().map((u) => u.origin)).toEqual(['http://127.0.0.1:8080', 'http://127.0.0.1:8080']);
    }));

  it('without a server, refuses a redirect host that is not Tencent’s, before polling it', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$, polls } = setup({
        get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })],
        get_qrcode_status: [cold('-(r|)', { r: status('scaned_but_redirect', { redirect_host: 'evil.example' }) })],
      });
      expectObservable(login$).toBe('-a#', { a: qrStep('Q1', 1) }, new OriginNotAllowedError('get_qrcode_status', 'https://evil.example', "Tencent's iLink hosts (https, qq.com and wechat.com)"));
      rx.flush();
      expect(polls()).toHaveLength(1);
    }));

  it('reads a poll timeout, a network failure or a garbled body as wait', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$ } = setup({
        get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })],
        get_qrcode_status: [
          cold('-#', undefined, new TimeoutError('get_qrcode_status', 35_000)),
          cold('-#', undefined, new NetworkError('get_qrcode_status', 524)),
          cold('-(r|)', { r: textResponse('<html>origin timeout</html>') }),
          cold('-(r|)', { r: confirmed }),
        ],
      });
      expectObservable(login$).toBe('-a---------(c|)', { a: qrStep('Q1', 1), c: { type: 'bound', bot: BOT } });
    }));

  it('tries a failed QR fetch again after a jittered second, and gives up after three attempts', () =>
    rx.run(({ cold, expectObservable }) => {
      const down = () => cold<WxResponse>('-#', undefined, new NetworkError('get_bot_qrcode', 502));
      const { login$ } = setup({ get_bot_qrcode: [down(), cold('-(r|)', { r: qrcode('Q1') })] }, { timeoutMs: 5000 });
      // Fails at 1; the retry waits 500 (1000 with a jitter of 0.5) and answers at 502.
      expectObservable(login$, '^ 600ms !').toBe('502ms a', { a: qrStep('Q1', 1) });
      const broken = setup({ get_bot_qrcode: [down(), down(), down(), down()] }, { timeoutMs: 5000 });
      expectObservable(broken.login$).toBe('1503ms #', undefined, new NetworkError('get_bot_qrcode', 502));
    }));

  it('ends with already-bound on binded_redirect, and fails when confirmed lacks the token', () =>
    rx.run(({ cold, expectObservable }) => {
      const bound = setup({ get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })], get_qrcode_status: [cold('-(r|)', { r: status('binded_redirect') })] });
      expectObservable(bound.login$).toBe('-a(b|)', { a: qrStep('Q1', 1), b: { type: 'already-bound' } });
      const invalid = setup({ get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })], get_qrcode_status: [cold('-(r|)', { r: status('confirmed', { ilink_bot_id: 'b@im.bot' }) })] });
      expectObservable(invalid.login$).toBe('-a#', { a: qrStep('Q1', 1) }, new IlinkLoginError('confirmed without a bot_token'));
    }));

  it('fails with TimeoutError when the whole login takes too long', () =>
    rx.run(({ cold, expectObservable }) => {
      const { login$ } = setup({ get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })] }, { timeoutMs: 10 });
      expectObservable(login$).toBe('-a--------#', { a: qrStep('Q1', 1) }, new TimeoutError('login', 10));
    }));

  it('unsubscribing aborts the held status poll', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const held = cold('----------(r|)', { r: status('wait') });
      const { login$ } = setup({ get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })], get_qrcode_status: [held] });
      expectObservable(login$, '-----!').toBe('-a---', { a: qrStep('Q1', 1) });
      expectSubscriptions(held.subscriptions).toBe('-^---!');
    }));

  it('sends no token with the QR calls', () =>
    rx.run(({ cold }) => {
      const { login$, transport } = setup({ get_bot_qrcode: [cold('-(r|)', { r: qrcode('Q1') })], get_qrcode_status: [cold('-(r|)', { r: confirmed })] });
      login$.subscribe();
      rx.flush();
      expect(transport.requests.map((r) => r.headers?.['authorization'])).toEqual([undefined, undefined]);
      expect(transport.requests[0]?.json).toEqual({ local_token_list: [] });
    }));
});
