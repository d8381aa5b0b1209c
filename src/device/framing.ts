import { map, Observable, type OperatorFunction } from 'rxjs';
import { FrameDecodeError } from './errors/frame-decode-error.js';
import { DEFAULT_MAX_FRAME_LENGTH, FrameDecoder, frameBytes } from './frame-decoder.js';

export interface DecodeFramesConfig {
  /** The longest body accepted; a header announcing more errors with `FrameTooLargeError`. @default 4194304 (4 MiB) */
  readonly maxFrameLength?: number;
}

/**
 * Turns a stream of byte chunks (as a socket delivers them) into frame bodies: each frame is a 4-byte big-endian
 * body length, then the body. Frames may be split across chunks at any byte, and one chunk may hold several;
 * an empty body is emitted as an empty array. A length over `maxFrameLength` errors with `FrameTooLargeError`, and
 * a source completing inside a frame errors with `FrameDecodeError`.
 *
 * Like reading a letter whose envelope says how many pages follow: you keep collecting pages, however the postman
 * bundles them, until the count is reached.
 *
 * ```text
 * chunks:  --a----b--c|        a = 00 00 00 02 68, b = 69 00 00, c = 00 00
 *          decodeFrames()
 * bodies:  -------x--y|        x = 68 69, y = (empty)
 * ```
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { decodeFrames } from 'wechat-rx/device';
 *
 * of(Uint8Array.of(0, 0, 0, 2, 0x68), Uint8Array.of(0x69, 0, 0, 0, 0))
 *   .pipe(decodeFrames())
 *   .subscribe((body) => console.log(Array.from(body)));
 * // Output:
 * // [ 104, 105 ]
 * // []
 * ```
 *
 * @see encodeFrames for the way back.
 * @param config the maximum body length.
 * @returns an operator from byte chunks to frame bodies (views into the chunks: don't mutate them).
 */
export function decodeFrames(config: DecodeFramesConfig = {}): OperatorFunction<Uint8Array, Uint8Array> {
  const maxFrameLength = config.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
  return (source) =>
    new Observable<Uint8Array>((subscriber) => {
      const decoder = new FrameDecoder(maxFrameLength);
      const emit = (body: Uint8Array) => subscriber.next(body);
      return source.subscribe({
        next(chunk) {
          try {
            decoder.push(chunk, emit);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (decoder.buffered > 0) {
            subscriber.error(new FrameDecodeError('frame', 'the stream ended inside a frame', decoder.buffered));
          } else {
            subscriber.complete();
          }
        },
      });
    });
}

/**
 * Turns frame bodies into bytes to write: each body prefixed with its 4-byte big-endian length.
 *
 * ```text
 * bodies:  --x--y|        x = 68 69, y = (empty)
 *          encodeFrames()
 * bytes:   --a--b|        a = 00 00 00 02 68 69, b = 00 00 00 00
 * ```
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { encodeFrames } from 'wechat-rx/device';
 *
 * of(Uint8Array.of(0x68, 0x69)).pipe(encodeFrames()).subscribe((bytes) => console.log(Array.from(bytes)));
 * // Output:
 * // [ 0, 0, 0, 2, 104, 105 ]
 * ```
 *
 * @see decodeFrames for the way back.
 * @returns an operator from frame bodies to length-prefixed bytes.
 */
export function encodeFrames(): OperatorFunction<Uint8Array, Uint8Array> {
  return map(frameBytes);
}
