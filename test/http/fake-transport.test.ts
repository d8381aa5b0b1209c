import { retry } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { WxRequest, WxResponse } from '../../src/http/request.js';
import { createFakeTransport, textResponse } from '../../src/testing/fake-transport.js';

const req: WxRequest = { endpoint: 'synccheck', method: 'GET', url: 'http://127.0.0.1/cgi-bin/mmwebwx-bin/synccheck' };

describe('createFakeTransport', () => {
  it('answers in virtual time and records one request per subscription', () => {
    const rx = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const r = textResponse('window.synccheck={retcode:"0",selector:"2"}');
      const answer = cold<WxResponse>('  --#');
      const ok = cold('            --r|', { r });
      let calls = 0;
      const transport = createFakeTransport(() => (calls++ === 0 ? answer : ok));
      const request$ = transport.request(req);
      expect(transport.requests).toHaveLength(0);
      expectObservable(request$.pipe(retry(1))).toBe('----r|', { r });
      expectSubscriptions(answer.subscriptions).toBe('^-!');
      rx.flush();
      expect(transport.requests).toEqual([req, req]);
    });
  });

  it('textResponse defaults to status 200 with no headers', () => {
    expect(textResponse('x')).toEqual({ status: 200, headers: {}, text: 'x' });
    expect(textResponse('', 503).status).toBe(503);
  });
});
