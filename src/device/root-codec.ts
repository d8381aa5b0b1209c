/**
 * The root `TransportMessage` (5 fields) encoded and decoded by hand: it wraps every frame, so it is the per-frame
 * hot path, and protobufjs spends most of its time there on `Long` objects and conversions. Payloads (the `Any`
 * value) still go through protobufjs. Byte-for-byte equivalence with protobufjs is property-tested.
 */
import type { AnyMessage } from './wire-types.js';

/** The decoded root, before its `Content` is unpacked. */
export interface RootMessage {
  Id: string;
  AccessToken: string;
  MsgType: number;
  Content: AnyMessage | null;
  RefMessageId: string;
}

/** Thrown for bytes that are not a valid root; the caller wraps it in a `FrameDecodeError`. */
export class RootDecodeFailure {
  constructor(readonly reason: string) {}
}

const TWO_32 = 4294967296;
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();
const EMPTY: Uint8Array = new Uint8Array(0);

/** Reads one body; `typeUrlFor` may supply the expected `type_url` string so an equal one is not decoded again. */
export function decodeRoot(bytes: Uint8Array, typeUrlFor: (msgType: number) => string | undefined): RootMessage {
  const root: RootMessage = { Id: '0', AccessToken: '', MsgType: 0, Content: null, RefMessageId: '0' };
  const reader = new Reader(bytes, 0, bytes.length);
  while (reader.pos < reader.end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) root.Id = reader.int64();
    else if (field === 2 && wire === 2) root.AccessToken = reader.string();
    else if (field === 3 && wire === 0) root.MsgType = reader.uint32() | 0;
    else if (field === 4 && wire === 2) {
      const length = reader.uint32();
      const end = reader.checkedEnd(length);
      root.Content = decodeAny(new Reader(bytes, reader.pos, end), root.MsgType, typeUrlFor);
      reader.pos = end;
    } else if (field === 5 && wire === 0) root.RefMessageId = reader.int64();
    else reader.skip(wire);
  }
  return root;
}

function decodeAny(reader: Reader, msgType: number, typeUrlFor: (msgType: number) => string | undefined): AnyMessage {
  let typeUrl = '';
  let value = EMPTY;
  while (reader.pos < reader.end) {
    const tag = reader.uint32();
    if (tag === 0x0a) {
      const length = reader.uint32();
      const end = reader.checkedEnd(length);
      const expected = typeUrlFor(msgType);
      typeUrl = expected !== undefined && asciiEquals(reader.bytes, reader.pos, end, expected) ? expected : utf8(reader.bytes, reader.pos, end);
      reader.pos = end;
    } else if (tag === 0x12) {
      const length = reader.uint32();
      const end = reader.checkedEnd(length);
      value = reader.bytes.subarray(reader.pos, end);
      reader.pos = end;
    } else {
      reader.skip(tag & 7);
    }
  }
  return { type_url: typeUrl, value };
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  uint32(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.end) throw new RootDecodeFailure('truncated varint');
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value >>> 0;
    }
    // Longer varints (a negative int32 is sent as 10 bytes): keep the low 32 bits, skip the rest.
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw new RootDecodeFailure('truncated varint');
      if (this.bytes[this.pos++]! < 0x80) return value >>> 0;
    }
    throw new RootDecodeFailure('varint longer than 10 bytes');
  }

  /** A signed 64-bit varint as an exact decimal string. */
  int64(): string {
    let lo = 0;
    let hi = 0;
    let i = 0;
    for (; i < 4; i++) {
      const byte = this.next();
      lo = (lo | ((byte & 0x7f) << (i * 7))) >>> 0;
      if (byte < 0x80) return String(lo);
    }
    let byte = this.next();
    lo = (lo | ((byte & 0x7f) << 28)) >>> 0;
    hi = (byte & 0x7f) >> 4;
    if (byte >= 0x80) {
      for (i = 0; i < 5; i++) {
        byte = this.next();
        hi = (hi | ((byte & 0x7f) << (i * 7 + 3))) >>> 0;
        if (byte < 0x80) break;
      }
      if (byte >= 0x80) throw new RootDecodeFailure('varint longer than 10 bytes');
    }
    const high = hi | 0;
    if (high >= -0x200000 && high < 0x200000) return String(high * TWO_32 + lo);
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  string(): string {
    const length = this.uint32();
    const end = this.checkedEnd(length);
    const text = utf8(this.bytes, this.pos, end);
    this.pos = end;
    return text;
  }

  checkedEnd(length: number): number {
    const end = this.pos + length;
    if (end > this.end) throw new RootDecodeFailure(`length ${length} runs past the end`);
    return end;
  }

  skip(wire: number): void {
    if (wire === 0) this.uint32();
    else if (wire === 1) this.pos = this.checkedEnd(8);
    else if (wire === 2) this.pos = this.checkedEnd(this.uint32());
    else if (wire === 5) this.pos = this.checkedEnd(4);
    else throw new RootDecodeFailure(`invalid wire type ${wire}`);
  }

  private next(): number {
    if (this.pos >= this.end) throw new RootDecodeFailure('truncated varint');
    return this.bytes[this.pos++]!;
  }
}

function asciiEquals(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** UTF-8 text; short ASCII (tokens, ids) without a TextDecoder call. */
function utf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) return utf8Decoder.decode(bytes.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/** What `encodeRoot` writes. int64 fields are decimal strings; `'0'`, `''` and 0 are left out, as proto3 does. */
export interface RootInput {
  readonly Id: string;
  readonly AccessToken: string;
  readonly MsgType: number;
  readonly RefMessageId: string;
  readonly Content?: AnyMessage | undefined;
}

/** Writes a root message body. */
export function encodeRoot(root: RootInput): Uint8Array {
  const id = int64Parts(root.Id);
  const ref = int64Parts(root.RefMessageId);
  const token = tokenBytes(root.AccessToken);
  const content = root.Content;
  const typeUrl = content === undefined || content.type_url === '' ? EMPTY : utf8Encoder.encode(content.type_url);
  const valueLength = content === undefined ? 0 : content.value.length;
  const anyLength =
    (typeUrl.length > 0 ? 1 + varintSize(typeUrl.length) + typeUrl.length : 0) +
    (valueLength > 0 ? 1 + varintSize(valueLength) + valueLength : 0);
  let size = 0;
  if (id !== undefined) size += 1 + varint64Size(id[0], id[1]);
  if (token.length > 0) size += 1 + varintSize(token.length) + token.length;
  if (root.MsgType !== 0) size += 1 + (root.MsgType < 0 ? 10 : varintSize(root.MsgType));
  if (content !== undefined) size += 1 + varintSize(anyLength) + anyLength;
  if (ref !== undefined) size += 1 + varint64Size(ref[0], ref[1]);
  const out = new Uint8Array(size);
  let pos = 0;
  if (id !== undefined) {
    out[pos++] = 0x08;
    pos = writeVarint64(out, pos, id[0], id[1]);
  }
  if (token.length > 0) {
    out[pos++] = 0x12;
    pos = writeVarint(out, pos, token.length);
    out.set(token, pos);
    pos += token.length;
  }
  if (root.MsgType !== 0) {
    out[pos++] = 0x18;
    pos = root.MsgType < 0 ? writeVarint64(out, pos, root.MsgType >>> 0, 0xffffffff) : writeVarint(out, pos, root.MsgType);
  }
  if (content !== undefined) {
    out[pos++] = 0x22;
    pos = writeVarint(out, pos, anyLength);
    if (typeUrl.length > 0) {
      out[pos++] = 0x0a;
      pos = writeVarint(out, pos, typeUrl.length);
      out.set(typeUrl, pos);
      pos += typeUrl.length;
    }
    if (valueLength > 0) {
      out[pos++] = 0x12;
      pos = writeVarint(out, pos, valueLength);
      out.set(content.value, pos);
      pos += valueLength;
    }
  }
  if (ref !== undefined) {
    out[pos++] = 0x28;
    writeVarint64(out, pos, ref[0], ref[1]);
  }
  return out;
}

let lastToken = '';
let lastTokenBytes = EMPTY;

/** The access token is the same on every frame of a connection: encode it once. */
function tokenBytes(token: string): Uint8Array {
  if (token !== lastToken) {
    lastToken = token;
    lastTokenBytes = utf8Encoder.encode(token);
  }
  return lastTokenBytes;
}

/** `[lo, hi]` (unsigned 32-bit halves of the two's complement) of a decimal int64, or undefined for zero. */
function int64Parts(decimal: string): readonly [number, number] | undefined {
  if (decimal === '0' || decimal === '') return undefined;
  if (decimal.length <= 15 && decimal[0] !== '-') {
    const n = Number(decimal);
    if (Number.isSafeInteger(n)) return n === 0 ? undefined : [n >>> 0, Math.floor(n / TWO_32) >>> 0];
  }
  let value: bigint;
  try {
    value = BigInt.asUintN(64, BigInt(decimal));
  } catch {
    throw new RangeError(`not a decimal int64: ${decimal.slice(0, 24)}`);
  }
  return value === 0n ? undefined : [Number(value & 0xffffffffn), Number(value >> 32n)];
}

function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

function varint64Size(lo: number, hi: number): number {
  if (hi === 0) return varintSize(lo);
  let size = 5;
  for (let rest = hi >>> 3; rest !== 0; rest >>>= 7) size++;
  return size;
}

function writeVarint(out: Uint8Array, pos: number, value: number): number {
  let rest = value >>> 0;
  while (rest > 0x7f) {
    out[pos++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  out[pos++] = rest;
  return pos;
}

function writeVarint64(out: Uint8Array, pos: number, lo: number, hi: number): number {
  if (hi === 0) return writeVarint(out, pos, lo);
  for (let i = 0; i < 4; i++) {
    out[pos++] = (lo & 0x7f) | 0x80;
    lo >>>= 7;
  }
  let rest = hi >>> 3;
  out[pos++] = (lo & 0x0f) | ((hi & 0x07) << 4) | (rest === 0 ? 0 : 0x80);
  while (rest !== 0) {
    out[pos++] = rest > 0x7f ? (rest & 0x7f) | 0x80 : rest;
    rest >>>= 7;
  }
  return pos;
}
