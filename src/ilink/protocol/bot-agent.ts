/**
 * `base_info.bot_agent`, a self-declared product string like an HTTP User-Agent (docs/ilink-protocol.md §2.2): one or
 * more `name/version` products separated by spaces, each optionally followed by ` (comment)`. Tencent's servers only
 * log it.
 */

/** What wechat-rx declares itself as, after the caller's own products. */
export const LIBRARY_AGENT = 'wechat-rx/0.1';

const MAX_BYTES = 256;
const NAME = '[A-Za-z0-9_.-]{1,32}';
const VERSION = '[A-Za-z0-9_.+-]{1,32}';
/** 1–64 printable ASCII characters other than parentheses. */
const COMMENT = '[\\x20-\\x27\\x2a-\\x7e]{1,64}';
const PRODUCT = `${NAME}/${VERSION}(?: \\(${COMMENT}\\))?`;
const AGENT = new RegExp(`^${PRODUCT}(?: +${PRODUCT})*$`);

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** Why `text` is no bot agent, or `undefined` when it is one. */
export function botAgentProblem(text: string): string | undefined {
  if (!AGENT.test(text)) {
    return 'must be name/version products separated by spaces (names of A-Z a-z 0-9 _ . - up to 32 characters, versions also +), each optionally followed by " (comment)"';
  }
  if (byteLength(text) > MAX_BYTES) return `must not be longer than ${MAX_BYTES} bytes`;
  return undefined;
}

/**
 * The bot agent sent: the caller's (checked with `botAgentProblem` first) followed by wechat-rx's own product, which
 * is left out when both would not fit in 256 bytes.
 */
export function botAgentOf(own: string | undefined): string {
  if (own === undefined) return LIBRARY_AGENT;
  const both = `${own} ${LIBRARY_AGENT}`;
  return byteLength(both) <= MAX_BYTES ? both : own;
}
