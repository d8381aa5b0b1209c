/**
 * The transport contract's failures: HTTP errors, resets, refusals, bad URLs and timeouts become typed errors that
 * never show a credential, and unsubscribing aborts the request.
 */
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { isNetworkError, isTimeoutError } from '../../errors/guards.js';
import { NetworkError } from '../../errors/network-error.js';
import { TimeoutError } from '../../errors/timeout-error.js';
import { assertContainsNone, rejectionOf, until } from './checks.js';
import { closedPort } from './loopback-server.js';
import type { TransportSuite } from './transport-suite.js';

const SKEY = '@crypt_0badc0de_feedfacefeedfacefeedfacefeedface';
const SID = 'SeCrEtSiD+/0123';
const PASS_TICKET = 'PaSsTiCkEt%2Bxyz';

/** A URL that carries every credential, to prove none of them leaks into an error. */
const SECRET_PATH = `/cgi-bin/mmwebwx-bin/synccheck?skey=${encodeURIComponent(SKEY)}&sid=${encodeURIComponent(SID)}&pass_ticket=${PASS_TICKET}`;

function assertNoCredentials(error: unknown): void {
  assertContainsNone(inspect(error, { depth: 6 }), [SKEY, SID, encodeURIComponent(SID), PASS_TICKET, 'feedface', 'SeCrEt', 'PaSsTiCkEt'], 'the error');
}

export function describeTransportFailures({ server, create, it, get }: TransportSuite): void {
  it('turns a 5xx into NetworkError with the status, still storing its cookies', async () => {
    server.handle((_req, res) => {
      res.writeHead(503, { 'set-cookie': 'late=1; Path=/' });
      res.end('busy');
    });
    const transport = create();
    const error = await rejectionOf(firstValueFrom(transport.request(get(SECRET_PATH))));
    assert.ok(error instanceof NetworkError);
    assert.ok(isNetworkError(error));
    assert.equal(error.endpoint, 'synccheck');
    assert.equal(error.status, 503);
    assert.equal(error.message, 'synccheck request failed: HTTP 503');
    assert.equal(transport.jar.get('late', `${server.base}/`), '1');
    assertNoCredentials(error);
  });

  it('turns a reset connection into NetworkError without a status', async () => {
    server.handle((req) => req.socket.destroy());
    const error = await rejectionOf(firstValueFrom(create().request(get(SECRET_PATH))));
    assert.ok(error instanceof NetworkError);
    assert.equal(error.status, undefined);
    assert.ok(error.cause instanceof Error);
    assertNoCredentials(error);
  });

  it('turns a refused connection into NetworkError naming the code', async () => {
    const port = await closedPort();
    const error = await rejectionOf(firstValueFrom(create().request({ endpoint: 'webwxsync', method: 'GET', url: `http://127.0.0.1:${port}${SECRET_PATH}` })));
    assert.ok(error instanceof NetworkError);
    assert.equal(error.message, 'webwxsync request failed: ECONNREFUSED');
    assertNoCredentials(error);
  });

  it('keeps an invalid URL (and the credentials in it) out of the error and its cause', async () => {
    const url = `http//127.0.0.1${SECRET_PATH}`;
    const error = await rejectionOf(firstValueFrom(create().request({ endpoint: 'synccheck', method: 'GET', url })));
    assert.ok(error instanceof NetworkError);
    assertContainsNone(inspect(error, { depth: 6 }), ['http//127'], 'the error');
    assertNoCredentials(error);
  });

  it('fails a request refused at once only after subscribe returned, so a retry that resubscribes cannot recurse', async () => {
    let failedDuringSubscribe = false;
    let subscribing = true;
    const failure = new Promise<unknown>((resolve) => {
      create()
        .request({ endpoint: 'synccheck', method: 'GET', url: `http//127.0.0.1${SECRET_PATH}` })
        .subscribe({
          error: (error: unknown) => {
            failedDuringSubscribe = subscribing;
            resolve(error);
          },
        });
    });
    subscribing = false;
    assert.ok((await failure) instanceof NetworkError);
    assert.equal(failedDuringSubscribe, false);
  });

  it('fails a slow answer with TimeoutError after timeoutMs and closes the socket', async () => {
    let closed = false;
    server.handle((_req, res) => res.on('close', () => (closed = true)));
    const started = performance.now();
    const error = await rejectionOf(firstValueFrom(create().request(get(SECRET_PATH, { timeoutMs: 150 }))));
    const elapsed = performance.now() - started;
    assert.ok(error instanceof TimeoutError);
    assert.ok(isTimeoutError(error));
    assert.equal(error.endpoint, 'synccheck');
    assert.equal(error.ms, 150);
    assert.ok(elapsed >= 140 && elapsed < 5_000, `timed out after ${Math.round(elapsed)} ms`);
    assertNoCredentials(error);
    await until(() => closed);
  });

  it('aborts the in-flight request when unsubscribed: the server sees the socket close', async () => {
    let closed = false;
    server.handle((_req, res) => res.on('close', () => (closed = true)));
    let outcome = 'none';
    const subscription = create()
      .request(get('/hold'))
      .subscribe({ next: () => (outcome = 'next'), error: () => (outcome = 'error'), complete: () => (outcome = 'complete') });
    await until(() => server.seen.length === 1);
    assert.equal(closed, false);
    subscription.unsubscribe();
    await until(() => closed);
    assert.equal(outcome, 'none');
  });
}
