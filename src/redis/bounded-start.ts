import { startFailure } from './connection-failure.js';
import { RedisConnectError } from './redis-connect-error.js';

/** What a start needs of a node-redis client. */
interface StartingClient {
  connect(): Promise<unknown>;
  destroy(): void;
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/** How a start ends. */
export interface StartBounds {
  /** Failed attempts before the first connection that end the start. */
  readonly attempts: number;
  /**
   * How long one attempt may take: node-redis's `connectTimeout` for opening the socket, then as long again for the
   * handshake. A handshake without an answer ends the start at once: a peer that accepted and then said nothing would
   * most likely say nothing again.
   */
  readonly attemptTimeoutMs: number;
}

/**
 * The start of one client, bounded: `reconnectStrategy` (for node-redis's `socket` options) gives up after
 * `attempts` failures before the first connection and, after it, retries forever, waiting 50 ms doubling up to 2 s
 * between attempts; `connect` connects the client or rejects with `RedisConnectError`, naming `place`.
 */
export function boundedStart(bounds: StartBounds) {
  let failed = 0;
  let connected = false;
  return {
    reconnectStrategy: (retries: number, cause: Error): number | Error => {
      if (!connected && ++failed >= bounds.attempts) return cause;
      return Math.min(50 * 2 ** retries, 2_000);
    },

    async connect<C extends StartingClient>(client: C, place: string, errorReply: abstract new (...args: never[]) => Error): Promise<C> {
      // node-redis's connectTimeout covers opening the socket only: a peer that accepts and then says nothing (a
      // frozen Redis, another service on the port) would hold the handshake forever.
      let silent = false;
      let handshake: NodeJS.Timeout | undefined;
      const watchHandshake = () => {
        handshake = setTimeout(() => {
          silent = true;
          client.destroy();
        }, bounds.attemptTimeoutMs);
      };
      const attemptFailed = () => clearTimeout(handshake);
      const ready = () => {
        connected = true;
        clearTimeout(handshake);
      };
      client.on('connect', watchHandshake);
      client.on('error', attemptFailed);
      client.on('ready', ready);
      try {
        await client.connect();
        return client;
      } catch (error) {
        // A client that gave up still holds its credentials and metrics until destroyed.
        client.destroy();
        throw silent ? new RedisConnectError(place, 'unreachable', 'ConnectionTimeoutError', failed + 1) : startFailure(error, place, failed, errorReply);
      } finally {
        clearTimeout(handshake);
        client.off('connect', watchHandshake);
        client.off('error', attemptFailed);
        client.off('ready', ready);
      }
    },
  };
}
