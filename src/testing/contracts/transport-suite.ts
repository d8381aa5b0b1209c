/** What the parts of the transport contract share. */
import type { ClosableTransport, HttpTransportOptions } from '../../http/transport-core.js';
import type { WxRequest } from '../../http/request.js';
import type { LoopbackServer } from './loopback-server.js';
import type { ContractRunner } from './runner.js';

/** Makes the transport under test; the suite passes a cookie jar or a user agent when a test needs one. */
export type TransportFactory = (options?: HttpTransportOptions) => ClosableTransport;

/** The current test's server, the factory and the runner's `it`. */
export interface TransportSuite {
  readonly server: LoopbackServer;
  readonly create: TransportFactory;
  readonly it: ContractRunner['it'];
  /** A request to `path` on the test server (`synccheck`, GET, unless `extra` says otherwise). */
  get(path: string, extra?: Partial<WxRequest>): WxRequest;
}
