import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator, type IlinkSimulatorOptions } from '../../src/testing/index.js';
import { call, decrypt, encrypt, md5, paddedSize } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

async function started(options: IlinkSimulatorOptions = {}) {
  sim = await startIlinkSimulator(options);
  const bot = sim.createBot();
  const message = sim.inject({ kind: 'text', text: 'send me a file' });
  return { token: bot.token, to: message.from, contextToken: message.contextToken };
}

const FILEKEY = 'a'.repeat(32);

function announce(to: string, plain: Buffer, key: Buffer, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    filekey: FILEKEY,
    media_type: 3,
    to_user_id: to,
    rawsize: plain.length,
    rawfilemd5: md5(plain),
    filesize: paddedSize(plain.length),
    no_need_thumb: true,
    aeskey: key.toString('hex'),
    ...overrides,
  };
}

const uploadUrl = (sim: IlinkSimulator, param: string) => `${sim.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(param)}&filekey=${FILEKEY}`;

const post = (url: string, body: Uint8Array) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body });

describe('getuploadurl', () => {
  it('validates size formula, md5, key and recipient with ret -1', async () => {
    const { token, to } = await started();
    const plain = Buffer.from('0123456789abcdef'); // 16 bytes: the padded size is 32
    const key = randomBytes(16);
    expect(paddedSize(0)).toBe(16);
    const cases: Record<string, unknown>[] = [
      { filesize: 16 },
      { rawfilemd5: 'not-an-md5' },
      { aeskey: key.toString('base64') },
      { to_user_id: sim.userId(9) },
      { media_type: 9 },
      { rawsize: -1 },
    ];
    for (const override of cases) expect((await call(sim.origin, 'getuploadurl', token, announce(to, plain, key, override))).body['ret']).toBe(-1);
    const ok = await call(sim.origin, 'getuploadurl', token, announce(to, plain, key));
    expect(ok.body).toEqual({ ret: 0, upload_param: expect.stringMatching(/[+/=]/) });
    expect((await call(sim.origin, 'getuploadurl', token, announce(sim.userId(), plain, key))).body['ret']).toBe(0);
  });

  it('answers upload_full_url, or both, on request; a thumbnail gets its own param', async () => {
    const full = await started({ uploadUrlAnswer: 'full-url' });
    const plain = Buffer.from('x');
    const key = randomBytes(16);
    const answer = (await call(sim.origin, 'getuploadurl', full.token, announce(full.to, plain, key))).body;
    expect(answer['upload_param']).toBeUndefined();
    expect(String(answer['upload_full_url']).startsWith(`${sim.cdnBaseUrl}/upload?encrypted_query_param=`)).toBe(true);
    await sim.close();
    const both = await started({ uploadUrlAnswer: 'both' });
    const thumb = Buffer.from('thumb');
    const withThumb = announce(both.to, plain, key, { no_need_thumb: false, thumb_rawsize: thumb.length, thumb_rawfilemd5: md5(thumb), thumb_filesize: 16 });
    const answered = (await call(sim.origin, 'getuploadurl', both.token, withThumb)).body;
    expect(Object.keys(answered).sort()).toEqual(['filekey', 'ret', 'thumb_upload_param', 'upload_full_url', 'upload_param']);
  });
});

describe('the CDN', () => {
  it('takes the ciphertext by POST, answers x-encrypted-param, and serves the ciphertext back', async () => {
    const { token, to, contextToken } = await started();
    const plain = Buffer.from('hello file');
    const key = randomBytes(16);
    const { upload_param: param } = (await call(sim.origin, 'getuploadurl', token, announce(to, plain, key))).body as { upload_param: string };
    const put = await fetch(uploadUrl(sim, param), { method: 'PUT', body: encrypt(key, plain) });
    expect(put.status).toBe(405);
    expect(put.headers.get('x-error-message')).toMatch(/POST/);
    const res = await post(uploadUrl(sim, param), encrypt(key, plain));
    expect(res.status).toBe(200);
    const download = res.headers.get('x-encrypted-param') ?? '';
    expect(download).toMatch(/[+/=]/);
    const got = Buffer.from(await (await fetch(`${sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(download)}`)).arrayBuffer());
    expect(got.equals(encrypt(key, plain))).toBe(true);
    expect(sim.media(download)).toEqual({ size: 16, rawSize: plain.length, md5: md5(plain), source: 'upload' });
    // the ticket is used up
    expect((await post(uploadUrl(sim, param), encrypt(key, plain))).status).toBe(400);
    // a send referencing the object is checked against it: the right key, and a wrong one
    const item = (aesKey: string) => ({ type: 4, file_item: { media: { encrypt_query_param: download, aes_key: aesKey, encrypt_type: 1 }, file_name: 'f.txt', len: '10' } });
    for (const aesKey of [Buffer.from(key.toString('hex')).toString('base64'), randomBytes(16).toString('base64')]) {
      await call(sim.origin, 'sendmessage', token, { msg: { to_user_id: to, client_id: aesKey, message_type: 2, message_state: 2, context_token: contextToken, item_list: [item(aesKey)] } });
    }
    expect(sim.sent().map((e) => e.media)).toEqual([
      [{ encryptQueryParam: download, verdict: 'ok', keyEncoding: 'hex' }],
      [{ encryptQueryParam: download, verdict: 'wrong-key', keyEncoding: 'raw' }],
    ]);
  });

  it('refuses a wrong byte count, a wrong key, a wrong MD5 and an unknown param with 4xx and x-error-message', async () => {
    const { token, to } = await started();
    const plain = Buffer.from('some bytes to upload');
    const key = randomBytes(16);
    const ticket = async (overrides: Record<string, unknown> = {}) =>
      ((await call(sim.origin, 'getuploadurl', token, announce(to, plain, key, overrides))).body as { upload_param: string }).upload_param;
    const short = await post(uploadUrl(sim, await ticket()), encrypt(key, plain).subarray(0, 16));
    expect([short.status, short.headers.get('x-error-message')]).toEqual([400, expect.stringMatching(/received 16 bytes/)]);
    const wrongKey = await post(uploadUrl(sim, await ticket()), encrypt(randomBytes(16), plain));
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.headers.get('x-error-message')).toMatch(/decrypt|MD5/);
    const wrongMd5 = await post(uploadUrl(sim, await ticket({ rawfilemd5: md5(Buffer.from('other')) })), encrypt(key, plain));
    expect(wrongMd5.headers.get('x-error-message')).toMatch(/MD5/);
    const unknown = await post(`${sim.cdnBaseUrl}/upload?encrypted_query_param=nope&filekey=${FILEKEY}`, encrypt(key, plain));
    expect([unknown.status, unknown.headers.get('x-error-message')]).toEqual([400, expect.stringMatching(/unknown/)]);
    const wrongFilekey = await post(`${sim.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(await ticket())}&filekey=other`, encrypt(key, plain));
    expect(wrongFilekey.headers.get('x-error-message')).toMatch(/filekey/);
  });

  it('streams a 20 MiB upload to disk and serves it back intact', async () => {
    const { token, to } = await started();
    const size = 20 * 1024 * 1024;
    const chunk = randomBytes(1024 * 1024);
    const key = randomBytes(16);
    const hash = createHash('md5');
    for (let i = 0; i < 20; i++) hash.update(chunk);
    const answer = await call(sim.origin, 'getuploadurl', token, {
      filekey: FILEKEY, media_type: 3, to_user_id: to, rawsize: size, rawfilemd5: hash.digest('hex'), filesize: paddedSize(size), no_need_thumb: true, aeskey: key.toString('hex'),
    });
    const cipher = createCipheriv('aes-128-ecb', key, null);
    const body = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield chunk;
    })()).pipe(cipher);
    const res = await fetch(uploadUrl(sim, answer.body['upload_param'] as string), {
      method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: Readable.toWeb(body) as ReadableStream, duplex: 'half',
    } as RequestInit);
    expect([res.status, res.headers.get('x-error-message')]).toEqual([200, null]);
    const param = res.headers.get('x-encrypted-param') ?? '';
    expect(sim.media(param)?.size).toBe(paddedSize(size));
    const back = Buffer.from(await (await fetch(`${sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(param)}`)).arrayBuffer());
    const plain = decrypt(key, back);
    expect(plain.length).toBe(size);
    expect(plain.subarray(size - chunk.length).equals(chunk)).toBe(true);
  });
});
