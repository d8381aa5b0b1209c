import { FrameTooLargeError } from './errors/frame-too-large-error.js';

/** 4 MiB: chat content carries text and references (URLs), never media bytes, so real frames are far smaller. */
export const DEFAULT_MAX_FRAME_LENGTH = 4 * 1024 * 1024;
const HEADER = 4;

/**
 * Splits a byte stream into frame bodies: a 4-byte big-endian length, then that many bytes. Push chunks as they
 * arrive; complete frames are handed to `emit` in order. A chunk holding whole frames is not copied (bodies are
 * views into it); bytes are copied only to join a frame split across chunks, once, when the frame is complete, so
 * a stream arriving byte by byte costs linear time.
 */
export class FrameDecoder {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Body length of the frame being assembled, once its header is complete; -1 before. */
  private expected = -1;

  constructor(readonly maxFrameLength: number = DEFAULT_MAX_FRAME_LENGTH) {}

  /** Bytes held back as the start of an incomplete frame. */
  get buffered(): number {
    return this.pendingLength;
  }

  /** Feeds one chunk; throws `FrameTooLargeError` when a header announces more than `maxFrameLength`. */
  push(chunk: Uint8Array, emit: (body: Uint8Array) => void): void {
    if (chunk.length === 0) return;
    if (this.pendingLength === 0) {
      this.scan(chunk, emit);
      return;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.expected < 0) {
      if (this.pendingLength < HEADER) return;
      this.expected = this.checked(this.peekLength());
    }
    if (this.pendingLength < HEADER + this.expected) return;
    const joined = join(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.expected = -1;
    this.scan(joined, emit);
  }

  /** Emits every complete frame of `bytes` and keeps the incomplete tail. */
  private scan(bytes: Uint8Array, emit: (body: Uint8Array) => void): void {
    let offset = 0;
    const end = bytes.length;
    while (end - offset >= HEADER) {
      const length = this.checked(
        ((bytes[offset]! << 24) >>> 0) + (bytes[offset + 1]! << 16) + (bytes[offset + 2]! << 8) + bytes[offset + 3]!,
      );
      const start = offset + HEADER;
      if (end - start < length) {
        this.expected = length;
        break;
      }
      offset = start + length;
      emit(bytes.subarray(start, offset));
    }
    if (offset < end) {
      this.pending.push(bytes.subarray(offset));
      this.pendingLength = end - offset;
    }
  }

  private checked(length: number): number {
    if (length > this.maxFrameLength) throw new FrameTooLargeError(length, this.maxFrameLength);
    return length;
  }

  /** The big-endian length in the first four pending bytes, which may span several chunks. */
  private peekLength(): number {
    let length = 0;
    let read = 0;
    for (const part of this.pending) {
      for (let i = 0; i < part.length && read < HEADER; i++, read++) length = length * 256 + part[i]!;
      if (read === HEADER) break;
    }
    return length;
  }
}

function join(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One frame on the wire: the 4-byte big-endian length of `body`, then `body`. */
export function frameBytes(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + body.length);
  const length = body.length;
  out[0] = length >>> 24;
  out[1] = (length >>> 16) & 0xff;
  out[2] = (length >>> 8) & 0xff;
  out[3] = length & 0xff;
  out.set(body, HEADER);
  return out;
}
