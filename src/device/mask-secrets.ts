/**
 * `text` (a server's error message) with every occurrence of the connection's secrets — the credential, the IMEI,
 * the access token — replaced by `***`: a server may well name the device it refuses.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('***');
  return out;
}
