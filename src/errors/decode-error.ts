import type { Endpoint } from './endpoint.js';
import { redact } from './redact.js';
import { WeChatError } from './wechat-error.js';

const EXCERPT_LENGTH = 200;
const EXCERPT_WINDOW = 4096;

/**
 * A server body did not have the expected shape. `issues` are readable lines with paths
 * (`AddMsgList.0.MsgType: expected number, got "x"`); `excerpt` is the start of the body with credentials masked.
 */
export class DecodeError extends WeChatError {
  override name = 'DecodeError';
  readonly excerpt: string;
  readonly issues: readonly string[];

  constructor(
    readonly endpoint: Endpoint,
    issues: readonly string[],
    input: unknown,
  ) {
    const shown = issues.slice(0, 3).map(redact);
    const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
    super(`${endpoint} answered an undecodable body: ${shown.join('; ')}${more}`);
    this.issues = issues.map(redact);
    this.excerpt = excerptOf(input);
  }
}

function excerptOf(input: unknown): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = JSON.stringify(input) ?? String(input);
    } catch {
      text = String(input);
    }
  }
  // Masked before it is cut: a credential the cut splits would no longer match the mask (`<pass_ticket>abc` with no
  // closing tag). The window past the cut only needs to hold the rest of any credential that starts inside it.
  const masked = redact(text.length > EXCERPT_WINDOW ? text.slice(0, EXCERPT_WINDOW) : text);
  return masked.length > EXCERPT_LENGTH ? `${masked.slice(0, EXCERPT_LENGTH)}…` : masked;
}
