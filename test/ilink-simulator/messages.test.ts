import { afterEach, describe, expect, it } from 'vitest';
import { ControlError, startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { decrypt, getUpdates, md5, msgs } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

type Obj = Record<string, unknown>;
const itemOf = (m: Obj): Obj => (m['item_list'] as Obj[])[0] as Obj;

/** The key an `aes_key` field carries, read both ways (base64 of 16 raw bytes, or of 32 hex characters). */
function keyOf(aesKey: string): { key: Buffer; form: 'raw' | 'hex' } {
  const bytes = Buffer.from(aesKey, 'base64');
  return bytes.length === 16 ? { key: bytes, form: 'raw' } : { key: Buffer.from(bytes.toString('latin1'), 'hex'), form: 'hex' };
}

async function downloadVia(sim: IlinkSimulator, media: Obj): Promise<Buffer> {
  const res = await fetch(`${sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(media['encrypt_query_param'] as string)}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('inbound messages', () => {
  it('writes message_id above 2^53 as a bare JSON number, with every WeixinMessage field', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token, botId } = sim.createBot();
    const a = sim.inject({ kind: 'text', text: 'one' });
    const b = sim.inject({ kind: 'text', text: 'two', from: sim.userId(1) });
    const answer = await getUpdates(sim, token);
    expect(BigInt(a.messageId)).toBeGreaterThan(2n ** 53n);
    expect(answer.text).toContain(`"message_id":${a.messageId}`);
    expect(answer.text).toContain(`"message_id":${b.messageId}`);
    // a double-precision parser changes the id: clients must parse it losslessly
    expect(String(msgs(answer)[0]?.['message_id'])).not.toBe(a.messageId);
    const [first, second] = msgs(answer) as [Obj, Obj];
    expect(first).toMatchObject({
      seq: a.seq,
      from_user_id: sim.userId(),
      to_user_id: botId,
      message_type: 1,
      message_state: 2,
      context_token: a.contextToken,
      session_id: expect.any(String),
      create_time_ms: expect.any(Number),
      update_time_ms: expect.any(Number),
    });
    expect(second['seq']).toBe((first['seq'] as number) + 1);
    expect(second['from_user_id']).toBe(sim.userId(1));
    expect(second['context_token']).not.toBe(first['context_token']);
    expect(itemOf(first)).toMatchObject({ type: 1, text_item: { text: 'one' }, is_completed: true, msg_id: a.messageId });
  });

  it('sends an image with the raw-key aes_key and the hex aeskey, both opening the ciphertext', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    const picture = Buffer.from('not really a png, but bytes all the same');
    const sent = sim.inject({ kind: 'image', data: picture });
    const image = itemOf(msgs(await getUpdates(sim, token))[0] as Obj)['image_item'] as Obj;
    const media = image['media'] as Obj;
    expect(media['encrypt_type']).toBe(1);
    expect(media['full_url']).toBeUndefined();
    expect(media['encrypt_query_param']).toMatch(/[+/=]/);
    expect(keyOf(media['aes_key'] as string).form).toBe('raw');
    expect(image['aeskey']).toMatch(/^[0-9a-f]{32}$/);
    const ciphertext = await downloadVia(sim, media);
    expect(ciphertext.equals(picture)).toBe(false);
    expect(ciphertext.length).toBe(image['mid_size']);
    expect(decrypt(keyOf(media['aes_key'] as string).key, ciphertext).equals(picture)).toBe(true);
    expect(decrypt(Buffer.from(image['aeskey'] as string, 'hex'), ciphertext).equals(picture)).toBe(true);
    expect((await sim.readMedia(sent.media?.encryptQueryParam ?? '')).equals(picture)).toBe(true);
  });

  it('sends files, voice (with transcript) and video with the hex-form key, and full_url on request', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    const doc = Buffer.alloc(5000, 7);
    sim.inject({ kind: 'file', data: doc, fileName: 'report.pdf', fullUrl: true });
    sim.inject({ kind: 'voice', data: 'silk bytes', transcript: 'hello there', playtimeMs: 2300 });
    sim.inject({ kind: 'video', data: Buffer.alloc(100, 1), playLength: 4 });
    const [file, voice, video] = msgs(await getUpdates(sim, token)).map(itemOf) as [Obj, Obj, Obj];
    const fileItem = file['file_item'] as Obj;
    expect(file['type']).toBe(4);
    expect(fileItem).toMatchObject({ file_name: 'report.pdf', len: '5000', md5: md5(doc) });
    const fileMedia = fileItem['media'] as Obj;
    expect(keyOf(fileMedia['aes_key'] as string).form).toBe('hex');
    const res = await fetch(fileMedia['full_url'] as string);
    expect(decrypt(keyOf(fileMedia['aes_key'] as string).key, Buffer.from(await res.arrayBuffer())).equals(doc)).toBe(true);
    expect(voice).toMatchObject({ type: 3, voice_item: { encode_type: 6, sample_rate: 24_000, bits_per_sample: 16, playtime: 2300, text: 'hello there' } });
    expect(video).toMatchObject({ type: 5, video_item: { play_length: 4, video_size: 112 } });
    const unencoded = await fetch(`${sim.cdnBaseUrl}/download?encrypted_query_param=${fileMedia['encrypt_query_param'] as string}`);
    expect(unencoded.status).toBe(404);
    expect(unencoded.headers.get('x-error-message')).toMatch(/unknown/);
  });

  it('sends quotes, unknown item types, and a GENERATING message followed by its FINISH', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    sim.inject({ kind: 'quote', text: 'I agree', quotedText: 'shall we?', quotedMessageId: '7400000000000000123' });
    sim.inject({ kind: 'unknown', itemType: 11, item: { tool_call_start_item: { tool_name: 'search', tool_call_id: 't1' } } });
    const generating = sim.inject({ kind: 'generating', text: 'the whole answer', partialText: 'the whole' });
    const [quote, unknown, partial, finished] = msgs(await getUpdates(sim, token)) as [Obj, Obj, Obj, Obj];
    expect(itemOf(quote)).toMatchObject({ type: 1, text_item: { text: 'I agree' }, ref_msg: { title: 'shall we?', svr_id: '7400000000000000123', message_item: { type: 1, text_item: { text: 'shall we?' } } } });
    expect(itemOf(unknown)).toMatchObject({ type: 11, tool_call_start_item: { tool_name: 'search' } });
    expect([partial['message_state'], finished['message_state']]).toEqual([1, 2]);
    expect(itemOf(partial)).toMatchObject({ text_item: { text: 'the whole' }, is_completed: false });
    expect(itemOf(finished)).toMatchObject({ text_item: { text: 'the whole answer' }, is_completed: true });
    const raw = (await getUpdates(sim, token)).text;
    expect(raw.split(`"message_id":${generating.messageId}`).length - 1).toBe(2);
  });

  it('refuses to inject without a live bot', async () => {
    sim = await startIlinkSimulator();
    expect(() => sim.inject({ kind: 'text', text: 'x' })).toThrow(ControlError);
  });
});
