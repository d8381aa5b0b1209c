import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isFileExistsError } from '../../src/errors/media-guards.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { isAesKeyError } from '../../src/ilink/errors/aes-key-error.js';
import { isCdnError } from '../../src/ilink/errors/cdn-error.js';
import { decryptBytes, encryptBytes } from '../../src/ilink/media/aes-ecb.js';
import { downloadFromCdn } from '../../src/ilink/media/cdn-download.js';
import { uploadToCdn } from '../../src/ilink/media/cdn-upload.js';
import { cdnDownloadUrl, cdnUploadUrl } from '../../src/ilink/media/cdn-urls.js';
import { downloadToFile } from '../../src/ilink/media/download-to-file.js';
import { prepareUpload } from '../../src/ilink/media/prepare-upload.js';
import { saveToFile } from '../../src/ilink/media/save-to-file.js';
import { perTest } from '../support/per-test.js';
import { type FakeCdn, startFakeCdn } from './fake-cdn.js';

const t = perTest();
const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
/** A key whose decryption of the test's ciphertext ends in bad padding (checked in the test that uses it). */
const WRONG_KEY = Buffer.alloc(16, 0x5a);

async function setUp(): Promise<{ cdn: FakeCdn; transport: ReturnType<typeof createUndiciTransport>; folder: string }> {
  const cdn = t.closeAfter(await startFakeCdn(await t.tempDir()), (c) => c.close());
  const transport = t.closeAfter(createUndiciTransport(), (c) => c.close());
  return { cdn, transport, folder: await t.tempDir() };
}

/** Uploads `plain` encrypted with KEY and returns its download URL. */
async function stored(cdn: FakeCdn, transport: ReturnType<typeof createUndiciTransport>, plain: Uint8Array): Promise<string> {
  const prepared = await prepareUpload(plain);
  const param = await firstValueFrom(uploadToCdn(transport, { url: cdnUploadUrl(cdn.base, 'p', 'f'), prepared, key: KEY }));
  return cdnDownloadUrl(cdn.base, param);
}

describe('downloadFromCdn', () => {
  it('streams the decrypted bytes, or the bytes as stored when there is no key', async () => {
    const { cdn, transport } = await setUp();
    const plain = randomBytes(333_333);
    const url = await stored(cdn, transport, plain);
    expect((await buffer(await firstValueFrom(downloadFromCdn(transport, { url, aesKey: KEY })))).equals(plain)).toBe(true);
    const raw = await buffer(await firstValueFrom(downloadFromCdn(transport, { url, aesKey: undefined })));
    expect(raw.equals(encryptBytes(plain, KEY))).toBe(true);
    expect(cdn.seen.at(-1)?.url).toMatch(/^\/c2c\/download\?encrypted_query_param=[^+/=]+%2B%2F%3D$/);
  });

  it('fails an error status with CdnError quoting x-error-message, not the URL', async () => {
    const { cdn, transport } = await setUp();
    const url = cdnDownloadUrl(cdn.base, 'secret+param/==');
    const error = await firstValueFrom(downloadFromCdn(transport, { url, aesKey: KEY })).catch((e: unknown) => e);
    expect(isCdnError(error) && [error.operation, error.status, error.reason]).toEqual(['download', 404, 'no such object']);
    expect(inspect(error, { depth: 6 })).not.toMatch(/secret|127\.0\.0\.1/);
  });

  it('errors the stream with AesKeyError when the key does not decrypt the object (the same file sent twice)', async () => {
    const { cdn, transport } = await setUp();
    const plain = Buffer.from('a file whose key was replaced');
    expect(() => decryptBytes(encryptBytes(plain, KEY), WRONG_KEY)).toThrow();
    const url = await stored(cdn, transport, plain);
    const error = await buffer(await firstValueFrom(downloadFromCdn(transport, { url, aesKey: WRONG_KEY }))).catch((e: unknown) => e);
    expect(isAesKeyError(error) && error.problem).toBe('does-not-decrypt');
  });

  it('passes a plaintext of the stated size, and errors the stream with CdnError at the end for any other', async () => {
    const { cdn, transport } = await setUp();
    const plain = randomBytes(40_000);
    const url = await stored(cdn, transport, plain);
    expect((await buffer(await firstValueFrom(downloadFromCdn(transport, { url, aesKey: KEY, size: plain.length })))).equals(plain)).toBe(true);
    const error = await buffer(await firstValueFrom(downloadFromCdn(transport, { url, aesKey: KEY, size: plain.length + 1 }))).catch((e: unknown) => e);
    expect(isCdnError(error) && [error.operation, error.reason]).toEqual(['download', `${plain.length} bytes arrived where the message says ${plain.length + 1}: truncated, or decrypted with the wrong key`]);
  });

  it('refuses a malformed key before asking the CDN anything', async () => {
    const { cdn, transport } = await setUp();
    const error = await firstValueFrom(downloadFromCdn(transport, { url: cdnDownloadUrl(cdn.base, 'x'), aesKey: Buffer.alloc(8) })).catch((e: unknown) => e);
    expect(isAesKeyError(error) && error.problem).toBe('malformed');
    expect(cdn.seen).toHaveLength(0);
  });
});

describe('downloadToFile', () => {
  it('writes the plaintext to the path and leaves no temp file', async () => {
    const { cdn, transport, folder } = await setUp();
    const plain = randomBytes(100_000);
    const url = await stored(cdn, transport, plain);
    const to = join(folder, 'photo.jpg');
    expect(await firstValueFrom(downloadToFile(transport, { url, aesKey: KEY, to }))).toEqual({ path: to, size: plain.length });
    expect((await readFile(to)).equals(plain)).toBe(true);
    expect(await readdir(folder)).toEqual(['photo.jpg']);
  });

  it('refuses an existing file before downloading, and replaces it when asked', async () => {
    const { cdn, transport, folder } = await setUp();
    const url = await stored(cdn, transport, Buffer.from('new'));
    const to = join(folder, 'doc.txt');
    await writeFile(to, 'old');
    const requests = cdn.seen.length;
    const error = await firstValueFrom(downloadToFile(transport, { url, aesKey: KEY, to })).catch((e: unknown) => e);
    expect(isFileExistsError(error) && error.path).toBe(to);
    expect(cdn.seen).toHaveLength(requests);
    expect(await readFile(to, 'utf8')).toBe('old');
    await firstValueFrom(downloadToFile(transport, { url, aesKey: KEY, to, overwrite: true }));
    expect(await readFile(to, 'utf8')).toBe('new');
  });

  it('leaves nothing behind when the key does not decrypt the object', async () => {
    const { cdn, transport, folder } = await setUp();
    const url = await stored(cdn, transport, Buffer.from('a file whose key was replaced'));
    const error = await firstValueFrom(downloadToFile(transport, { url, aesKey: WRONG_KEY, to: join(folder, 'f.bin') })).catch((e: unknown) => e);
    expect(isAesKeyError(error)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves nothing behind when the plaintext is not the stated size', async () => {
    const { cdn, transport, folder } = await setUp();
    const url = await stored(cdn, transport, randomBytes(70_000));
    const error = await firstValueFrom(downloadToFile(transport, { url, aesKey: KEY, size: 69_999, to: join(folder, 'f.bin') })).catch((e: unknown) => e);
    expect(isCdnError(error)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('aborts the download and removes the partial file when unsubscribed', async () => {
    const { cdn, transport, folder } = await setUp();
    let closed = false;
    cdn.intercept((_req, res) => {
      res.on('close', () => (closed = true));
      res.writeHead(200, { 'content-length': 1_000_000 });
      res.write(Buffer.alloc(64 * 1024));
      return true;
    });
    const subscription = downloadToFile(transport, { url: cdnDownloadUrl(cdn.base, 'x'), aesKey: undefined, to: join(folder, 'big.bin') }).subscribe({
      error: () => undefined,
    });
    await expect.poll(async () => (await readdir(folder)).length, { timeout: 5_000 }).toBe(1);
    subscription.unsubscribe();
    await expect.poll(() => closed, { timeout: 5_000 }).toBe(true);
    await expect.poll(async () => readdir(folder), { timeout: 5_000 }).toEqual([]);
  });
});

describe('saveToFile', () => {
  it('does not replace a file that appeared while it was writing', async () => {
    const folder = await t.tempDir();
    const to = join(folder, 'race.txt');
    const source = new PassThrough();
    const saving = saveToFile(source, to);
    source.write('mine');
    // The existence check at the start has passed once the temp file is there.
    await expect.poll(async () => (await readdir(folder)).some((name) => name.endsWith('.part')), { timeout: 5_000 }).toBe(true);
    await writeFile(to, 'theirs');
    source.end();
    const error = await saving.catch((e: unknown) => e);
    expect(isFileExistsError(error)).toBe(true);
    expect(await readFile(to, 'utf8')).toBe('theirs');
    expect(await readdir(folder)).toEqual(['race.txt']);
  });
});
