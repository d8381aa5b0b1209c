/** A node:http server on 127.0.0.1, port 0, started before each test of a suite and closed after it. */
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContractRunner } from './runner.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The current test's server: read its fields inside a test, not when the suite is defined. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** The requests it received, in order. */
  readonly seen: readonly http.IncomingMessage[];
  /** Answers every request from now on (the default answers `ok`). */
  handle(handler: Handler): void;
}

export function useLoopbackServer(runner: ContractRunner): LoopbackServer {
  let server: http.Server | undefined;
  let base = '';
  let seen: http.IncomingMessage[] = [];
  let handler: Handler = (_req, res) => res.end('ok');

  runner.beforeEach(async () => {
    seen = [];
    handler = (_req, res) => res.end('ok');
    server = http.createServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  runner.afterEach(async () => {
    if (server === undefined) return;
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
    server = undefined;
  });

  return {
    get base() {
      return base;
    },
    get seen() {
      return seen;
    },
    handle(next) {
      handler = next;
    },
  };
}

/** A port nothing listens on: a server bound to it and closed again. */
export async function closedPort(): Promise<number> {
  const closed = http.createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  await once(closed, 'close');
  return port;
}
