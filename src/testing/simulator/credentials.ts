/**
 * Credential and id generators in the shapes captures show (docs/protocol.md §1.4, §2.1–2.4). All randomness comes from
 * one seeded PRNG, so a simulator started with the same seed hands out the same values in the same order.
 */
import { mulberry32 } from './prng.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const DIGITS = '0123456789';

export class Credentials {
  readonly random: () => number;

  constructor(seed: number) {
    this.random = mulberry32(seed ^ 0x5eed_c0de);
  }

  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet.charAt(Math.floor(this.random() * alphabet.length));
    return s;
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** 12 characters ending in `==`, like `gbyKnbsmqQ==`. */
  uuid(): string {
    return this.chars(URL_SAFE, 10) + '==';
  }

  /** The login ticket in `redirect_uri` (`A…@qrticket_0`). */
  ticket(): string {
    return 'A' + this.chars(URL_SAFE, 23) + '@qrticket_0';
  }

  /** `@crypt_<8 hex>_<32 hex>`. */
  skey(): string {
    return `@crypt_${this.chars(HEX, 8)}_${this.chars(HEX, 32)}`;
  }

  /** 16 base64 characters with at least one `+` or `/`, which clients must percent-encode in URLs. */
  wxsid(): string {
    const body = this.chars(B64, 15);
    const at = this.int(16);
    return body.slice(0, at) + (this.random() < 0.5 ? '+' : '/') + body.slice(at);
  }

  /** The login page's `pass_ticket`: base64 that arrives percent-encoded (`%2B`, `%2F`, `%3D`). */
  passTicket(): string {
    const raw = this.chars(ALNUM, 20) + '+' + this.chars(B64, 20) + '/' + this.chars(B64, 21) + '=';
    return encodeURIComponent(raw);
  }

  /** `webwx_data_ticket`: 24 base64 characters, kept free of `;` and `,` (cookie-safe). */
  dataTicket(): string {
    return this.chars(ALNUM, 24);
  }

  /** `webwxuvid`: 96 hex digits. */
  uvid(): string {
    return this.chars(HEX, 96);
  }

  /** `webwx_auth_ticket`: long base64 (contains `+`, `/` and a trailing `=`). */
  authTicket(): string {
    return 'CIsBE' + this.chars(B64, 166) + '=';
  }

  /** A per-login salt for UserNames. */
  salt(): string {
    return this.chars(HEX, 16);
  }

  /** A message id: 19 digits, above 2^53 (so `JSON.parse` would round it), below 2^63. */
  msgId(): string {
    return String(1 + this.int(8)) + this.chars(DIGITS, 18);
  }

  /** An upload's `MediaId`: `@crypt_<8 hex>_` + a long hex tail. */
  mediaId(): string {
    return `@crypt_${this.chars(HEX, 8)}_${this.chars(HEX, 256)}`;
  }

  /** A counter base for the SyncKey values (the captures show numbers around 6–7 × 10^8). */
  counterBase(): number {
    return 600_000_000 + this.int(100_000_000);
  }
}
