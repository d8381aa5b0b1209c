import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isMediaSourceError } from '../../src/errors/guards.js';
import { createKyTransport } from '../../src/http/ky-transport.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { isCdnError } from '../../src/ilink/errors/cdn-error.js';
import { decryptBytes } from '../../src/ilink/media/aes-ecb.js';
import { MAX_UPLOAD_ATTEMPTS, uploadToCdn } from '../../src/ilink/media/cdn-upload.js';
import { cdnUploadUrl } from '../../src/ilink/media/cdn-urls.js';
import { type PreparedUpload, prepareUpload } from '../../src/ilink/media/prepare-upload.js';
import { perTest } from '../support/per-test.js';
import { type FakeCdn, startFakeCdn } from './fake-cdn.js';

const t = perTest();
const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const UPLOAD_PARAM = 'uP+/aram==';
const FILE_KEY = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';

async function setUp(): Promise<{ cdn: FakeCdn; url: string; transport: ReturnType<typeof createUndiciTransport> }> {
  const cdn = t.closeAfter(await startFakeCdn(await t.tempDir()), (c) => c.close());
  const transport = t.closeAfter(createUndiciTransport(), (c) => c.close());
  return { cdn, url: cdnUploadUrl(cdn.base, UPLOAD_PARAM, FILE_KEY), transport };
}

/** Reads the body, then answers with `status` and `headers`. */
function answer(res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage, status: number, headers: Record<string, string> = {}): true {
  req.resume();
  req.on('end', () => {
    res.writeHead(status, headers);
    res.end();
  });
  return true;
}

describe.each([
  ['undici', () => createUndiciTransport()],
  ['ky', () => createKyTransport()],
] as const)('uploadToCdn over the %s transport', (_name, create) => {
  it('POSTs the ciphertext with its length and only a content type, and emits x-encrypted-param', async () => {
    const { cdn, url } = await setUp();
    const transport = t.closeAfter(create(), (c) => c.close());
    const plain = randomBytes(200_001);
    const prepared = await prepareUpload(plain);
    const param = await firstValueFrom(uploadToCdn(transport, { url, prepared, key: KEY }));
    const stored = cdn.objects.get(param);
    expect(stored?.size).toBe(prepared.encryptedSize);
    expect(decryptBytes(await readFile(stored?.path ?? ''), KEY).equals(plain)).toBe(true);
    const [request] = cdn.seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/c2c/upload?encrypted_query_param=uP%2B%2Faram%3D%3D&filekey=f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    expect(request?.headers['content-type']).toBe('application/octet-stream');
    expect(request?.headers['content-length']).toBe(String(prepared.encryptedSize));
    const names = Object.keys(request?.headers ?? {});
    for (const forbidden of ['authorization', 'authorizationtype', 'x-wechat-uin', 'ilink-app-id', 'ilink-app-clientversion', 'skroutetag', 'cookie']) {
      expect(names).not.toContain(forbidden);
    }
  });
});

describe('uploadToCdn', () => {
  it('fails at once on a 4xx with CdnError quoting x-error-message, never the URL or its parameters', async () => {
    const { cdn, url, transport } = await setUp();
    cdn.intercept((req, res) => answer(res, req, 403, { 'x-error-message': Buffer.from('文件 md5 不匹配').toString('latin1') }));
    const error = await firstValueFrom(uploadToCdn(transport, { url, prepared: await prepareUpload(Buffer.alloc(100)), key: KEY })).catch((e: unknown) => e);
    expect(isCdnError(error) && [error.operation, error.status, error.reason]).toEqual(['upload', 403, '文件 md5 不匹配']);
    expect(cdn.seen).toHaveLength(1);
    const shown = inspect(error, { depth: 6 });
    for (const secret of [UPLOAD_PARAM, encodeURIComponent(UPLOAD_PARAM), FILE_KEY, cdn.base]) expect(shown).not.toContain(secret);
  });

  it('masks the upload parameters when a refusal quotes the URL it refused', async () => {
    const { cdn, url, transport } = await setUp();
    cdn.intercept((req, res) => answer(res, req, 400, { 'x-error-message': `bad request ${req.url ?? ''}` }));
    const error = await firstValueFrom(uploadToCdn(transport, { url, prepared: await prepareUpload(Buffer.alloc(100)), key: KEY })).catch((e: unknown) => e);
    expect(isCdnError(error) && error.reason).toMatch(/^bad request \/.*=\*\*\*/);
    const shown = inspect(error, { depth: 6 });
    for (const secret of [UPLOAD_PARAM, encodeURIComponent(UPLOAD_PARAM), FILE_KEY]) expect(shown).not.toContain(secret);
  });

  it('tries a 5xx again, at most three attempts, and surfaces the last failure', async () => {
    const { cdn, url, transport } = await setUp();
    cdn.intercept((req, res) => answer(res, req, 503));
    const error = await firstValueFrom(uploadToCdn(transport, { url, prepared: await prepareUpload(Buffer.alloc(100)), key: KEY })).catch((e: unknown) => e);
    expect(isCdnError(error) && error.status).toBe(503);
    expect(cdn.seen).toHaveLength(MAX_UPLOAD_ATTEMPTS);
    expect(MAX_UPLOAD_ATTEMPTS).toBe(3);
  });

  it('sends the whole source again on each attempt: a 200 without the header, then a reset, then success', async () => {
    const { cdn, url, transport } = await setUp();
    cdn.intercept((req, res, index) => {
      if (index === 0) return answer(res, req, 200);
      if (index === 1) {
        req.once('data', () => req.socket.destroy());
        return true;
      }
      return false;
    });
    const plain = randomBytes(300_000);
    const param = await firstValueFrom(uploadToCdn(transport, { url, prepared: await prepareUpload(plain), key: KEY }));
    expect(cdn.seen).toHaveLength(3);
    expect(decryptBytes(await readFile(cdn.objects.get(param)?.path ?? ''), KEY).equals(plain)).toBe(true);
  });

  it('gives up on answers without x-encrypted-param after three attempts', async () => {
    const { cdn, url, transport } = await setUp();
    cdn.intercept((req, res) => answer(res, req, 200));
    const error = await firstValueFrom(uploadToCdn(transport, { url, prepared: await prepareUpload(Buffer.alloc(1)), key: KEY })).catch((e: unknown) => e);
    expect(isCdnError(error) && [error.status, error.reason]).toEqual([200, 'the answer carries no x-encrypted-param']);
    expect(cdn.seen).toHaveLength(3);
  });

  it('reports progress as ciphertext bytes sent of the total, ending at the total', async () => {
    const { url, transport } = await setUp();
    const folder = await t.tempDir();
    const path = join(folder, 'photo.jpg');
    await writeFile(path, randomBytes(1_000_000));
    const prepared = await prepareUpload(path);
    const progress: Array<readonly [number, number]> = [];
    await lastValueFrom(uploadToCdn(transport, { url, prepared, key: KEY, onProgress: (sent, total) => progress.push([sent, total]) }));
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.every(([, total]) => total === prepared.encryptedSize)).toBe(true);
    expect(progress.every(([sent], i) => i === 0 || sent > (progress[i - 1]?.[0] ?? 0))).toBe(true);
    expect(progress.at(-1)).toEqual([prepared.encryptedSize, prepared.encryptedSize]);
  });

  it('aborts the request and closes the source when unsubscribed mid-upload', async () => {
    const { cdn, url, transport } = await setUp();
    let closed = false;
    let received = 0;
    cdn.intercept((req, res) => {
      res.on('close', () => (closed = true));
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      return true;
    });
    // A source that gives 100 kB and then waits, so the upload is still running when unsubscribed.
    const opened: PassThrough[] = [];
    const stalled: PreparedUpload = Object.assign({}, await prepareUpload(Buffer.alloc(1_000_000)), {
      open: () => {
        const source = new PassThrough();
        source.write(Buffer.alloc(100_000));
        opened.push(source);
        return source;
      },
    });
    const subscription = uploadToCdn(transport, { url, prepared: stalled, key: KEY }).subscribe({ error: () => undefined });
    await expect.poll(() => received, { timeout: 5_000 }).toBeGreaterThan(0);
    subscription.unsubscribe();
    await expect.poll(() => closed, { timeout: 5_000 }).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.destroyed).toBe(true);
  });

  it('fails with MediaSourceError, not retried, when the file is gone before the upload', async () => {
    const { url, transport } = await setUp();
    const path = join(await t.tempDir(), 'gone.bin');
    await writeFile(path, randomBytes(1000));
    const prepared = await prepareUpload(path);
    await rm(path);
    const error = await firstValueFrom(uploadToCdn(transport, { url, prepared, key: KEY })).catch((e: unknown) => e);
    expect(isMediaSourceError(error) && error.code).toBe('ENOENT');
  });
});
