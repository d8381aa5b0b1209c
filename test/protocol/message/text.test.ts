import { describe, expect, it } from 'vitest';
import { decodeEmojiSpans, normalizeText } from '../../../src/model/decode/text.js';

const span = (code: string): string => `<span class="emoji emoji${code}"></span>`;

describe('normalizeText', () => {
  it('turns <br/> into LF', () => {
    expect(normalizeText('first line<br/>second line<br/>')).toBe('first line\nsecond line\n');
  });

  it('decodes every HTML entity exactly once', () => {
    expect(normalizeText('a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &apos;e&apos; &nbsp;f &#x1F600;')).toBe(
      'a <b> & "c" \'d\' \'e\' \u00a0f 😀',
    );
    // A user who typed the entity text sees it again: the server escaped their `&`.
    expect(normalizeText('write &amp;quot; for a quote')).toBe('write &quot; for a quote');
  });

  it('leaves what is not a complete reference as it was, and decodes the rest around it', () => {
    expect(normalizeText('a && b &lt c &unknown; d &amp;amp; &#9731;&gt;')).toBe('a && b &lt c &unknown; d &amp; ☃>');
    expect(normalizeText('&&&amp;')).toBe('&&&');
  });

  it('keeps markup the user typed as text instead of reading it as a line break', () => {
    expect(normalizeText('type &lt;br/&gt; in HTML')).toBe('type <br/> in HTML');
  });

  it('replaces emoji spans, remapping the codes the server gets wrong', () => {
    expect(normalizeText(`ok${span('1f602')}`)).toBe('ok😂');
    expect(normalizeText(`ok${span('1f639')}`)).toBe('ok😂');
    expect(normalizeText(`${span('1f64d')}${span('1f63f')}`)).toBe('😔😢');
  });

  it('reads 6-digit codes as 2 + 4 and 10-digit codes as 5 + 5', () => {
    expect(normalizeText(`flag ${span('1f1e81f1f3')}`)).toBe('flag 🇨🇳');
    expect(normalizeText(`key ${span('3120e3')}`)).toBe('key 1\u20e3');
  });

  it('repairs a 1f450 span that lost its closing >', () => {
    expect(normalizeText('<span class="emoji emoji1f450"></span hands')).toBe('👐 hands');
  });

  it('leaves a span with an impossible code as it is', () => {
    expect(normalizeText(span('fffffff'))).toBe(span('fffffff'));
  });

  it('turns qqemoji images into their bracket text and keeps shortcodes as text', () => {
    expect(normalizeText('hi<img class="qqemoji qqemoji13" text="[呲牙]_web" src="/zh_CN/htmledition/v2/images/spacer.gif" />')).toBe(
      'hi[呲牙]',
    );
    expect(normalizeText('[微笑][Strong]')).toBe('[微笑][Strong]');
  });

  it('returns plain text unchanged', () => {
    const plain = 'just words, 中文 and 😀';
    expect(normalizeText(plain)).toBe(plain);
  });
});

describe('decodeEmojiSpans', () => {
  it('decodes spans in a nickname and leaves the rest alone', () => {
    expect(decodeEmojiSpans(`${span('2600')} Sunny &amp; ${span('1f31b')}`)).toBe('☀ Sunny &amp; 🌛');
  });

  it('keeps spans that are no emoji, next to ones that are', () => {
    const other = '<span class="name">Bob</span>';
    expect(decodeEmojiSpans(`${other}${span('1f602')}${span('zz')}<span`)).toBe(`${other}😂${span('zz')}<span`);
  });
});
