import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { FleetMetrics } from './fleet-metrics.js';

export interface ServeMetricsOptions {
  /** Default 0: any free port (read it from `url`). */
  readonly port?: number;
  /** Default 127.0.0.1: only this machine can scrape; give `0.0.0.0` for a Prometheus elsewhere. */
  readonly host?: string;
}

export interface MetricsServer {
  /** Where the metrics are, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `metrics` over HTTP: `GET /metrics` answers `text()`, other paths 404, other methods 405. A port another
 * program listens on rejects with `InvalidArgumentError` (argument `port`), with nothing left listening.
 */
export async function serveMetrics(metrics: FleetMetrics, { port = 0, host = '127.0.0.1' }: ServeMetricsOptions = {}): Promise<MetricsServer> {
  const server = createServer((request, response) => void answer(metrics, request, response));
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(host, port) : error);
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: `${origin}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** Like the simulators' `--port`: what to do, as a typed error, instead of a bare EADDRINUSE. */
function portInUse(host: string, port: number): InvalidArgumentError {
  return new InvalidArgumentError('serveMetrics', 'port', `${port} on ${host} is in use by another program: pick another (0 picks a free one)`);
}

async function answer(metrics: FleetMetrics, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (new URL(request.url ?? '/', 'http://metrics').pathname !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the metrics are at /metrics\n');
  } else if (request.method !== 'GET') {
    response.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed: use GET\n');
  } else {
    try {
      const text = await metrics.text();
      response.writeHead(200, { 'content-type': metrics.contentType }).end(text);
    } catch {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the metrics could not be collected\n');
    }
  }
}
