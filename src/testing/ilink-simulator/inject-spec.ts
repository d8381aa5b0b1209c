/** What `sim.inject` takes and answers: a user's message to the bot, by kind (docs/ilink-protocol.md §6). */
import type { KeyEncoding } from './aes.js';

export const ILINK_INJECT_KINDS = ['text', 'image', 'voice', 'file', 'video', 'quote', 'unknown', 'generating'] as const;
export type IlinkInjectKind = (typeof ILINK_INJECT_KINDS)[number];

interface InjectBase {
  /** The sending user (`…@im.wechat`). @default the bot's owner */
  readonly from?: string;
  /** Deliver this message twice (at-least-once delivery). @default drawn from the `duplicateRate` option */
  readonly duplicate?: boolean;
}

interface MediaBase extends InjectBase {
  /** The plaintext; the CDN keeps it encrypted with a fresh key. A string is taken as UTF-8. */
  readonly data: Uint8Array | string;
  /** Put `full_url` into the reference. @default the `fullUrl` option */
  readonly fullUrl?: boolean;
  /** How `media.aes_key` is written. @default `raw` (base64 of the 16 bytes) for images, `hex` (base64 of the hex text) otherwise */
  readonly keyEncoding?: KeyEncoding;
}

export type IlinkInjectSpec =
  | (InjectBase & { readonly kind: 'text'; readonly text: string })
  /** `hexKey`: also write `image_item.aeskey` (32 hex characters), the key the plugin prefers. @default true */
  | (MediaBase & { readonly kind: 'image'; readonly hexKey?: boolean })
  /** SILK (`encode_type` 6) unless told; `transcript` becomes `voice_item.text`. */
  | (MediaBase & { readonly kind: 'voice'; readonly transcript?: string; readonly playtimeMs?: number; readonly encodeType?: number })
  | (MediaBase & { readonly kind: 'file'; readonly fileName: string })
  | (MediaBase & { readonly kind: 'video'; readonly playLength?: number })
  /** A text quoting another message: `ref_msg` with the quoted text item, and `svr_id` when given. */
  | (InjectBase & { readonly kind: 'quote'; readonly text: string; readonly quotedText: string; readonly quotedMessageId?: string })
  /** An item type the protocol does not define (or a tool-call item), with any fields. */
  | (InjectBase & { readonly kind: 'unknown'; readonly itemType: number; readonly item?: Readonly<Record<string, unknown>> })
  /** `message_state` 1 (GENERATING) with `partialText` (default: the first half), then 2 (FINISH) with `text`, same id. */
  | (InjectBase & { readonly kind: 'generating'; readonly text: string; readonly partialText?: string });

export interface IlinkInjectedMedia {
  /** The download parameter (it contains `+`, `/` and `=`, so it needs URL-encoding). */
  readonly encryptQueryParam: string;
  readonly aesKeyHex: string;
  /** Ciphertext bytes on the CDN. */
  readonly size: number;
  readonly rawSize: number;
  readonly md5: string;
}

export interface IlinkInjected {
  /** Decimal text of the uint64 `message_id` (above 2^53). */
  readonly messageId: string;
  readonly seq: number;
  readonly from: string;
  /** The message's context token, for tests that call `sendmessage` themselves. */
  readonly contextToken: string;
  readonly media?: IlinkInjectedMedia;
}
