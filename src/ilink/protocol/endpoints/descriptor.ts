import type { WxRequest } from '../../../http/request.js';
import { jsonPostHeaders } from '../headers.js';
import { API_PREFIX, joinUrl } from '../hosts.js';
import type { IlinkContext } from './context.js';

/*
 * One object per iLink call: its name (the last segment of its path), its path under the API base, its client
 * timeout (docs/ilink-protocol.md §10), the pure builder of its request and the decoder of its answer. Nothing here
 * sends, reads a clock or draws randomness.
 */

/** `sendmessage`, `getuploadurl` (docs/ilink-protocol.md §10). */
export const SEND_MS = 15_000;
/** `getconfig`, `sendtyping`, `notifystart`, `notifystop` (docs/ilink-protocol.md §10). */
export const SHORT_MS = 10_000;

/** A request as a builder returns it; the descriptor adds the endpoint's name and timeout. */
export type RequestParts = Omit<WxRequest, 'endpoint'>;

export interface IlinkEndpoint<Name extends string = string, Input = void, Answer = unknown> {
  readonly name: Name;
  /** The path below the API base (`ilink/bot/getupdates`). */
  readonly path: string;
  /** The client timeout in ms before overrides; `undefined` means none. */
  readonly timeoutMs: number | undefined;
  request(ctx: IlinkContext, input: Input): WxRequest;
  /**
   * Body text → typed answer. Throws `DecodeError` (body masked), `SessionEndedError` for -14 or `IlinkRetcodeError`
   * for any other non-zero `ret`/`errcode`.
   */
  decode(text: string): Answer;
}

interface EndpointSpec<Name extends string, Input, Answer> {
  readonly name: Name;
  readonly path: string;
  readonly timeoutMs: number | undefined;
  readonly build: (ctx: IlinkContext, input: Input, url: string) => RequestParts;
  readonly decode: (text: string) => Answer;
}

/** The timeout a request gets: an override for this endpoint wins (`undefined` removes the limit), else `own`. */
function timeoutOf(ctx: IlinkContext, name: string, own: number | undefined): number | undefined {
  const overrides = ctx.timeouts;
  return overrides !== undefined && Object.hasOwn(overrides, name) ? overrides[name] : own;
}

export function endpoint<Name extends string, Input, Answer>(spec: EndpointSpec<Name, Input, Answer>): IlinkEndpoint<Name, Input, Answer> {
  return {
    name: spec.name,
    path: spec.path,
    timeoutMs: spec.timeoutMs,
    decode: spec.decode,
    request: (ctx, input) => {
      const parts = spec.build(ctx, input, joinUrl(ctx.base, spec.path));
      const timeoutMs = timeoutOf(ctx, spec.name, parts.timeoutMs ?? spec.timeoutMs);
      const request: { -readonly [K in keyof WxRequest]: WxRequest[K] } = Object.assign({ endpoint: spec.name }, parts);
      if (timeoutMs === undefined) delete request.timeoutMs;
      else request.timeoutMs = timeoutMs;
      return request;
    },
  };
}

/** `ilink/bot/<name>`. */
export const botPath = (name: string): string => `${API_PREFIX}${name}`;

/** A JSON POST with the headers of docs/ilink-protocol.md §2.1 (the bearer token when the context has one). */
export function postJson(ctx: IlinkContext, url: string, json: unknown): RequestParts {
  return { method: 'POST', url, json, headers: jsonPostHeaders(ctx) };
}
