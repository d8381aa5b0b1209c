import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { filter, firstValueFrom, lastValueFrom, type Observable, timeout, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WxCookieJar } from '../../src/http/cookie-jar.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import type { WeChatClient } from '../../src/web/client/client.js';
import type { WxEvent } from '../../src/model/events.js';
import { isNotFriendError, isRetcodeError, isTimeoutError } from '../../src/errors/guards.js';
import { isFileExistsError, isMediaUnavailableError } from '../../src/errors/media-guards.js';
import type { DownloadEvent } from '../../src/web/media/download.js';
import type { WxMessage } from '../../src/model/message.js';
import type { Simulator } from '../../src/testing/index.js';
import { clientFor, login, startFastSim } from './helpers.js';

let sim: Simulator;
let client: WeChatClient;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wechat-rx-media-'));
});
afterEach(async () => {
  if (client !== undefined) await lastValueFrom(client.logout()).catch(() => undefined);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function online(options: Parameters<typeof clientFor>[1] = {}): Promise<WeChatClient> {
  sim = await startFastSim();
  client = clientFor(sim, { contactBatchRate: false, ...options });
  await login(client);
  return client;
}

/** Injects a message and waits for the client to deliver it. */
async function receive<K extends WxMessage['kind']>(kind: K, spec: Parameters<Simulator['inject']>[0]): Promise<Extract<WxMessage, { kind: K }>> {
  const next = firstValueFrom(client.messages$.pipe(filter((m): m is Extract<WxMessage, { kind: K }> => m.kind === kind), timeout(10_000)));
  sim.inject(spec);
  return next;
}

const all = <T>(source: Observable<T>) => lastValueFrom(source.pipe(toArray(), timeout(20_000)));
const saved = (events: readonly DownloadEvent[]) => events.find((e): e is Extract<DownloadEvent, { type: 'saved' }> => e.type === 'saved');
const pattern = (size: number) => new Uint8Array(size).map((_, i) => (i * 31 + (i >> 11)) & 0xff);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

describe('uploads', () => {
  it('sends 512 KiB chunks one at a time, reports progress after each, and ends with the MediaId', async () => {
    await online();
    const data = pattern(2 * 524_288 + 1000);
    const events = await all(client.upload(data, { name: 'big.bin' }));
    expect(events.map((e) => (e.type === 'progress' ? e.loaded : e.type))).toEqual([524_288, 1_048_576, data.length, 'uploaded']);
    const done = events.at(-1);
    expect(done?.type === 'uploaded' && done.mediaId).toMatch(/^@crypt_/);
    expect(done?.type === 'uploaded' && done.md5).toBe(createHash('md5').update(data).digest('hex'));
    expect(sim.stats().requests['webwxuploadmedia']).toBe(3);
  });

  it('uploads from a path and from a stream (spooled to disk, then removed)', async () => {
    await online();
    const path = join(dir, '季度 report.pdf');
    await writeFile(path, pattern(700_000));
    const fromPath = await all(client.upload(path));
    expect(fromPath.at(-1)).toMatchObject({ type: 'uploaded', name: '季度 report.pdf', size: 700_000, mediaType: 'doc' });
    // A spool is `wechat-rx-` and mkdtemp's six characters; other tests' folders (wechat-rx-redis-…) come and go meanwhile.
    const spools = async () => (await readdir(tmpdir())).filter((n) => /^wechat-rx-[A-Za-z0-9]{6}$/.test(n));
    const before = await spools();
    const fromStream = await all(client.upload(Readable.from([Buffer.from(pattern(300_000)), Buffer.from(pattern(300_000))]), { name: 'streamed.bin' }));
    expect(fromStream.at(-1)).toMatchObject({ type: 'uploaded', name: 'streamed.bin', size: 600_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await spools()).toEqual(before);
  });

  it('uploads through a transport of your own with its jar, also behind a logger', async () => {
    const transport = createUndiciTransport({ jar: new WxCookieJar() });
    const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    try {
      await online({ transport, logger });
      const events = await all(client.upload(pattern(600 * 1024), { name: 'own-transport.bin' }));
      expect(events.at(-1)).toMatchObject({ type: 'uploaded', size: 600 * 1024 });
    } finally {
      await lastValueFrom(client.close(), { defaultValue: undefined });
      await transport.close();
    }
  });

  it('refuses an empty file before contacting the server', async () => {
    await online();
    const error: unknown = await lastValueFrom(client.upload(new Uint8Array(0))).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UploadError' });
    expect(sim.stats().requests['webwxuploadmedia']).toBeUndefined();
  });
});

describe('media sends', () => {
  it('sends a file as a type-6 app message carrying the upload’s MediaId, size and extension', async () => {
    await online();
    const progress: number[] = [];
    const sent = await lastValueFrom(client.sendFile('filehelper', pattern(600_000), { name: 'a&b <1>.txt', onProgress: (p) => progress.push(p.loaded) }));
    expect(progress).toEqual([524_288, 600_000]);
    const entry = sim.outbox().at(-1);
    expect(entry).toMatchObject({ endpoint: 'webwxsendappmsg', type: 6, msgId: sent.msgId, localId: sent.localId, to: 'filehelper' });
    expect(entry?.content).toContain("<appmsg appid='wxeb7ec651dd0aefa9' sdkver=''><title>a&amp;b &lt;1&gt;.txt</title>");
    expect(entry?.content).toContain(`<totallen>600000</totallen><attachid>${sent.mediaId}</attachid><fileext>txt</fileext>`);
  });

  it('sends images (webwxsendmsgimg), GIFs and stickers (webwxsendemoticon), videos and cards', async () => {
    await online();
    const friend = client.contacts.find('Alice');
    if (friend === undefined) throw new Error('no Alice');
    const image = await lastValueFrom(client.sendImage(friend.userName, PNG));
    const gif = await lastValueFrom(client.sendImage(friend.userName, GIF));
    const sticker = await lastValueFrom(client.sendEmoticon(friend.userName, { md5: '0123456789abcdef0123456789abcdef' }));
    const video = await lastValueFrom(client.sendVideo(friend.userName, Buffer.concat([Buffer.from('000000186674797069736f6d', 'hex'), Buffer.alloc(100)])));
    const card = await lastValueFrom(client.sendCard('filehelper', friend));
    const outbox = sim.outbox();
    expect(outbox.map((e) => [e.endpoint, e.type])).toEqual([
      ['webwxsendmsgimg', 3],
      ['webwxsendemoticon', 47],
      ['webwxsendemoticon', 47],
      ['webwxsendvideomsg', 43],
      ['webwxsendmsg', 42],
    ]);
    expect(outbox[0]?.mediaId).toBe(image.mediaId);
    expect(outbox[1]?.mediaId).toBe(gif.mediaId);
    expect(image.name).toBe('file.png');
    expect(outbox[2]?.emoticonMd5).toBe('0123456789abcdef0123456789abcdef');
    expect(sticker.mediaId).toBeUndefined();
    expect(video.mediaId).toBe(outbox[3]?.mediaId);
    expect(outbox[4]?.content).toBe(`<msg username="${friend.userName}" nickname="Alice"/>`);
    expect(card.chat).toBe('filehelper');
  });

  it('fails a send to a group member who is not a friend with NotFriendError (1204)', async () => {
    await online();
    const world = sim.world();
    const group = world.groups()[0]!;
    const stranger = group.members.find((m) => world.person(m.id)?.isFriend === false)!;
    const message = await receive('text', { from: stranger.id, group: group.id, text: 'hi' });
    const error: unknown = await lastValueFrom(client.sendImage(message.from, PNG)).catch((e: unknown) => e);
    expect(isNotFriendError(error)).toBe(true);
  });

  it('forwards a file by its MediaId, an image without one by uploading it again, and text with Scene 2', async () => {
    await online();
    const file = await receive('file', { kind: 'file', text: 'plan.pdf', size: 4096 });
    const image = await receive('image', { kind: 'image' });
    const text = await receive('text', { text: 'pass it on' });
    await lastValueFrom(client.forward('filehelper', file));
    await lastValueFrom(client.forward('filehelper', image));
    await lastValueFrom(client.forward('filehelper', text));
    const [fileOut, imageOut, textOut] = sim.outbox();
    expect(fileOut).toMatchObject({ endpoint: 'webwxsendappmsg', type: 6 });
    expect(fileOut?.content).toContain(`<attachid>${file.mediaId}</attachid>`);
    expect(fileOut?.content).toMatch(/^<appmsg[\s\S]*<\/appmsg>$/);
    expect(imageOut).toMatchObject({ endpoint: 'webwxsendmsgimg', type: 3 });
    expect(imageOut?.mediaId).toMatch(/^@crypt_/);
    expect(sim.stats().requests['webwxgetmsgimg']).toBe(1);
    expect(textOut).toMatchObject({ endpoint: 'webwxsendmsg', content: 'pass it on', scene: 2 });
    const sticker = await receive('emoticon', { kind: 'emoticon', storeSticker: true });
    expect(isMediaUnavailableError(await lastValueFrom(client.forward('filehelper', sticker)).catch((e: unknown) => e))).toBe(true);
  });

  it('revokes a sent message once; a second revoke is a RetcodeError', async () => {
    await online();
    const recalled = firstValueFrom(client.events$.pipe(filter((e): e is Extract<WxEvent, { type: 'message' }> => e.type === 'message' && e.message.kind === 'recall'), timeout(10_000)));
    const sent = await lastValueFrom(client.sendFile('filehelper', pattern(10), { name: 'oops.txt' }));
    await lastValueFrom(client.revoke(sent), { defaultValue: undefined });
    expect(sim.outbox()[0]?.revoked).toBe(true);
    const recall = (await recalled).message;
    expect(recall.kind === 'recall' && recall.recalledId).toBe(sent.msgId);
    const again: unknown = await lastValueFrom(client.revoke(sent)).catch((e: unknown) => e);
    expect(isRetcodeError(again) && again.retcode).toBe(-1);
  });
});

describe('downloads', () => {
  it('saves images (big and thumbnail), voice, video (Range) and attachments with progress', async () => {
    await online();
    const image = await receive('image', { kind: 'image' });
    const voice = await receive('voice', { kind: 'voice', durationMs: 3000 });
    const video = await receive('video', { kind: 'video', size: 1_000_000 });
    const file = await receive('file', { kind: 'file', text: 'notes.txt', size: 5000 });
    const big = saved(await all(client.download(image, { to: dir })));
    const thumb = saved(await all(client.download(image, { to: join(dir, 'thumb.png'), size: 'thumb' })));
    const mp3 = saved(await all(client.download(voice, { to: dir })));
    const videoEvents = await all(client.download(video, { to: dir }));
    const mp4 = saved(videoEvents);
    const attachment = saved(await all(client.download(file, { to: dir })));
    expect(big?.path).toBe(join(dir, `${image.id}.png`));
    expect((await readFile(big!.path)).subarray(0, 4)).toEqual(PNG.subarray(0, 4));
    expect(thumb?.path).toBe(join(dir, 'thumb.png'));
    expect(mp3?.path).toBe(join(dir, `${voice.id}.mp3`));
    expect((await readFile(mp3!.path))[0]).toBe(0xff);
    expect(mp4?.size).toBe(1_000_000);
    expect((await readFile(mp4!.path)).subarray(4, 8).toString('latin1')).toBe('ftyp');
    const progress = videoEvents.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toEqual({ type: 'progress', loaded: 1_000_000, total: 1_000_000 });
    expect(progress.length).toBeGreaterThan(1);
    expect(attachment).toMatchObject({ path: join(dir, 'notes.txt'), size: 5000 });
    expect((await readFile(attachment!.path, 'utf8')).startsWith('wechat-rx simulator file notes.txt')).toBe(true);
  });

  it('hands the body over as a Readable when no target is given', async () => {
    await online();
    const file = await receive('file', { kind: 'file', text: 'stream.txt', size: 70_000 });
    const first = await firstValueFrom(client.download(file));
    expect(first.type).toBe('stream');
    if (first.type !== 'stream') return;
    expect(first.total).toBe(70_000);
    const chunks: Buffer[] = [];
    for await (const chunk of first.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(70_000);
  });

  it('sanitizes names from messages, never overwrites unless asked, and numbers clashes in a directory', async () => {
    await online();
    const evil = await receive('file', { kind: 'file', text: '../../escape\u202Etxt.exe', size: 10 });
    const first = saved(await all(client.download(evil, { to: dir })));
    expect(first?.path).toBe(join(dir, 'escapetxt.exe'));
    const second = saved(await all(client.download(evil, { to: dir })));
    expect(second?.path).toBe(join(dir, 'escapetxt (1).exe'));
    const target = join(dir, 'fixed.bin');
    await writeFile(target, 'keep me');
    const refused: unknown = await lastValueFrom(client.download(evil, { to: target })).catch((e: unknown) => e);
    expect(isFileExistsError(refused)).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('keep me');
    expect(saved(await all(client.download(evil, { to: target, overwrite: true })))?.size).toBe(10);
    expect((await readdir(dir)).sort()).toEqual(['escapetxt (1).exe', 'escapetxt.exe', 'fixed.bin']);
  });

  it('downloads avatars of contacts and fails empty answers with MediaUnavailableError, leaving no file', async () => {
    await online();
    const alice = client.contacts.find('Alice')!;
    const avatar = saved(await all(client.download(alice, { to: dir })));
    expect(avatar?.path).toBe(join(dir, `${alice.stableId}.png`));
    const group = client.contacts.groups()[0]!;
    const groupAvatar = saved(await all(client.download(group, { to: dir })));
    expect((await readFile(groupAvatar!.path)).subarray(0, 4)).toEqual(PNG.subarray(0, 4));
    expect(sim.stats().requests).toMatchObject({ webwxgeticon: 1, webwxgetheadimg: 1 });
    await rm(groupAvatar!.path);
    const video = await receive('video', { kind: 'video' });
    // A message id the server has no video for: it answers 200 with an empty body (docs/protocol.md §2.20).
    const empty: unknown = await lastValueFrom(client.download({ ...video, id: '1' }, { to: dir })).catch((e: unknown) => e);
    expect(isMediaUnavailableError(empty)).toBe(true);
    expect(await readdir(dir)).toEqual([`${alice.stableId}.png`]);
  });

  it('times out a download whose answer does not come, by the size-based budget', async () => {
    await online({ transfer: { baseMs: 300 } });
    const image = await receive('image', { kind: 'image' });
    sim.fault({ endpoint: 'webwxgetmsgimg', kind: 'delay', value: 5000 });
    const started = Date.now();
    const error: unknown = await lastValueFrom(client.download(image, { to: dir })).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
