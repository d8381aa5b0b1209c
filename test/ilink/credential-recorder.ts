/** What the iLink credential scans share: every credential seen on the wire, and a logger that keeps its calls. */
import { tap } from 'rxjs';
import type { WxRequest, WxResponse } from '../../src/http/request.js';
import type { Transport } from '../../src/http/transport.js';
import type { Logger } from '../../src/logging/logger.js';

/**
 * Fields whose values are iLink credentials, in request and answer bodies. Not `qrcode`: the QR's content (`qrUrl`,
 * which `login$` and `state$` must show to be scanned) carries it by design.
 */
const SECRET_FIELDS = new Set([
  'bot_token',
  'context_token',
  'typing_ticket',
  'aes_key',
  'aeskey',
  'upload_param',
  'thumb_upload_param',
  'upload_full_url',
  'encrypt_query_param',
  'full_url',
  'local_token_list',
]);

/** Every credential the client and the server exchanged, read off the wire: bodies, the bearer token, CDN parameters. */
export class CredentialRecorder {
  readonly secrets = new Set<string>();

  wrap(inner: Transport): Transport {
    return {
      request: (req: WxRequest) => {
        this.fromRequest(req);
        return inner.request(req).pipe(tap((res) => this.fromResponse(res)));
      },
    };
  }

  private add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 6) this.secrets.add(value);
  }

  /** Every value under a secret field, at any depth. */
  private walk(value: unknown, secret = false): void {
    if (Array.isArray(value)) value.forEach((item) => this.walk(item, secret));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) this.walk(item, secret || SECRET_FIELDS.has(key));
    else if (secret) this.add(value);
  }

  private fromRequest(req: WxRequest): void {
    this.add(req.headers?.['authorization']?.replace(/^Bearer /, ''));
    this.walk(req.json);
    const url = new URL(req.url);
    for (const name of ['encrypted_query_param', 'filekey']) this.add(url.searchParams.get(name) ?? undefined);
  }

  private fromResponse(res: WxResponse): void {
    this.add(res.headers['x-encrypted-param'] as string | undefined);
    try {
      this.walk(JSON.parse(res.text));
    } catch {
      // CDN bodies and faults are no JSON
    }
  }
}

/** A logger that keeps every call. */
export function capturingLogger(lines: unknown[]): Logger {
  const keep = (level: string) => (fields: object | string, message?: string) => lines.push({ level, fields, message });
  return { trace: keep('trace'), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}
