/**
 * The iLink simulator's seeded randomness and the identifiers it makes from it: the same seed gives the same bots,
 * tokens, message ids and keys (docs/ilink-protocol.md §4, §6).
 */
import { mulberry32 } from '../simulator/prng.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Real message ids are about 7.4×10^18: well above 2^53, so a double-precision parser changes them. */
const FIRST_MESSAGE_ID = 7_400_000_000_000_000_001n;
/** Three bytes that base64-encode to `+///`, so every CDN parameter needs URL-encoding. */
const PARAM_PREFIX = [0xfb, 0xff, 0xff];

export class SimRandom {
  private readonly next: () => number;
  private lastMessageId: bigint;

  constructor(seed: number) {
    this.next = mulberry32(seed);
    this.lastMessageId = FIRST_MESSAGE_ID + BigInt(Math.floor(this.next() * 2 ** 30));
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  hex(bytes: number): string {
    return this.bytes(bytes).toString('hex');
  }

  base64(bytes: number): string {
    return this.bytes(bytes).toString('base64');
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** `<12 hex>@im.bot`. */
  botId(): string {
    return `${this.hex(6)}@im.bot`;
  }

  /** An opaque bearer token. */
  token(): string {
    return this.bytes(36).toString('base64url');
  }

  /**
   * A uint64 message id, increasing, never a multiple of 1024 (doubles near 7.4×10^18 are 1024 apart, so every id
   * is one a lossy parser changes).
   */
  messageId(): bigint {
    let id = this.lastMessageId + 1n + BigInt(Math.floor(this.next() * 1_000_000));
    if (id % 1024n === 0n) id += 1n;
    this.lastMessageId = id;
    return id;
  }

  /** An opaque CDN parameter: base64 containing `+`, `/` and `=`, as the real ones do. */
  cdnParam(): string {
    return Buffer.concat([Buffer.from(PARAM_PREFIX), this.bytes(29)]).toString('base64');
  }
}

/** The `index`-th simulated WeChat user: `o9cq80…@im.wechat`, the same for a seed whatever else happened. */
export function simUserId(seed: number, index: number): string {
  const next = mulberry32((seed * 7919 + index * 104_729 + 17) >>> 0);
  let tail = '';
  for (let i = 0; i < 22; i++) tail += BASE64URL[Math.floor(next() * 64)];
  return `o9cq80${tail}@im.wechat`;
}
