import type * as t from 'io-ts';
import type { WxRequest } from '../../../http/request.js';
import { decodeBody, ensureOk, type WithBaseResponse } from './answer.js';
import type { RequestContext, SessionContext } from './context.js';

/*
 * One object per server call: its name (as in the URL path), its client timeout, the pure builder of its request,
 * and for calls whose answer is read whole, the decoder of that answer and its retcode check. Nothing here sends,
 * reads a clock or draws randomness: time and randomness come from the context's `env`, credentials from the caller.
 */

/** Long polls: the server hold (about 25 s) plus a margin, as the browser's 35 s. */
export const LONG_POLL_MS = 35_000;
/** API calls. */
export const API_MS = 15_000;

/**
 * A request as its builder returns it: everything but the endpoint's name, which the descriptor adds. A
 * `timeoutMs` here is this request's own default (an upload chunk sized by its bytes); overrides still win.
 */
export type RequestParts = Omit<WxRequest, 'endpoint'>;

/** A server call whose answer is handed over unread (media downloads); also the part every descriptor has. */
export interface EndpointDescriptor<Name extends string = string, Context = SessionContext, Input = void> {
  readonly name: Name;
  /** The client timeout in ms before overrides; `undefined` means none (media transfers size their own). */
  readonly timeoutMs: number | undefined;
  /** Builds the request for `input`; throws `InvalidRequestError` for a request that can't be sent as asked. */
  request(ctx: Context, input: Input): WxRequest;
}

/** A server call whose answer body is read whole, decoded, then checked. */
export interface CallDescriptor<Name extends string = string, Context = SessionContext, Input = void, Answer = unknown, Decoded = Answer>
  extends EndpointDescriptor<Name, Context, Input> {
  /** Body text → typed answer; throws `DecodeError`, or the retcode error of an error answer that lacks success fields. */
  decode(text: string): Decoded;
  /** The answer when the server reports success; otherwise throws the most specific retcode error. */
  ensureOk(answer: Decoded): Answer;
}

interface EndpointSpec<Name extends string, Context extends RequestContext, Input> {
  readonly name: Name;
  readonly timeoutMs: number | undefined;
  readonly build: (ctx: Context, input: Input) => RequestParts;
}

/** The timeout a request gets: an override for this endpoint wins (`undefined` removes the limit), else `own`. */
function timeoutOf(ctx: RequestContext, name: string, own: number | undefined): number | undefined {
  const overrides = ctx.timeouts;
  return overrides !== undefined && Object.hasOwn(overrides, name) ? overrides[name] : own;
}

/** Names the built request and gives it its timeout. */
function requestOf<Name extends string, Context extends RequestContext, Input>(spec: EndpointSpec<Name, Context, Input>) {
  return (ctx: Context, input: Input): WxRequest => {
    const parts = spec.build(ctx, input);
    const timeoutMs = timeoutOf(ctx, spec.name, parts.timeoutMs ?? spec.timeoutMs);
    // Built for every poll and sync: Object.assign, because V8 in Node 20 runs object spread about 20× slower.
    const request: { -readonly [K in keyof WxRequest]: WxRequest[K] } = Object.assign({ endpoint: spec.name }, parts);
    if (timeoutMs === undefined) delete request.timeoutMs;
    else request.timeoutMs = timeoutMs;
    return request;
  };
}

/** A call whose answer is a stream (downloads). */
export function streamEndpoint<Name extends string, Context extends RequestContext, Input = void>(
  spec: EndpointSpec<Name, Context, Input>,
): EndpointDescriptor<Name, Context, Input> {
  return { name: spec.name, timeoutMs: spec.timeoutMs, request: requestOf(spec) };
}

/** A call with its own decoder and check (the login stage's script and XML answers, synccheck). */
export function callEndpoint<Name extends string, Context extends RequestContext, Input = void, Decoded = unknown, Answer = Decoded>(
  spec: EndpointSpec<Name, Context, Input> & {
    readonly decode: (text: string) => Decoded;
    /** @default the answer as decoded: the decoder itself fails on what the server refused */
    readonly ensureOk?: (answer: Decoded) => Answer;
  },
): CallDescriptor<Name, Context, Input, Answer, Decoded> {
  const ensure = spec.ensureOk ?? ((answer: Decoded) => answer as unknown as Answer);
  return { name: spec.name, timeoutMs: spec.timeoutMs, request: requestOf(spec), decode: spec.decode, ensureOk: ensure };
}

/**
 * A JSON call of a session: the answer is decoded by `answer` (a codec, read with `decodeBody`, or a whole decoder)
 * and is a success when its `BaseResponse.Ret` is 0 (`ensureOk`), unless `ensureOk` says otherwise.
 */
export function jsonEndpoint<Name extends string, Answer extends WithBaseResponse, Input = void>(
  spec: EndpointSpec<Name, SessionContext, Input> & {
    readonly answer: t.Decoder<unknown, Answer> | ((text: string) => Answer);
    readonly ensureOk?: (answer: Answer) => Answer;
  },
): CallDescriptor<Name, SessionContext, Input, Answer> {
  const { name, answer } = spec;
  return callEndpoint({
    name,
    timeoutMs: spec.timeoutMs,
    build: spec.build,
    decode: typeof answer === 'function' ? answer : (text: string) => decodeBody(answer, name, text),
    ensureOk: spec.ensureOk ?? ((decoded: Answer) => ensureOk(name, decoded)),
  });
}
