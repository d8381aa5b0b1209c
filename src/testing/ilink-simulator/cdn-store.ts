/**
 * The CDN's storage: objects are kept encrypted, one file each in a private temp folder (uploads of 20 MiB stay out
 * of memory), under an opaque download parameter; upload tickets from `getuploadurl` wait for their bytes here.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decipher, encrypt } from './aes.js';
import type { SimRandom } from './random.js';

/** What `getuploadurl` announced; the upload must match it. */
export interface UploadTicket {
  readonly botId: string;
  readonly filekey: string;
  readonly mediaType: number;
  readonly to: string;
  readonly rawSize: number;
  readonly rawMd5: string;
  readonly fileSize: number;
  readonly key: Buffer;
}

export interface CdnObject {
  readonly file: string;
  /** Ciphertext bytes. */
  readonly size: number;
  readonly rawSize: number;
  readonly md5: string;
  readonly key: Buffer;
  readonly source: 'upload' | 'inject';
}

export class CdnStore {
  readonly uploads = new Map<string, UploadTicket>();
  readonly objects = new Map<string, CdnObject>();
  private files = 0;

  private constructor(
    private readonly dir: string,
    private readonly random: SimRandom,
  ) {}

  static async create(random: SimRandom): Promise<CdnStore> {
    return new CdnStore(await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-sim-')), random);
  }

  /** A fresh file name in the store's folder. */
  newFile(): string {
    return join(this.dir, `object-${++this.files}.bin`);
  }

  /** Stores an object and returns its download parameter. */
  add(object: CdnObject): string {
    const param = this.random.cdnParam();
    this.objects.set(param, object);
    return param;
  }

  /** Encrypts and stores plaintext the simulator itself sends (inbound media). */
  addPlain(plain: Uint8Array, key: Buffer): { readonly param: string; readonly object: CdnObject } {
    const file = this.newFile();
    const ciphertext = encrypt(key, plain);
    writeFileSync(file, ciphertext, { mode: 0o600 });
    const object: CdnObject = { file, size: ciphertext.length, rawSize: plain.byteLength, md5: md5Hex(plain), key, source: 'inject' };
    return { param: this.add(object), object };
  }

  /** The plaintext of a stored object. */
  async readPlain(param: string): Promise<Buffer | undefined> {
    const object = this.objects.get(param);
    if (object === undefined) return undefined;
    const d = decipher(object.key);
    return Buffer.concat([d.update(await readFile(object.file)), d.final()]);
  }

  async dispose(): Promise<void> {
    this.uploads.clear();
    this.objects.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}

export const md5Hex = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');
