import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import { SessionEndedError } from '../../src/errors/session-ended-error.js';
import { IlinkRetcodeError } from '../../src/ilink/errors/ilink-retcode-error.js';
import { botAgentOf, botAgentProblem } from '../../src/ilink/protocol/bot-agent.js';
import { packClientVersion } from '../../src/ilink/protocol/client-version.js';
import { readAnswer } from '../../src/ilink/protocol/envelope.js';
import { wechatUin } from '../../src/ilink/protocol/headers.js';
import { isTencentUrl, joinUrl, redirectBase, withQuery } from '../../src/ilink/protocol/hosts.js';
import { parseIlinkJson } from '../../src/ilink/protocol/json.js';
import { redactIlink } from '../../src/ilink/protocol/redact.js';

describe('X-WECHAT-UIN', () => {
  it('is the base64 of the decimal text of the 4 bytes read big-endian', () => {
    expect(wechatUin(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))).toBe('MzczNTkyODU1OQ==');
    expect(Buffer.from(wechatUin(new Uint8Array([0, 0, 0, 7])), 'base64').toString()).toBe('7');
    expect(Buffer.from(wechatUin(new Uint8Array([0xff, 0xff, 0xff, 0xff])), 'base64').toString()).toBe('4294967295');
  });
});

describe('iLink-App-ClientVersion', () => {
  it('packs major.minor.patch into one byte each, in decimal', () => {
    expect(packClientVersion('1.0.11')).toBe('65547');
    expect(packClientVersion('2.2.0')).toBe('131584');
    expect(packClientVersion('2.4.3')).toBe('132099');
    expect(packClientVersion('2.4.9')).toBe('132105');
  });

  it('refuses anything else', () => {
    for (const bad of ['2.4', '2.4.3-beta', '256.0.0', 'x.y.z', '']) expect(packClientVersion(bad)).toBeUndefined();
  });
});

describe('bot_agent', () => {
  it('accepts products with optional comments', () => {
    for (const good of ['MyBot/1.0', 'MyBot/1.0 (support@example.com)', 'a_b.c-d/1.2+build Other/2', 'X/1 (one) Y/2 (two words)']) {
      expect(botAgentProblem(good)).toBeUndefined();
    }
  });

  it('refuses what the grammar does not allow', () => {
    for (const bad of ['', 'MyBot', 'My Bot/1.0', 'MyBot/1.0 (nested (x))', '(comment) MyBot/1', `${'a'.repeat(33)}/1`, 'MyBot/1.0(no space)', `Bot/1 (${'é'})`]) {
      expect(botAgentProblem(bad), bad).toBeDefined();
    }
    expect(botAgentProblem(Array.from({ length: 30 }, (_, i) => `Bot${i}/1.0`).join(' '))).toMatch(/256 bytes/);
  });

  it("adds wechat-rx's product after the caller's", () => {
    expect(botAgentOf(undefined)).toBe('wechat-rx/0.1');
    expect(botAgentOf('MyBot/1.0')).toBe('MyBot/1.0 wechat-rx/0.1');
    const long = Array.from({ length: 25 }, (_, i) => `Bot${String(i).padStart(2, '0')}/1.0`).join(' ');
    expect(botAgentOf(long)).toBe(long);
  });
});

describe('URLs', () => {
  it('resolve endpoint paths below the base, keeping a base path', () => {
    expect(joinUrl('https://ilinkai.weixin.qq.com', 'ilink/bot/getupdates')).toBe('https://ilinkai.weixin.qq.com/ilink/bot/getupdates');
    expect(joinUrl('https://h.example/prefix', 'ilink/bot/x')).toBe('https://h.example/prefix/ilink/bot/x');
    expect(joinUrl('https://h.example/prefix/', 'ilink/bot/x')).toBe('https://h.example/prefix/ilink/bot/x');
  });

  it('build queries with encodeURIComponent, leaving out absent values', () => {
    expect(withQuery('https://h/x', [['a', 'b+/='], ['c', undefined], ['d', 3]])).toBe('https://h/x?a=b%2B%2F%3D&d=3');
    expect(withQuery('https://h/x?bot_type=3', [['a', '1']])).toBe('https://h/x?bot_type=3&a=1');
  });

  it('take a redirect host as an https origin, refusing anything but a plain host', () => {
    expect(redirectBase('ilinkai2.weixin.qq.com')).toBe('https://ilinkai2.weixin.qq.com');
    expect(redirectBase('127.0.0.1:8443')).toBe('https://127.0.0.1:8443');
    for (const bad of ['', 'evil.example/path', 'user@host', 'http://x', 'a b']) expect(redirectBase(bad), bad).toBeUndefined();
  });

  it('know which hosts are Tencent', () => {
    expect(isTencentUrl(new URL('https://ilinkai.wechat.com/x'))).toBe(true);
    expect(isTencentUrl(new URL('https://novac2c.cdn.weixin.qq.com/c2c'))).toBe(true);
    expect(isTencentUrl(new URL('http://ilinkai.weixin.qq.com/'))).toBe(false);
    expect(isTencentUrl(new URL('https://notqq.com/'))).toBe(false);
    expect(isTencentUrl(new URL('https://qq.com.evil.example/'))).toBe(false);
  });
});

describe('parseIlinkJson', () => {
  it('keeps ids above 2^53 exact and leaves every other number alone', () => {
    const parsed = parseIlinkJson('{"msgs":[{"message_id":7430120123456789012,"seq":12,"create_time_ms":1760000000000,"f":1.5,"n":-3}]}', 'getupdates');
    expect(parsed).toEqual({ msgs: [{ message_id: '7430120123456789012', seq: 12, create_time_ms: 1760000000000, f: 1.5, n: -3 }] });
    expect(parseIlinkJson('{"a" : 9007199254740993 }', 'x')).toEqual({ a: '9007199254740993' });
    expect(parseIlinkJson('{"a":9007199254740991}', 'x')).toEqual({ a: 9007199254740991 });
  });

  it('never touches digits inside a string', () => {
    const text = JSON.stringify({ text: '"message_id":7430120123456789012, and \\":7430120123456789012}' });
    expect(parseIlinkJson(text, 'x')).toEqual(JSON.parse(text));
  });

  it('reads any JSON as JSON.parse does, except for exact long integers (property)', () => {
    const unsafe = (value: unknown): boolean =>
      typeof value === 'number'
        ? Number.isInteger(value) && !Number.isSafeInteger(value)
        : typeof value === 'object' && value !== null && Object.values(value).some(unsafe);
    fc.assert(
      fc.property(
        fc.jsonValue().filter((value) => !unsafe(value)),
        (value) => {
          const text = JSON.stringify(value);
          expect(parseIlinkJson(text, 'x')).toEqual(JSON.parse(text));
        },
      ),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }), fc.string(), (id, text) => {
        const body = `{"text":${JSON.stringify(text)},"message_id":${id},"k":[${id}]}`;
        expect(parseIlinkJson(body, 'x')).toMatchObject({ text, message_id: String(id) });
      }),
    );
  });

  it('fails with a DecodeError that shows no token', () => {
    const error = (() => {
      try {
        parseIlinkJson('{"bot_token":"SECRET-TOKEN-1234","context_token":"CTX-SECRET-99", oops', 'get_qrcode_status');
      } catch (e) {
        return e;
      }
    })() as DecodeError;
    expect(error).toBeInstanceOf(DecodeError);
    expect(error.endpoint).toBe('get_qrcode_status');
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/SECRET/);
  });
});

describe('the answer envelope', () => {
  const fails = (text: string) => {
    try {
      readAnswer('getupdates', text);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('is a success only when both ret and errcode are zero or absent', () => {
    expect(readAnswer('x', '{}')).toEqual({});
    expect(readAnswer('x', '{"ret":0,"errcode":0,"errmsg":""}')).toMatchObject({ ret: 0 });
  });

  it('reads -14 in either field as a dead token, whatever the other says', () => {
    for (const body of ['{"errcode":-14,"errmsg":"session timeout"}', '{"ret":-14,"errmsg":"session timeout"}', '{"ret":-14,"errcode":0}', '{"ret":-2,"errcode":-14}', '{"ret":"-14"}']) {
      const error = fails(body);
      expect(error, body).toBeInstanceOf(SessionEndedError);
      expect((error as SessionEndedError).retcode).toBe(-14);
      expect((error as Error).message).toMatch(/-14 \(the bot token is no longer valid\)/);
    }
  });

  it('reads any other non-zero code as an IlinkRetcodeError', () => {
    const error = fails('{"ret":-2,"errmsg":"prepare failed"}') as IlinkRetcodeError;
    expect(error).toBeInstanceOf(IlinkRetcodeError);
    expect([error.retcode, error.errMsg]).toEqual([-2, 'prepare failed']);
    expect((fails('{"errcode":-1}') as IlinkRetcodeError).retcode).toBe(-1);
  });

  it('refuses a body that is no JSON object', () => {
    expect(fails('[1]')).toBeInstanceOf(DecodeError);
    expect(fails('<html>524</html>')).toBeInstanceOf(DecodeError);
  });
});

describe('redactIlink', () => {
  it('masks every credential field, escaped quotes, lists and bearer tokens included', () => {
    const text = JSON.stringify({
      bot_token: 'T1',
      context_token: 'a\\"b',
      typing_ticket: 'T3',
      aes_key: 'T4',
      aeskey: 'T5',
      upload_param: 'T6',
      encrypt_query_param: 'T7',
      upload_full_url: 'https://x/T8',
      full_url: 'https://x/T9',
      qrcode: 'T10',
      get_updates_buf: 'T11',
      local_token_list: ['T12', 'T13'],
      text: 'hello',
    });
    const masked = redactIlink(`${text} Authorization: Bearer T14`);
    expect(masked).not.toMatch(/T\d/);
    expect(masked).toContain('"text":"hello"');
    expect(redactIlink('{"context_token":"abcdef')).toBe('{"context_token":"***');
  });

  it('masks upload and download parameters quoted in a URL', () => {
    const masked = redactIlink('refused https://cdn/upload?encrypted_query_param=Q1%2B&filekey=F2 then /download?encrypt_query_param=Q3');
    expect(masked).not.toMatch(/Q1|F2|Q3/);
    expect(masked).toContain('filekey=***');
  });
});
