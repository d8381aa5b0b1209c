import { decodeXML } from 'entities';
import { parse as parseTxml, type TNode } from 'txml/txml';
import { eachMatch } from './each-match.js';
import { breaksToNewlines, decodeEntities } from './text.js';

/** An element as fast-xml-parser returns it: attributes under `@_name`, text under `#text`, children by tag name. */
export type XmlNode = Readonly<Record<string, unknown>>;

const ATTR = '@_';
const TEXT = '#text';

/**
 * Resolves only the five XML entities and numeric references. DOCTYPE-declared entities are handed to
 * `addInputEntities` and dropped, so an entity-expansion bomb stays literal text instead of growing.
 */
const xmlEntities = {
  setExternalEntities: (): void => undefined,
  addInputEntities: (): void => undefined,
  reset: (): void => undefined,
  setXmlVersion: (): void => undefined,
  decode: (text: string): string => (text.includes('&') ? decodeXML(text) : text),
};

/** `name=\"value\"`: attribute quotes escaped by a source-code quotation of a payload. */
const TAG_NAME_END = /^[\s/>]/;
const BACKSLASHED_ATTRIBUTE = /=\s*\\"([^"\\]*)\\"/g;

/**
 * The XML carried by a content (group prefix already removed), decoded exactly once: `<br/>` → LF, then one HTML
 * entity decode. A content that already starts with `<` is raw XML (as `OriContent` is) and is not decoded again,
 * so its attribute-level `&amp;` still reaches the XML parser intact.
 */
export function contentXml(content: string): string {
  const text = breaksToNewlines(content).trim();
  if (text.startsWith('<')) return text.includes('\\"') ? text.replace(BACKSLASHED_ATTRIBUTE, '="$1"') : text;
  return decodeEntities(text);
}

/** Parses XML tolerantly; anything that is not an element tree (plain text, an `@…` media blob, a parser error) is `undefined`. */
export function parseXml(xml: string): XmlNode | undefined {
  const trimmed = xml.trim();
  if (!trimmed.startsWith('<') || !trimmed.endsWith('>')) return undefined;
  let nodes: ReturnType<typeof parseTxml>;
  try {
    nodes = parseTxml(xml);
  } catch {
    return undefined;
  }
  const root = emptyNode();
  for (const node of nodes) {
    if (typeof node !== 'string' && isElementName(node.tagName)) addChild(root, node.tagName, toNode(node));
  }
  return Object.keys(root).length > 0 ? root : undefined;
}

/** Skips `?xml` declarations and `!DOCTYPE`/comments, which txml also reports as nodes. */
const isElementName = (name: string): boolean => name !== '' && name[0] !== '?' && name[0] !== '!';

/**
 * One txml element in fast-xml-parser's shape: attributes under `@_name` (entity-decoded once), child elements by
 * tag name (an array when repeated), text under `#text`; an element with neither attributes nor children is just
 * its text. txml never expands entities (a DOCTYPE stays inert text), so decoding the five XML entities and
 * numeric references here is the only expansion there is.
 */
function toNode(element: TNode): unknown {
  let text = '';
  let node: Record<string, unknown> | undefined;
  const attributes = element.attributes;
  for (const name in attributes) {
    const value = attributes[name];
    node ??= emptyNode();
    node[ATTR + name] = value === null || value === undefined ? '' : xmlEntities.decode(value);
  }
  for (const child of element.children) {
    if (typeof child === 'string') text += child;
    else if (isElementName(child.tagName)) {
      node ??= emptyNode();
      addChild(node, child.tagName, toNode(child));
    }
  }
  const trimmed = xmlEntities.decode(text.trim());
  if (node === undefined) return trimmed;
  if (trimmed !== '') node[TEXT] = trimmed;
  return node;
}

/** Element names come from the payload: a prototype-less object keeps `__proto__` or `constructor` plain keys. */
const emptyNode = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

function addChild(parent: Record<string, unknown>, name: string, value: unknown): void {
  const existing = parent[name];
  if (existing === undefined) parent[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
}

/** `name="value"` or `name='value'`, with any spacing around `=` (`len = "86235"`). */
const ATTRIBUTE = /([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The attributes of the first `<name …>` start tag in `xml`, in the same shape `parseXml` gives (`@_attr`), or
 * `undefined` when `xml` is not XML or has no such tag. Media, card and friend-request payloads are one element
 * whose attributes are all a message needs; scanning its start tag costs a fraction of a full parse, which keeps a
 * sync batch of stickers and images cheap. Quoted values may contain `>`; values are entity-decoded once, like the
 * parser does.
 */
export function xmlStartTag(xml: string, name: string, only?: readonly string[]): XmlNode | undefined {
  if (!xml.startsWith('<')) return undefined;
  const open = `<${name}`;
  let at = xml.indexOf(open);
  while (at !== -1 && !TAG_NAME_END.test(xml.charAt(at + open.length))) at = xml.indexOf(open, at + 1);
  if (at === -1) return undefined;
  let end = at + open.length;
  let quote = '';
  for (; end < xml.length; end++) {
    const ch = xml[end];
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') break;
  }
  return readAttributes(xml.slice(at + open.length, end), only, xmlEntities.decode);
}

/**
 * The attributes of a start tag's text, each value through `decode`: every attribute, or the `only` ones. A
 * message reads two to four of the twenty or so attributes of a media tag; decoding and storing just those made
 * an image or a sticker decode about a fifth faster.
 */
function readAttributes(tag: string, only: readonly string[] | undefined, decode: (value: string) => string): XmlNode {
  const attrs = emptyNode();
  eachMatch(ATTRIBUTE, tag, (match) => {
    const name = match[1] ?? '';
    if (only === undefined || only.includes(name)) attrs[ATTR + name] = decode(match[2] ?? match[3] ?? '');
  });
  return attrs;
}

/**
 * `xmlStartTag(contentXml(content), name)` without decoding the whole content: the server escapes XML contents
 * once more (`&lt;img aeskey="…"`, quotes sometimes as `&quot;`), and a message needs only the attributes of one
 * start tag, so the tag is found in the escaped text and only its few values are decoded (once for the escaping,
 * once for XML). Raw XML (starting with `<`) goes the plain way. Media messages are frequent: this keeps their cost
 * near that of a text.
 */
export function contentStartTag(content: string, name: string, only?: readonly string[]): XmlNode | undefined {
  const open = content.indexOf(`&lt;${name}`);
  if (open === -1 || !content.trimStart().startsWith('&lt;')) return xmlStartTag(contentXml(content), name, only);
  const after = content.charAt(open + 4 + name.length);
  if (after !== ' ' && after !== '/' && after !== '&' && after !== '\t' && after !== '\n' && after !== '<') {
    return xmlStartTag(contentXml(content), name, only);
  }
  const close = content.indexOf('&gt;', open);
  const escaped = content.slice(open + 4 + name.length, close === -1 ? content.length : close);
  const tag = escaped.includes('&quot;') || escaped.includes('&#39;') ? unescapeQuotes(escaped) : escaped;
  return readAttributes(tag, only, decodeEscapedValue);
}

/** An attribute value of an escaped content: once for the escaping, once for XML. */
const decodeEscapedValue = (value: string): string => xmlEntities.decode(decodeEntities(value));

/** Escaped attribute quotes back to quotes; a quote inside a value is escaped twice (`&amp;quot;`) and stays. */
const unescapeQuotes = (tag: string): string => tag.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&apos;', "'");

/** `contentXml` then `parseXml`. */
export function parseContentXml(content: string): XmlNode | undefined {
  return parseXml(contentXml(content));
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first value of a repeated element. */
const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);

/** The element at `path` below `node` (first of repeated ones); a text-only element becomes `{ '#text': … }`. */
export function xmlChild(node: XmlNode | undefined, ...path: readonly string[]): XmlNode | undefined {
  let current: unknown = node;
  for (const name of path) {
    if (!isNode(current)) return undefined;
    current = first(current[name]);
  }
  if (typeof current === 'string') return { [TEXT]: current };
  return isNode(current) ? current : undefined;
}

/** The text of the element at `path` (CDATA included, trimmed); `''` for an empty element, `undefined` when absent. */
export function xmlText(node: XmlNode | undefined, ...path: readonly string[]): string | undefined {
  const element = xmlChild(node, ...path);
  if (element === undefined) return undefined;
  const text = element[TEXT];
  return typeof text === 'string' ? text : '';
}

/** An attribute of `node`, entity-decoded by the parser; `undefined` when absent. */
export function xmlAttr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[ATTR + name];
  return typeof value === 'string' ? value : undefined;
}
