import type { DeviceAddress } from './socket.js';

/**
 * The address a `RedirectNotice` names. `ServerUrl` may be a bare host, `host:port`, or a URL (`tcp://host:port`);
 * `ServerPort` wins when set; what is missing is kept from the current address.
 */
export function redirectAddress(serverUrl: string, serverPort: number, current: DeviceAddress): DeviceAddress {
  let host = serverUrl.trim();
  let port = 0;
  if (host.includes('://')) {
    try {
      const url = new URL(host);
      host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      port = Number(url.port) || 0;
    } catch {
      host = '';
    }
  } else {
    const hostPort = /^([^:]+):(\d{1,5})$/.exec(host);
    if (hostPort !== null) {
      host = hostPort[1]!;
      port = Number(hostPort[2]);
    }
  }
  return { host: host || current.host, port: serverPort > 0 ? serverPort : port || current.port };
}
