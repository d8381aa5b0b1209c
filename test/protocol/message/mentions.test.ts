import { describe, expect, it } from 'vitest';
import { decodeRawMessage } from '../../../src/model/decode/decode.js';
import { parseMentions } from '../../../src/model/decode/mentions.js';
import type { TextMessage } from '../../../src/model/message.js';
import { ALICE, BOB, GROUP, SELF, SELF_NAME, addMsg, fromMember } from './fixtures.js';

const groupText = (content: string): TextMessage => {
  const message = decodeRawMessage(addMsg({ FromUserName: GROUP, Content: fromMember(ALICE, content) }), SELF);
  if (message.kind !== 'text') throw new Error(`expected text, got ${message.kind}`);
  return message;
};

describe('parseMentions', () => {
  it('finds @name ended by U+2005, names with spaces included, in order', () => {
    expect(parseMentions('@Bruce LEE\u2005@小桔同学\u2005lunch?')).toEqual(['Bruce LEE', '小桔同学']);
  });

  it('finds a mention right after other text and one closing the text without a separator', () => {
    expect(parseMentions('和@小桔同学\u2005是好朋友, ask @Carol')).toEqual(['小桔同学', 'Carol']);
  });

  it('does not read e-mail addresses or a lone @ as mentions', () => {
    expect(parseMentions('@_@ wow! mail me at someone@example.com')).toEqual([]);
    expect(parseMentions('meet @ noon')).toEqual([]);
  });

  it('does not let an unterminated @ swallow the rest of the text', () => {
    expect(parseMentions('@Alice how are you')).toEqual([]);
  });
});

describe('mentionsSelf', () => {
  it('is true for the self display name in that group, ended by U+2005', () => {
    const message = groupText('@小米\u2005please review');
    expect(message.mentions).toEqual(['小米']);
    expect(message.mentionsSelf).toBe(true);
  });

  it('matches the nickname after emoji normalisation, at the very end', () => {
    const message = groupText('thanks @Mira<span class="emoji emoji1f338"></span>');
    expect(message.text).toBe('thanks @Mira🌸');
    expect(message.mentions).toEqual(['Mira🌸']);
    expect(message.mentionsSelf).toBe(true);
  });

  it('follows ItChat in accepting an ordinary space after the name', () => {
    expect(groupText('@小米 are you there').mentionsSelf).toBe(true);
  });

  it('is false for someone else, for a longer name and for an e-mail address', () => {
    expect(groupText('@Bob\u2005hi').mentionsSelf).toBe(false);
    expect(groupText('@小米饭\u2005hi').mentionsSelf).toBe(false);
    expect(groupText('write to 小米@example.com').mentionsSelf).toBe(false);
  });

  it('is false in a private chat even when the text names you', () => {
    const message = decodeRawMessage(addMsg({ FromUserName: BOB, ToUserName: SELF_NAME, Content: '@Mira<span class="emoji emoji1f338"></span>\u2005hi' }), SELF);
    expect(message.kind === 'text' && message.mentionsSelf).toBe(false);
  });
});
