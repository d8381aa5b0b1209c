/**
 * The QR login's redirect and the bot's own API base (docs/ilink-protocol.md §4), on a client without `server`. The
 * simulator pins every host to its origin, so these run on a transport that answers in memory: nothing leaves the
 * process, and each request's URL shows where a real client would have sent it.
 */
import { lastValueFrom, type Observable, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { WxRequest, WxResponse } from '../../src/http/request.js';
import { OriginNotAllowedError } from '../../src/errors/origin-not-allowed-error.js';
import { connectIlink } from '../../src/ilink/client/client.js';
import { textResponse } from '../../src/testing/fake-transport.js';

/** A transport that answers each request from `answer` by its URL, and keeps every URL asked for. */
function scripted(answer: (url: URL) => unknown): { transport: { request(req: WxRequest): Observable<WxResponse> }; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    transport: {
      request: (req) => {
        const url = new URL(req.url);
        asked.push(`${url.host}${url.pathname}`);
        return of(textResponse(JSON.stringify(answer(url))));
      },
    },
  };
}

const CONFIRMED = { ret: 0, status: 'confirmed', bot_token: 'T', ilink_bot_id: 'b@im.bot', ilink_user_id: 'u@im.wechat' };

describe('an iLink QR login without a server option', () => {
  it('follows scaned_but_redirect to the redirect host, then uses the baseurl the confirmation names', async () => {
    const { transport, asked } = scripted((url) => {
      if (url.pathname.endsWith('get_bot_qrcode')) return { ret: 0, qrcode: 'Q1', qrcode_img_content: 'https://liteapp.weixin.qq.com/q/Q1' };
      if (url.pathname.endsWith('get_qrcode_status')) {
        return url.host === 'ilinkai.weixin.qq.com'
          ? { ret: 0, status: 'scaned_but_redirect', redirect_host: 'ilinkai2.weixin.qq.com' }
          : { ...CONFIRMED, baseurl: 'https://ilinkai.wechat.com' };
      }
      return { ret: 0 };
    });
    const client = connectIlink({ transport, qrPollIntervalMs: 0, loginTimeoutMs: 5_000 });
    const steps = await lastValueFrom(client.login$.pipe(toArray()));
    expect(steps.at(-1)).toMatchObject({ type: 'logged-in', botId: 'b@im.bot', resumed: false });
    expect(asked).toEqual([
      'ilinkai.weixin.qq.com/ilink/bot/get_bot_qrcode',
      'ilinkai.weixin.qq.com/ilink/bot/get_qrcode_status',
      'ilinkai2.weixin.qq.com/ilink/bot/get_qrcode_status',
      'ilinkai.wechat.com/ilink/bot/msg/notifystart',
    ]);
    await lastValueFrom(client.close(), { defaultValue: undefined });
    expect(asked.at(-1)).toBe('ilinkai.wechat.com/ilink/bot/msg/notifystop');
  });

  it('refuses a redirect or a baseurl off Tencent’s hosts before sending anything there', async () => {
    for (const [redirect, baseurl] of [['evil.example', undefined], [undefined, 'https://api.evil.example']] as const) {
      const { transport, asked } = scripted((url) => {
        if (url.pathname.endsWith('get_bot_qrcode')) return { ret: 0, qrcode: 'Q1', qrcode_img_content: 'https://liteapp.weixin.qq.com/q/Q1' };
        if (url.pathname.endsWith('get_qrcode_status') && redirect !== undefined) return { ret: 0, status: 'scaned_but_redirect', redirect_host: redirect };
        return { ...CONFIRMED, baseurl };
      });
      const client = connectIlink({ transport, qrPollIntervalMs: 0, loginTimeoutMs: 5_000 });
      await expect(lastValueFrom(client.login$)).rejects.toBeInstanceOf(OriginNotAllowedError);
      expect(asked.filter((where) => where.includes('evil'))).toEqual([]);
      await lastValueFrom(client.close(), { defaultValue: undefined });
    }
  });
});
