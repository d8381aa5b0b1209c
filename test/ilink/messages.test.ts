import { describe, expect, it } from 'vitest';
import { type DecodedMessage, decodeIlinkMessage } from '../../src/ilink/protocol/messages/decode.js';

const BOT = 'abcdef012345@im.bot';
const USER = 'o9cq80user@im.wechat';
const NOW = 1_760_000_000_000;
const KEY_B64 = Buffer.from('00112233445566778899aabbccddeeff').toString('base64');

function decode(value: unknown): DecodedMessage {
  const decoded = decodeIlinkMessage(value, { botId: BOT, nowMs: NOW });
  if (typeof decoded === 'string') throw new Error(decoded);
  return decoded;
}

const wire = (items: unknown[], extra: Record<string, unknown> = {}) => ({
  seq: 7,
  message_id: '7430120123456789012',
  from_user_id: USER,
  to_user_id: BOT,
  client_id: 'cid',
  create_time_ms: 1_759_000_000_123,
  session_id: 'sess',
  message_type: 1,
  message_state: 2,
  context_token: 'CTX-1',
  item_list: items,
  ...extra,
});
const media = (param = 'P%2B', extra: Record<string, unknown> = {}) => ({ encrypt_query_param: param, aes_key: KEY_B64, encrypt_type: 1, ...extra });

describe('decodeIlinkMessage', () => {
  it('a text: the shared fields, a Web-shaped raw, the iLink origin, the context token kept aside', () => {
    const { message, dedupeKey, contextToken, media: ref } = decode(wire([{ type: 1, text_item: { text: 'hello' } }]));
    expect(message).toMatchObject({
      kind: 'text',
      id: '7430120123456789012',
      chat: USER,
      from: USER,
      to: BOT,
      isGroup: false,
      isSelf: false,
      time: 1_759_000_000_123,
      text: 'hello',
      mentions: [],
      mentionsSelf: false,
      raw: { MsgId: '7430120123456789012', FromUserName: USER, ToUserName: BOT, MsgType: 1, Content: 'hello', CreateTime: 1_759_000_000 },
      ilink: { messageId: '7430120123456789012', seq: 7, clientId: 'cid', sessionId: 'sess', messageType: 1, messageState: 2, createTimeMs: 1_759_000_000_123 },
    });
    expect([dedupeKey, contextToken, ref]).toEqual(['7430120123456789012', 'CTX-1', undefined]);
    expect(JSON.stringify(message)).not.toContain('CTX-1');
  });

  it('an image: sizes and thumbnail, the hex key and CDN reference kept aside, none of it in the message', () => {
    const decoded = decode(
      wire([{ type: 2, image_item: { media: media('IMG', { full_url: 'https://cdn/x' }), aeskey: '00112233445566778899aabbccddeeff', url: 'u', mid_size: 3024, hd_size: 5000, thumb_width: 120, thumb_height: 90 } }]),
    );
    expect(decoded.message).toMatchObject({ kind: 'image', size: 5000, thumbWidth: 120, thumbHeight: 90, raw: { MsgType: 3, Content: '' } });
    expect(decoded.media).toEqual({
      kind: 'image',
      cdn: { encryptQueryParam: 'IMG', aesKey: KEY_B64, fullUrl: 'https://cdn/x' },
      imageKeyHex: '00112233445566778899aabbccddeeff',
      fileName: '7430120123456789012.jpg',
      size: 5000,
    });
    const shown = JSON.stringify(decoded.message);
    for (const secret of ['IMG', KEY_B64, 'https://cdn/x', '00112233445566778899aabbccddeeff']) expect(shown).not.toContain(secret);
    expect(decoded.message.ilink.items).toEqual([{ type: 2, image_item: { media: { encrypt_type: 1 }, mid_size: 3024, hd_size: 5000, thumb_width: 120, thumb_height: 90 } }]);
  });

  it('a voice with its transcript, a video, a file with its size from len', () => {
    expect(decode(wire([{ type: 3, voice_item: { media: media(), encode_type: 6, playtime: 3200, text: 'hi there' } }])).message).toMatchObject({
      kind: 'voice',
      durationMs: 3200,
      transcript: 'hi there',
      raw: { MsgType: 34, Content: 'hi there' },
    });
    expect(decode(wire([{ type: 5, video_item: { media: media(), video_size: 4096, play_length: 12 } }])).message).toMatchObject({ kind: 'video', durationSec: 12, micro: false, size: 4096 });
    const file = decode(wire([{ type: 4, file_item: { media: media(), file_name: 'report.pdf', md5: 'm', len: '3008' } }]));
    expect(file.message).toMatchObject({ kind: 'file', fileName: 'report.pdf', size: 3008, ext: 'pdf', title: 'report.pdf', appType: 6, raw: { MsgType: 49, FileName: 'report.pdf', FileSize: '3008' } });
    expect(file.media).toMatchObject({ kind: 'file', fileName: 'report.pdf', size: 3008, exactSize: 3008 });
    // Without `len` nothing is stated, so nothing is checked on download.
    expect(decode(wire([{ type: 4, file_item: { media: media(), file_name: 'a' } }])).media).not.toHaveProperty('exactSize');
  });

  it('media wins over text, in the order image, video, file, voice', () => {
    const kinds = decode(wire([{ type: 1, text_item: { text: 'caption' } }, { type: 3, voice_item: { media: media() } }, { type: 4, file_item: { media: media(), file_name: 'a' } }]));
    expect(kinds.message.kind).toBe('file');
  });

  it('a quote: the text as title, the quoted text and id, the quoted media for download', () => {
    const quote = decode(
      wire([
        {
          type: 1,
          text_item: { text: 'look at this' },
          ref_msg: { title: 'summary', svr_id: '7430120123456789999', message_item: { type: 2, msg_id: 'm1', image_item: { media: media('Q') } } },
        },
      ]),
    );
    expect(quote.message).toMatchObject({ kind: 'quote', title: 'look at this', quotedText: 'summary', quotedId: '7430120123456789999', appType: 57, raw: { MsgType: 49 } });
    expect(quote.media).toMatchObject({ kind: 'image', cdn: { encryptQueryParam: 'Q' } });
    const quotedText = decode(wire([{ type: 1, text_item: { text: 'yes' }, ref_msg: { message_item: { type: 1, msg_id: 'm2', text_item: { text: 'are you there?' } } } }]));
    expect(quotedText.message).toMatchObject({ kind: 'quote', quotedText: 'are you there?', quotedId: 'm2' });
  });

  it('unknown item types are kept as kind unknown, never dropped', () => {
    const tool = decode(wire([{ type: 11, tool_call_start_item: { tool_name: 'search', tool_call_id: 't1' } }]));
    expect(tool.message).toMatchObject({ kind: 'unknown', msgType: 11 });
    expect(JSON.parse((tool.message as { content: string }).content)).toEqual([{ type: 11, tool_call_start_item: { tool_name: 'search', tool_call_id: 't1' } }]);
    expect(decode(wire([{ type: 99, future_item: { x: 1, aes_key: 'SECRET' } }])).message).toMatchObject({ kind: 'unknown', msgType: 99 });
    expect(JSON.stringify(decode(wire([{ type: 99, future_item: { aes_key: 'SECRET' } }])).message)).not.toContain('SECRET');
    expect(decode(wire([])).message).toMatchObject({ kind: 'unknown', msgType: 0, content: '' });
  });

  it('groups, the bot’s own messages, ids that come as numbers or not at all', () => {
    const group = decode(wire([{ type: 1, text_item: { text: 'hi @Bot\u2005' } }], { group_id: 'g1@chatroom' }));
    expect(group.message).toMatchObject({ chat: 'g1@chatroom', from: USER, isGroup: true, mentions: ['Bot'], ilink: { groupId: 'g1@chatroom' } });
    const own = decode(wire([{ type: 1, text_item: { text: 'x' } }], { from_user_id: '', to_user_id: USER, message_type: 2 }));
    expect(own.message).toMatchObject({ isSelf: true, chat: USER });
    expect(decode(wire([], { message_id: 12345 })).message.id).toBe('12345');
    const noId = decode(wire([], { message_id: undefined }));
    expect([noId.dedupeKey, noId.message.id]).toEqual(['client:cid', 'client:cid']);
    expect(decode(wire([], { message_id: undefined, client_id: undefined })).dedupeKey).toBe('seq:7');
    expect(decode(wire([], { create_time_ms: undefined })).message.time).toBe(NOW);
  });

  it('names what is wrong with a value that is no message', () => {
    expect(decodeIlinkMessage('x', { botId: BOT, nowMs: NOW })).toMatch(/expected an object/);
    expect(decodeIlinkMessage({ item_list: {} }, { botId: BOT, nowMs: NOW })).toMatch(/^item_list/);
    expect(decodeIlinkMessage({ from_user_id: 5 }, { botId: BOT, nowMs: NOW })).toMatch(/^from_user_id/);
    expect(decodeIlinkMessage({ from_user_id: USER }, { botId: BOT, nowMs: NOW })).toMatch(/^message_id/);
  });
});
