import type { ConnectionConfig } from './context.js';

/**
 * `text` (a server's error message) with every occurrence of the connection's secrets — the credential, the IMEI,
 * the access token once there is one — replaced by `***`: a server may well name the device it refuses.
 */
export function maskSecrets(text: string, config: Pick<ConnectionConfig, 'credential' | 'imei'>, token = ''): string {
  let out = text;
  for (const secret of [config.credential, config.imei, token]) if (secret !== '') out = out.split(secret).join('***');
  return out;
}
