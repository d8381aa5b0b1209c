import fc from 'fast-check';
import { firstValueFrom, from, lastValueFrom, Observable, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, frameBytes } from '../../src/device/frame-decoder.js';
import { decodeFrames, encodeFrames } from '../../src/device/framing.js';
import { FrameDecodeError } from '../../src/device/errors/frame-decode-error.js';
import { FrameTooLargeError } from '../../src/device/errors/frame-too-large-error.js';

const concat = (parts: readonly Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));
const arrays = (bodies: readonly Uint8Array[]) => bodies.map((body) => Array.from(body));

/** Cuts `bytes` at the given offsets (any order, repeats allowed: they make empty chunks). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

const decodeAll = (chunks: readonly Uint8Array[], maxFrameLength?: number) =>
  lastValueFrom(from(chunks).pipe(decodeFrames(maxFrameLength === undefined ? {} : { maxFrameLength }), toArray()));

describe('decodeFrames / encodeFrames', () => {
  it('yields the same frames for any split of a valid byte stream (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (bodies, cuts) => {
          const stream = concat(await lastValueFrom(from(bodies).pipe(encodeFrames(), toArray())));
          const frames = await decodeAll(split(stream, cuts));
          expect(arrays(frames)).toEqual(arrays(bodies));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('yields the same frames when the stream arrives one byte at a time', async () => {
    const bodies = [Uint8Array.of(1, 2, 3), new Uint8Array(0), Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff)];
    const stream = concat(bodies.map(frameBytes));
    const frames = await decodeAll(Array.from(stream, (byte) => Uint8Array.of(byte)));
    expect(arrays(frames)).toEqual(arrays(bodies));
  });

  it('emits several frames from one chunk, as views without copying', async () => {
    const chunk = concat([frameBytes(Uint8Array.of(7)), frameBytes(Uint8Array.of(8, 9))]);
    const frames = await decodeAll([chunk]);
    expect(arrays(frames)).toEqual([[7], [8, 9]]);
    expect(frames[0]!.buffer).toBe(chunk.buffer);
  });

  it('emits empty bodies as empty arrays', async () => {
    const frames = await decodeAll([Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0)]);
    expect(arrays(frames)).toEqual([[], []]);
  });

  it('errors with FrameTooLargeError as soon as a header announces more than the maximum', async () => {
    const header = Uint8Array.of(0, 0, 1, 1);
    await expect(decodeAll([header], 256)).rejects.toBeInstanceOf(FrameTooLargeError);
    await expect(decodeAll([Uint8Array.of(0, 0), Uint8Array.of(1), Uint8Array.of(1)], 256)).rejects.toMatchObject({
      name: 'FrameTooLargeError',
      length: 257,
      maxLength: 256,
    });
    await expect(decodeAll([Uint8Array.of(0x7f, 0xff, 0xff, 0xff)])).rejects.toMatchObject({ length: 0x7fffffff });
    const atMax = await decodeAll([frameBytes(new Uint8Array(256))], 256);
    expect(atMax).toHaveLength(1);
  });

  it('errors with FrameDecodeError when the source ends inside a frame', async () => {
    await expect(decodeAll([Uint8Array.of(0, 0, 0, 5, 1, 2)])).rejects.toBeInstanceOf(FrameDecodeError);
    await expect(decodeAll([Uint8Array.of(0, 0)])).rejects.toBeInstanceOf(FrameDecodeError);
  });

  it('passes source errors through and stops reading when unsubscribed', async () => {
    const failure = new Error('socket');
    const failing = new Observable<Uint8Array>((subscriber) => {
      subscriber.next(frameBytes(Uint8Array.of(1)));
      subscriber.error(failure);
    });
    await expect(lastValueFrom(failing.pipe(decodeFrames()))).rejects.toBe(failure);
    const first = await firstValueFrom(of(concat([frameBytes(Uint8Array.of(1)), frameBytes(Uint8Array.of(2))])).pipe(decodeFrames()));
    expect(Array.from(first)).toEqual([1]);
  });

  it('FrameDecoder keeps state between pushes and reports what it holds', () => {
    const decoder = new FrameDecoder(10);
    const out: number[][] = [];
    decoder.push(Uint8Array.of(0, 0, 0, 2, 5), (body) => out.push(Array.from(body)));
    expect(decoder.buffered).toBe(5);
    decoder.push(Uint8Array.of(6, 0, 0), (body) => out.push(Array.from(body)));
    expect(out).toEqual([[5, 6]]);
    expect(decoder.buffered).toBe(2);
  });
});
