/** A `unix://` URL as node-redis reads it: `unix://[user[:password]@]/path/to.sock[?db=N]`. */
const UNIX_URL = /^unix:\/\/(?:[^@/]*@)?(\/[^?#]*)/;

/**
 * Where a Redis URL points, for messages: `host:port` (6379 when the URL names no port) or the socket path. Never
 * the user, password or database: the URL may hold a password. Expects a URL node-redis accepted.
 */
export function redisPlace(url: string): string {
  const socketPath = UNIX_URL.exec(url)?.[1];
  if (socketPath !== undefined) return socketPath;
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`;
}
