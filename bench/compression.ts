/**
 * gzip or not on API calls, weighed on two answers: the 5,000-contact `webwxgetcontact` of a big account (one page)
 * and the 50-message `webwxsync` of bench/decode.ts, both written by the simulator's own wire writer. For each: the
 * bytes on the wire plain and gzipped (level 1, as the simulator sends; level 6, zlib's default, for reference), the
 * client's CPU to inflate the gzipped body (the transports' `decodeContent`) next to its `JSON.parse`, and the
 * time the bytes take on a 10 and a 100 Mbit/s link. Measured in-process, alternating, medians.
 */
import { constants, gzipSync } from 'node:zlib';
import { built } from './built.js';
import { UserNames } from '../src/testing/simulator/usernames.js';
import { contactToWire, toWireJson } from '../src/testing/simulator/wire.js';
import { generateWorld } from '../src/testing/simulator/world-generator.js';
import { fmt, median, sampleMicros } from './stats.js';

const { decodeContent } = await built<typeof import('../src/http/content-encoding.js')>('http/content-encoding.js');

export interface CompressionFigures {
  readonly name: string;
  readonly plainBytes: number;
  readonly gzipBytes: number;
  readonly gzip6Bytes: number;
  /** `decodeContent` of the level-1 body, µs. */
  readonly inflateMicros: number;
  /** `JSON.parse` of the plain body, µs. */
  readonly parseMicros: number;
}

/** A 5,000-contact `webwxgetcontact` answer in one page. */
function contactsBody(): string {
  const world = generateWorld({ seed: 7, friends: 5_000, groups: 0, groupSize: 2 });
  const wire = { world, userNames: new UserNames('bench'), skey: '@crypt_bench' };
  const page = world.addressBook().map((entity) => contactToWire(entity, wire));
  return toWireJson({ BaseResponse: { Ret: 0, ErrMsg: '' }, Seq: 0, MemberCount: page.length, MemberList: page });
}

function measure(name: string, body: string, quick: boolean): CompressionFigures {
  const plain = Buffer.from(body);
  const gzipped = gzipSync(plain, { level: constants.Z_BEST_SPEED });
  const iterations = Math.max(1, Math.round(2_000_000 / plain.length));
  const samples = quick ? 5 : 15;
  const inflate: number[] = [];
  const parse: number[] = [];
  for (let s = 0; s < samples; s++) {
    inflate.push(...sampleMicros(() => decodeContent(gzipped, 'gzip'), 1, iterations));
    parse.push(...sampleMicros(() => JSON.parse(body), 1, iterations));
  }
  return {
    name,
    plainBytes: plain.length,
    gzipBytes: gzipped.length,
    gzip6Bytes: gzipSync(plain).length,
    inflateMicros: median(inflate),
    parseMicros: median(parse),
  };
}

/** `syncBody`: the 50-message answer of bench/decode.ts. */
export function runCompressionBench(syncBody: string, options: { quick?: boolean } = {}): CompressionFigures[] {
  const quick = options.quick === true;
  return [measure('webwxgetcontact, 5,000 contacts', contactsBody(), quick), measure('webwxsync, 50 messages', syncBody, quick)];
}

/** Milliseconds `bytes` take at `mbits` Mbit/s. */
const onTheWireMs = (bytes: number, mbits: number): number => (bytes * 8) / (mbits * 1000);

export function printCompression(figures: readonly CompressionFigures[]): void {
  for (const f of figures) {
    const kb = (bytes: number) => `${fmt(bytes / 1024)} KiB`;
    console.log(
      `gzip or not, ${f.name}: ${kb(f.plainBytes)} plain, ${kb(f.gzipBytes)} gzipped (level 6: ${kb(f.gzip6Bytes)}); ` +
        `inflate ${fmt(f.inflateMicros)} µs (JSON.parse ${fmt(f.parseMicros)} µs); ` +
        `on the wire at 10 / 100 Mbit/s ${fmt(onTheWireMs(f.plainBytes, 10))} / ${fmt(onTheWireMs(f.plainBytes, 100))} ms plain, ` +
        `${fmt(onTheWireMs(f.gzipBytes, 10))} / ${fmt(onTheWireMs(f.gzipBytes, 100))} ms gzipped`,
    );
  }
}
