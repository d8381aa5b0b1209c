import { NEVER, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { exchangeTicket$, type LoginDeps, qrLogin$ } from '../src/web/client/login-flow.js';
import type { Endpoint } from '../src/errors/endpoint.js';
import { QrExpiredError } from '../src/errors/qr-expired-error.js';
import { UnsafeRedirectError } from '../src/errors/unsafe-redirect-error.js';
import { defaultHosts } from '../src/web/protocol/hosts.js';
import type { WxResponse } from '../src/http/request.js';
import { createFakeTransport, textResponse } from '../src/testing/fake-transport.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const jslogin = (uuid: string) => textResponse(`window.QRLogin.code = 200; window.QRLogin.uuid = "${uuid}";`);
const poll = (code: number, extra = '') => textResponse(`window.code=${code};${extra}`);
const confirmed = (host: string) =>
  poll(200, `\nwindow.redirect_uri="https://${host}/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T@qrticket_0&uuid=u&lang=zh_CN&scan=1";`);

function deps(queues: Partial<Record<Endpoint, Array<Observable<WxResponse>>>>, maxQrRefresh = 2, server?: string) {
  const transport = createFakeTransport((req) => queues[req.endpoint]?.shift() ?? NEVER);
  const loginDeps: LoginDeps = {
    transport,
    env: { now: () => 1_700_000_000_000, random: () => 0.25 },
    hosts: defaultHosts(server),
    server,
    desktop: { desktop: false },
    timeouts: undefined,
    maxQrRefresh,
  };
  return { loginDeps, transport };
}

describe('qrLogin$', () => {
  it('polls through 408s, reports the scan once (with the avatar), then the confirmation', () =>
    rx.run(({ cold, expectObservable }) => {
      const { loginDeps, transport } = deps({
        jslogin: [cold('-(r|)', { r: jslogin('aaaa==') })],
        login: [
          cold('---(r|)', { r: poll(408) }),
          cold('--(r|)', { r: poll(201, "window.userAvatar = 'data:img/jpg;base64,AAAA';") }),
          cold('--(r|)', { r: poll(201) }),
          cold('--(r|)', { r: confirmed('wx2.qq.com') }),
        ],
      });
      expectObservable(qrLogin$(loginDeps)).toBe('-u----s---(cr|)', {
        u: { type: 'uuid', uuid: 'aaaa==', qrUrl: 'https://login.weixin.qq.com/l/aaaa==' },
        s: { type: 'scanned', avatar: 'data:img/jpg;base64,AAAA' },
        c: { type: 'confirmed' },
        r: { type: 'redirect', redirectUri: 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T@qrticket_0&uuid=u&lang=zh_CN&scan=1' },
      });
      rx.flush();
      const tips = transport.requests.filter((r) => r.endpoint === 'login').map((r) => new URL(r.url).searchParams.get('tip'));
      expect(tips).toEqual(['1', '1', '0', '0']);
    }));

  it('fetches a new uuid when the QR expires, a bounded number of times', () =>
    rx.run(({ cold, expectObservable }) => {
      const { loginDeps } = deps(
        {
          jslogin: [cold('-(r|)', { r: jslogin('one=') }), cold('-(r|)', { r: jslogin('two=') })],
          login: [cold('--(r|)', { r: poll(400) }), cold('--(r|)', { r: poll(400) })],
        },
        1,
      );
      expectObservable(qrLogin$(loginDeps)).toBe(
        '-a-xb-(y#)',
        {
          a: { type: 'uuid', uuid: 'one=', qrUrl: 'https://login.weixin.qq.com/l/one=' },
          x: { type: 'qr-expired' },
          b: { type: 'uuid', uuid: 'two=', qrUrl: 'https://login.weixin.qq.com/l/two=' },
          y: { type: 'qr-expired' },
        },
        new QrExpiredError(1),
      );
    }));

  it('unsubscribing aborts the held login poll', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const held = cold('-----------(r|)', { r: poll(408) });
      const { loginDeps } = deps({ jslogin: [cold('-(r|)', { r: jslogin('held=') })], login: [held] });
      expectObservable(qrLogin$(loginDeps), '------!').toBe('-u----', {
        u: { type: 'uuid', uuid: 'held=', qrUrl: 'https://login.weixin.qq.com/l/held=' },
      });
      expectSubscriptions(held.subscriptions).toBe('-^----!');
    }));
});

describe('exchangeTicket$', () => {
  it('refuses to send the ticket to a host that is not WeChat and not the configured server', () =>
    rx.run(({ expectObservable }) => {
      const { loginDeps, transport } = deps({});
      expectObservable(exchangeTicket$(loginDeps, 'https://evil.example.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T')).toBe(
        '#',
        undefined,
        new UnsafeRedirectError('evil.example.com'),
      );
      expectObservable(exchangeTicket$(loginDeps, 'http://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T')).toBe(
        '#',
        undefined,
        new UnsafeRedirectError('wx.qq.com'),
      );
      rx.flush();
      expect(transport.requests).toEqual([]);
    }));

  it('derives the hosts from the redirect and keeps pass_ticket exactly as sent', () =>
    rx.run(({ cold, expectObservable }) => {
      const page = textResponse(
        '<error><ret>0</ret><message></message><skey>@crypt_1_2</skey><wxsid>ab+/cd</wxsid><wxuin>2450346660</wxuin><pass_ticket>x%2By</pass_ticket></error>',
        301,
      );
      const { loginDeps, transport } = deps({ webwxnewloginpage: [cold('-(r|)', { r: page })] });
      const ticket$ = exchangeTicket$(loginDeps, 'https://wx8.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T');
      expectObservable(ticket$).toBe('-(t|)', {
        t: {
          hosts: {
            login: 'https://login.wx8.qq.com',
            main: 'https://wx8.qq.com',
            push: 'https://webpush.wx8.qq.com',
            file: 'https://file.wx8.qq.com',
            qr: 'https://login.weixin.qq.com',
          },
          credentials: { uin: 2450346660, sid: 'ab+/cd', skey: '@crypt_1_2', passTicket: 'x%2By', deviceId: 'e222222222222222' },
        },
      });
      rx.flush();
      expect(transport.requests[0]?.url).toBe('https://wx8.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T');
    }));
});
