import type { Endpoint } from './endpoint.js';
import { WeChatError } from './wechat-error.js';

/** The request did not get a usable HTTP answer: connection refused or reset, or an HTTP error status. */
export class NetworkError extends WeChatError {
  override name = 'NetworkError';

  constructor(
    readonly endpoint: Endpoint,
    readonly status: number | undefined,
    cause?: unknown,
  ) {
    super(`${endpoint} request failed: ${status === undefined ? describeCause(cause) : `HTTP ${status}`}`, { cause });
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? code : cause.name;
  }
  return 'network error';
}
