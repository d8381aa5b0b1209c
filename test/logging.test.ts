import { describe, expect, it } from 'vitest';
import { type Logger, redactingLogger, redactValue } from '../src/logging/logger.js';

const SECRETS = ['@crypt_1533a725_c3f334541b894cc7c82c3e6ff11daec9', 'Zx+/AbCdEfGhIjK', 'e123456789012345', 'gSehWtnDWTMh38gmz0IjaFv0', 'RKWo%2FzEdy'];

function recording(): { logger: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  const record = (...args: unknown[]) => lines.push(args);
  return { lines, logger: { trace: record, debug: record, info: record, warn: record, error: record } };
}

describe('redactingLogger', () => {
  it('masks credentials in messages, nested fields, errors and URLs', () => {
    const { logger, lines } = recording();
    const log = redactingLogger(logger);
    log.info(`polling https://webpush.wx.qq.com/cgi-bin/mmwebwx-bin/synccheck?skey=${SECRETS[0]}&sid=${SECRETS[1]}&deviceid=${SECRETS[2]}`);
    log.debug({ request: { BaseRequest: { Uin: 2450346660, Sid: SECRETS[1], Skey: SECRETS[0], DeviceID: SECRETS[2] } } }, 'init');
    log.warn({ cookies: `webwx_data_ticket=${SECRETS[3]}`, passTicket: SECRETS[4] });
    log.error({ err: new Error(`failed with skey=${SECRETS[0]}`) }, 'oops');
    const text = JSON.stringify(lines);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('init');
    expect(text).toContain('oops');
  });

  it('keeps harmless fields readable and survives cycles', () => {
    const cyclic: Record<string, unknown> = { kind: 'text', chat: '@@group' };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ kind: 'text', chat: '@@group', self: '[…]' });
  });
});
