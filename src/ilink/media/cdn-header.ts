import type { WxResponse } from '../../http/request.js';
import { redactIlink } from '../protocol/redact.js';

/** A CDN answer header as text; `undefined` when absent or empty. HTTP stacks read header bytes as latin1, the CDN writes UTF-8. */
export function cdnHeader(response: WxResponse, name: string): string | undefined {
  const value = response.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : Buffer.from(text, 'latin1').toString('utf8');
}

/** The longest CDN explanation an error quotes. */
const MAX_REASON_CHARS = 200;

/**
 * The CDN's explanation of an error status: `x-error-message`, else `fallback` (the body), credentials masked, cut
 * to `MAX_REASON_CHARS`. Masked before the cut, so a parameter the cut splits is still recognised.
 */
export function cdnReason(response: WxResponse, fallback: string): string {
  return redactIlink((cdnHeader(response, 'x-error-message') ?? fallback).slice(0, MAX_REASON_CHARS * 4)).slice(0, MAX_REASON_CHARS);
}
