import { Transform, type TransformCallback } from 'node:stream';

/**
 * A stream stage that passes every chunk on unchanged after showing it to `seen` (to count, hash or report
 * progress); `atEnd`, when given, may fail the stream once the last chunk went through.
 */
export function passThrough(seen: (chunk: Buffer) => void, atEnd?: () => Error | undefined): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      seen(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      callback(atEnd?.() ?? null);
    },
  });
}
