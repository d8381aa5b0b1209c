import { describe, expect, it } from 'vitest';
import { contentStartTag, contentXml, parseContentXml, parseXml, xmlAttr, xmlChild, xmlStartTag, xmlText } from '../../../src/model/decode/xml.js';

describe('contentXml', () => {
  it('decodes the escaped level once, leaving the attribute level for the XML parser', () => {
    const xml = contentXml('&lt;msg a="x &amp;quot;y&amp;quot;"&gt;&lt;/msg&gt;');
    expect(xml).toBe('<msg a="x &quot;y&quot;"></msg>');
    expect(xmlAttr(xmlChild(parseXml(xml), 'msg'), 'a')).toBe('x "y"');
  });

  it('turns <br/> separators into LF', () => {
    expect(contentXml('&lt;a&gt;<br/>\t&lt;b/&gt;<br/>&lt;/a&gt;')).toBe('<a>\n\t<b/>\n</a>');
  });

  it('does not decode XML that arrives raw again', () => {
    expect(contentXml('<msg><url>a?x=1&amp;y=2</url></msg>')).toBe('<msg><url>a?x=1&amp;y=2</url></msg>');
    expect(xmlText(parseContentXml('<msg><url>a?x=1&amp;y=2</url></msg>'), 'msg', 'url')).toBe('a?x=1&y=2');
  });
});

describe('parseXml', () => {
  it('reads declarations, TAB/LF layout, odd attribute spacing and CDATA', () => {
    const root = parseXml('<?xml version="1.0"?>\n<msg>\n\t<emoji len = "86235" md5= "ab" ></emoji>\n\t<t><![CDATA[a <b> & c]]></t>\n</msg>\n');
    expect(xmlAttr(xmlChild(root, 'msg', 'emoji'), 'len')).toBe('86235');
    expect(xmlAttr(xmlChild(root, 'msg', 'emoji'), 'md5')).toBe('ab');
    expect(xmlText(root, 'msg', 't')).toBe('a <b> & c');
  });

  it('keeps numbers as exact strings', () => {
    expect(xmlText(parseXml('<a><id>7032570294236529159</id><z>007</z></a>'), 'a', 'id')).toBe('7032570294236529159');
    expect(xmlText(parseXml('<a><z>007</z></a>'), 'a', 'z')).toBe('007');
  });

  it('distinguishes an empty element from a missing one, and takes the first of repeated ones', () => {
    const root = parseXml('<a><e></e><r>1</r><r>2</r></a>');
    expect(xmlText(root, 'a', 'e')).toBe('');
    expect(xmlText(root, 'a', 'missing')).toBeUndefined();
    expect(xmlText(root, 'a', 'r')).toBe('1');
  });

  it('gives undefined for anything that is not XML, never throwing', () => {
    for (const input of ['', 'hello', '@6a7b8c9d0e1f', '<msg><![CDATA[never closed', '<?xml version="1.0"?>']) {
      expect(parseXml(input)).toBeUndefined();
    }
  });

  it('keeps element names from the payload as plain keys (no prototype pollution)', () => {
    const root = parseXml('<msg><__proto__ polluted="yes"/><constructor a="1"/></msg>');
    expect(xmlAttr(xmlChild(root, 'msg', 'constructor'), 'a')).toBe('1');
    expect(xmlAttr(xmlChild(root, 'msg', '__proto__'), 'polluted')).toBe('yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not expand DOCTYPE entities (no billion laughs)', () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">${levels}]><msg><t>&l9;</t></msg>`;
    const text = xmlText(parseXml(bomb), 'msg', 't') ?? '';
    expect(text.length).toBeLessThan(100);
  });
});

describe('xmlStartTag', () => {
  it('reads the attributes of the first matching start tag, with > inside quoted values', () => {
    const attrs = xmlStartTag('<msg><imgx a="0"/><img title="a > b" len = "12" single=\'q\' amp="x &amp; y"/></msg>', 'img');
    expect(xmlAttr(attrs, 'title')).toBe('a > b');
    expect(xmlAttr(attrs, 'len')).toBe('12');
    expect(xmlAttr(attrs, 'single')).toBe('q');
    expect(xmlAttr(attrs, 'amp')).toBe('x & y');
  });

  it('reads only the attributes asked for, with the same values, from raw and escaped contents', () => {
    const raw = '<msg><img md5="m" title="md5=\'x\'" cdnurl="http://h/?a=1&amp;b=2" length="9"/></msg>';
    const escaped = raw.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    for (const [attrs, all] of [
      [xmlStartTag(raw, 'img', ['md5', 'cdnurl']), xmlStartTag(raw, 'img')],
      [contentStartTag(escaped, 'img', ['md5', 'cdnurl']), contentStartTag(escaped, 'img')],
    ]) {
      expect(attrs).toEqual({ '@_md5': 'm', '@_cdnurl': 'http://h/?a=1&b=2' });
      expect(xmlAttr(all, 'md5')).toBe('m');
      expect(xmlAttr(all, 'cdnurl')).toBe('http://h/?a=1&b=2');
      expect(xmlAttr(all, 'length')).toBe('9');
    }
  });

  it('is undefined for non-XML content or a missing tag', () => {
    expect(xmlStartTag('@abcdef', 'img')).toBeUndefined();
    expect(xmlStartTag('<msg></msg>', 'img')).toBeUndefined();
  });
});
