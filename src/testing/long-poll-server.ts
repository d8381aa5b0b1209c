import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The HTTP server both simulators run on. A handler that fails answers 500 (or drops the socket if it had begun to
 * answer), a malformed request drops its socket, and no server timeout cuts a held long poll (25–35 s by default)
 * or an idle keep-alive socket short.
 */
export function createLongPollServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('internal error');
      } else res.destroy();
    });
  });
  server.on('clientError', (_error, socket: Socket) => socket.destroy());
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  return server;
}
