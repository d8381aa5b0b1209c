import type { Endpoint } from '../errors/endpoint.js';

/** A file part of a multipart form: the bytes plus the name and type the server sees. */
export interface FormFile {
  readonly data: Uint8Array;
  readonly fileName: string;
  readonly contentType: string;
}

/** One multipart field; a form is a list of these because the server (and ItChat) care about the order. */
export type FormField = readonly [name: string, value: string | FormFile];

/**
 * One HTTP call described as plain data, built by an endpoint descriptor (`endpoints/`) and carried out by a
 * `Transport`. Keeping it data lets marble tests assert on requests without a server and lets every adapter share
 * the same builders.
 */
export interface WxRequest {
  /** Which call this is (a `WebEndpoint` for the client's own); errors name it instead of the URL (it carries credentials). */
  readonly endpoint: Endpoint;
  readonly method: 'GET' | 'POST';
  /** Absolute URL with the query already in place. */
  readonly url: string;
  /** A JSON body, sent as `application/json;charset=UTF-8`. */
  readonly json?: unknown;
  /** A multipart body; fields are sent in this order. */
  readonly form?: readonly FormField[];
  /**
   * Raw bytes, sent as `contentType` (CDN uploads). A stream is sent as it is read, never collected first, and can
   * be read only once: build a new request, with a new stream, for every attempt.
   */
  readonly body?: Uint8Array | NodeJS.ReadableStream;
  /** The type of `body`. @default 'application/octet-stream' */
  readonly contentType?: string;
  /**
   * The byte count of a streamed `body`, sent as `content-length` where the HTTP stack lets it be set (the undici
   * path does; fetch sends a stream chunked). A stream of another length fails the request. @default none (chunked)
   */
  readonly bodyLength?: number;
  /**
   * `false` hands statuses >= 400 back as answers instead of failing with `NetworkError`, for servers that explain a
   * refusal in the answer (the iLink CDN's `x-error-message`). @default true
   */
  readonly throwHttpErrors?: boolean;
  /** Extra request headers (lower-case names). Cookies are added by the transport's jar, not here. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Give up after this many ms; `undefined` means no limit. For `expect: 'stream'` it covers the wait for headers. */
  readonly timeoutMs?: number;
  /**
   * `text` (default) reads the whole body as UTF-8; `stream` hands the body over unread (media downloads).
   * @default 'text'
   */
  readonly expect?: 'text' | 'stream';
}

/** What a `Transport` answers. Statuses >= 400 arrive here only with `throwHttpErrors: false`; otherwise they are `NetworkError`. */
export interface WxResponse {
  readonly status: number;
  /** Lower-case names; `set-cookie` is an array, every other header a single string. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The decoded body; `''` when `expect` was `stream`. */
  readonly text: string;
  /** The unread body when `expect` was `stream`; the subscriber owns it (read it or `cancel()` it). */
  readonly stream?: ReadableStream<Uint8Array>;
}
