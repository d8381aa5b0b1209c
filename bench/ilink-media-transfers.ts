/**
 * The transfers of the iLink media scenario, measured in the process that runs them (bench/ilink-media-process.ts):
 * `client.sendFile` of a file by path through `connectIlink` (its default undici transport, and the ky one), against
 * a raw upload of the same file: `readFile`, node:crypto AES-128-ECB over the whole buffer, one undici POST of the
 * ciphertext to the CDN upload URL. The raw client asks `getuploadurl` (with the file's md5, computed once) before
 * its clock starts. Two library figures: `upload`, the library's encrypt+upload on the same terms (`prepareUpload`
 * and `getuploadurl` before the clock, then `uploadToCdn` on the default undici transport: the encrypting stream
 * and the POST), which the target reads; and `sendFile` as a user calls it, whose time covers everything: the size
 * and md5 pass, `getuploadurl`, the encrypting stream, the upload and the `sendmessage`.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { Agent, request } from 'undici';
import type { IlinkClient } from '../src/ilink/index.js';
import type { ClosableTransport } from '../src/http/transport-core.js';
import type { IlinkBotCredentials } from '../src/testing/index.js';
import { built } from './built.js';
import { rotate } from './clients.js';
import { BARE_BASE_INFO, bareHeaders, savedSessionOf } from './ilink-bot.js';
import { bindBot, simControl } from './ilink-sim.js';

const { connectIlink, ilinkMemoryStore } = await built<typeof import('../src/ilink/index.js')>('ilink/index.js');
const { prepareUpload, uploadToCdn } = await built<typeof import('../src/ilink/media/index.js')>('ilink/media/index.js');
const { createKyTransport, createUndiciTransport } = await built<typeof import('../src/index.js')>('index.js');

export type IlinkMediaKind = 'ky' | 'undici' | 'upload';

export interface IlinkTransferTimes {
  /** ms per upload, in the order measured. */
  readonly ky: readonly number[];
  readonly undici: readonly number[];
  /** The library's encrypt+upload alone (`uploadToCdn`), on the raw side's terms. */
  readonly upload: readonly number[];
  readonly raw: readonly number[];
}

export interface TransferSetup {
  readonly origin: string;
  readonly cdnBaseUrl: string;
  readonly bytes: number;
  readonly runs: number;
  readonly dir: string;
}

async function writeFileOf(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131 + 7) & 0xff;
  try {
    for (let written = 0; written < size; written += block.length) await file.write(block, 0, Math.min(block.length, size - written));
  } finally {
    await file.close();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

interface LibrarySender {
  readonly client: IlinkClient;
  readonly transport: ClosableTransport | undefined;
  /** The bot's owner, who wrote first: a reply needs the context token of their message. */
  readonly chat: string;
}

/** A client resumed on a bot of its own, online once it has the owner's first message. */
async function librarySender(kind: IlinkMediaKind, setup: TransferSetup, userIndex: number): Promise<LibrarySender> {
  const bot = await bindBot(setup.origin, userIndex);
  const transport = kind === 'ky' ? createKyTransport() : undefined;
  const client = connectIlink({
    server: setup.origin,
    store: ilinkMemoryStore(savedSessionOf(bot)),
    sendIntervalMs: 0,
    ...(transport === undefined ? {} : { transport }),
  });
  const first = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text'), timeout(30_000)));
  await lastValueFrom(client.login$.pipe(timeout(30_000)));
  await simControl(setup.origin, 'inject', { kind: 'text', text: 'send me the file', botId: bot.botId });
  return { client, transport, chat: (await first).chat };
}

interface RawUploader {
  /** Asks for an upload ticket (not timed), then returns the timed part: read, encrypt, POST. */
  prepare(): Promise<() => Promise<void>>;
  /** An upload URL and key from `getuploadurl`, for the library's own encrypt+upload. */
  ticket(): Promise<{ readonly url: string; readonly key: Buffer }>;
  close(): Promise<void>;
}

function rawUploader(setup: TransferSetup, bot: IlinkBotCredentials, source: string, md5: string): RawUploader {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const post = async (url: string, body: Buffer | string, headers: Record<string, string>) => {
    const response = await request(url, { method: 'POST', body, headers, dispatcher });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  };
  const cipherSize = (Math.floor(setup.bytes / 16) + 1) * 16;
  const ticket = async () => {
      const key = randomBytes(16);
      const filekey = randomBytes(16).toString('hex');
      const ticket = await post(
        `${setup.origin}/ilink/bot/getuploadurl`,
        JSON.stringify({
          filekey,
          media_type: 3,
          to_user_id: bot.userId,
          rawsize: setup.bytes,
          rawfilemd5: md5,
          filesize: cipherSize,
          no_need_thumb: true,
          aeskey: key.toString('hex'),
          base_info: BARE_BASE_INFO,
        }),
        bareHeaders(bot.token),
      );
      const { upload_param: param } = JSON.parse(ticket.text) as { upload_param?: string };
      if (param === undefined) throw new Error(`getuploadurl: ${ticket.text}`);
      const url = `${setup.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(param)}&filekey=${encodeURIComponent(filekey)}`;
      return { url, key };
  };
  return {
    ticket,
    prepare: async () => {
      const { url, key } = await ticket();
      return async () => {
        const cipher = createCipheriv('aes-128-ecb', key, null);
        const plain = await readFile(source);
        const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
        const answer = await post(url, sealed, { 'content-type': 'application/octet-stream' });
        if (answer.status !== 200 || answer.headers['x-encrypted-param'] === undefined) throw new Error(`raw upload: HTTP ${answer.status} ${String(answer.headers['x-error-message'])}`);
      };
    },
    close: () => dispatcher.close(),
  };
}

/** One untimed round first (JIT, connections), then `runs` rounds in a rotating order. */
export async function ilinkTransfers(setup: TransferSetup): Promise<IlinkTransferTimes> {
  const source = join(setup.dir, 'ilink-source.bin');
  await writeFileOf(source, setup.bytes);
  const md5 = createHash('md5').update(await readFile(source)).digest('hex');
  const senders = { ky: await librarySender('ky', setup, 1), undici: await librarySender('undici', setup, 2) };
  const raw = rawUploader(setup, await bindBot(setup.origin, 3), source, md5);
  const uploadTransport = createUndiciTransport();
  const times = { ky: [] as number[], undici: [] as number[], upload: [] as number[], raw: [] as number[] };
  try {
    for (let run = -1; run < setup.runs; run++) {
      for (const kind of rotate(['ky', 'undici', 'upload', 'raw'] as const, Math.max(0, run))) {
        let ms: number;
        if (kind === 'raw') {
          const upload = await raw.prepare();
          ms = await timed(upload);
        } else if (kind === 'upload') {
          const prepared = await prepareUpload(source);
          const { url, key } = await raw.ticket();
          ms = await timed(() => lastValueFrom(uploadToCdn(uploadTransport, { url, prepared, key })));
          await prepared.dispose();
        } else {
          const { client, chat } = senders[kind];
          ms = await timed(() => lastValueFrom(client.sendFile(chat, source)));
        }
        if (run >= 0) times[kind].push(ms);
      }
    }
  } finally {
    for (const { client, transport } of Object.values(senders)) {
      await lastValueFrom(client.close(), { defaultValue: undefined });
      await transport?.close();
    }
    await raw.close();
    await uploadTransport.close();
  }
  return times;
}
