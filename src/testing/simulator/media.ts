/**
 * Media bytes: uploads (by `MediaId`), and what downloads serve for injected messages (by `MsgId`). Bytes for
 * injected media are generated on first download: a real PNG (a QR code of the message id, drawn by `qrcode`),
 * MPEG audio frames, an MP4 `ftyp` box. Total stored bytes are bounded; the oldest entries go first.
 */
import { byteLength } from './http.js';
import { loadQrcode } from './packages.js';

export interface StoredMedia {
  /**
   * The bytes in order, in the pieces they arrived in: an upload keeps its chunks' pieces, so a 20 MiB file is never
   * copied into one buffer (joining it at the last chunk cost that chunk about 15 ms on the benchmark VM).
   */
  readonly pieces: readonly Uint8Array[];
  readonly size: number;
  readonly type: string;
  readonly name: string;
}

export function storedMedia(bytes: Uint8Array | readonly Uint8Array[], type: string, name: string): StoredMedia {
  const pieces = bytes instanceof Uint8Array ? [bytes] : bytes;
  return { pieces, size: byteLength(pieces), type, name };
}

/** The pieces covering bytes `start` (inclusive) to `end` (exclusive), as views. */
export function slicePieces(pieces: readonly Uint8Array[], start: number, end: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const piece of pieces) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end - at, piece.byteLength);
    if (from < to) out.push(piece.subarray(from, to));
    at += piece.byteLength;
    if (at >= end) break;
  }
  return out;
}

/** What a download should produce for an injected message, before anything was generated. */
export interface MediaPlan {
  readonly kind: 'image' | 'voice' | 'video' | 'file' | 'emoticon';
  readonly size?: number;
  readonly name?: string;
  readonly durationMs?: number;
}

const MAX_BYTES = 256 * 1024 * 1024;
const MAX_GENERATED = 4 * 1024 * 1024;

/** A tiny but valid JPEG (1×1), the avatar in the login poll's `201` answer. */
export const AVATAR_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

export class MediaStore {
  private readonly stored = new Map<string, StoredMedia>();
  private readonly plans = new Map<string, MediaPlan>();
  private bytes = 0;

  put(key: string, media: StoredMedia): void {
    const old = this.stored.get(key);
    if (old !== undefined) this.bytes -= old.size;
    this.stored.delete(key);
    this.stored.set(key, media);
    this.bytes += media.size;
    for (const [k, v] of this.stored) {
      if (this.bytes <= MAX_BYTES || k === key) break;
      this.stored.delete(k);
      this.bytes -= v.size;
    }
  }

  get(key: string): StoredMedia | undefined {
    return this.stored.get(key);
  }

  /** Remembers what to generate for `key` (a MsgId or MediaId) if it is ever downloaded. */
  plan(key: string, plan: MediaPlan): void {
    this.plans.set(key, plan);
    if (this.plans.size > 100_000) {
      const first = this.plans.keys().next();
      if (first.done !== true) this.plans.delete(first.value);
    }
  }

  /** Stored bytes, else bytes generated from the plan (then stored), else `undefined`. */
  async resolve(key: string): Promise<StoredMedia | undefined> {
    const found = this.stored.get(key);
    if (found !== undefined) return found;
    const plan = this.plans.get(key);
    if (plan === undefined) return undefined;
    const media = await generate(key, plan);
    this.put(key, media);
    return media;
  }

  clear(): void {
    this.stored.clear();
    this.plans.clear();
    this.bytes = 0;
  }
}

async function generate(key: string, plan: MediaPlan): Promise<StoredMedia> {
  switch (plan.kind) {
    case 'image':
    case 'emoticon':
      return storedMedia(await png(key), 'image/png', plan.name ?? 'image.png');
    case 'voice':
      return storedMedia(mp3(plan.durationMs ?? 2000), 'audio/mpeg', plan.name ?? 'voice.mp3');
    case 'video':
      return storedMedia(mp4(plan.size ?? 4096), 'video/mp4', plan.name ?? 'video.mp4');
    case 'file':
      return storedMedia(fileBytes(plan.name ?? 'file.txt', plan.size ?? 64), 'application/octet-stream', plan.name ?? 'file.txt');
  }
}

/** A PNG picture (a QR code of `text`); also the avatar of every contact. */
export async function png(text: string): Promise<Uint8Array> {
  return loadQrcode().toBuffer(text, { type: 'png', margin: 1, scale: 2, errorCorrectionLevel: 'L' });
}

/** MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each, about 26 ms each) of silence. */
function mp3(durationMs: number): Uint8Array {
  const frames = Math.max(1, Math.min(2000, Math.round(durationMs / 26)));
  const out = new Uint8Array(frames * 417);
  for (let i = 0; i < frames; i++) out.set([0xff, 0xfb, 0x90, 0x64], i * 417);
  return out;
}

/** An `ftyp` box (isom/mp42) followed by an `mdat` box, `size` bytes in all. */
function mp4(size: number): Uint8Array {
  const total = Math.max(40, Math.min(MAX_GENERATED, size));
  const out = Buffer.alloc(total);
  out.writeUInt32BE(24, 0);
  out.write('ftypisom', 4, 'latin1');
  out.writeUInt32BE(512, 12);
  out.write('isommp42', 16, 'latin1');
  out.writeUInt32BE(total - 24, 24);
  out.write('mdat', 28, 'latin1');
  return out;
}

function fileBytes(name: string, size: number): Uint8Array {
  const line = Buffer.from(`wechat-rx simulator file ${name}\n`, 'utf8');
  const total = Math.max(0, Math.min(MAX_GENERATED, size));
  const out = Buffer.alloc(total);
  for (let at = 0; at < total; at += line.length) line.copy(out, at, 0, Math.min(line.length, total - at));
  return out;
}
