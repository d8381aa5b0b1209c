/**
 * Decoding a 50-message webwxsync answer of mixed kinds (texts, group texts with mentions and emoji, images, voice,
 * video, files, links, emoticons, a card, a location, a recall, system notices) next to bare `JSON.parse` of the same
 * bytes. Both run alternately in one process; the figure is the ratio of medians. Target: full decode ≤ 2.5×. Then
 * the same answer gzipped, as the server sends it: the transports' inflate plus the full decode, next to
 * `gunzipSync` plus `JSON.parse`; then gzip or not on API calls weighed (bench/compression.ts). The library is loaded
 * from dist/ as npm ships it (through tsx's transform the decode measured about 5 % slower, `JSON.parse` the same).
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { built } from './built.js';
import { type CompressionFigures, printCompression, runCompressionBench } from './compression.js';
import { buildMessage } from '../src/testing/simulator/messages/build.js';
import { MsgIdGenerator } from '../src/testing/simulator/messages/ids.js';
import type { MessageSpec } from '../src/testing/simulator/messages/specs.js';
import { UserNames } from '../src/testing/simulator/usernames.js';
import { toWireJson } from '../src/testing/simulator/wire.js';
import { generateWorld } from '../src/testing/simulator/world-generator.js';
import { spawnBench } from './procs.js';
import { fmt, median, sampleMicros } from './stats.js';

// The library as shipped (dist/), like the client processes of the other scenarios.
const { decodeContent } = await built<typeof import('../src/http/content-encoding.js')>('http/content-encoding.js');
const { decodeMessage } = await built<typeof import('../src/model/decode/decode.js')>('model/decode/decode.js');
const { webwxsync } = await built<typeof import('../src/web/protocol/endpoints/sync.js')>('web/protocol/endpoints/sync.js');

export interface DecodeFigures {
  readonly jsonParseMicros: number;
  readonly fullDecodeMicros: number;
  readonly ratio: number;
}

export interface DecodeBenchResult extends DecodeFigures {
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The gzipped answer: inflate + parse against inflate + full decode. */
  readonly gzip: DecodeFigures;
  /** gzip or not on API calls: bytes, inflate and parse of a big address book and of this answer. */
  readonly compression: readonly CompressionFigures[];
}

const TARGET = 2.5;

/** A realistic 50-message answer, written by the simulator's own wire writer (bare big-int NewMsgIds and all). */
export function mixedSyncBody(): string {
  const world = generateWorld({ seed: 7, friends: 30, groups: 3, groupSize: 30 });
  const userNames = new UserNames('bench');
  const ctx = { world, userNames, nowMs: 1_700_000_000_000, ids: new MsgIdGenerator(7) };
  const friends = world.friends();
  const groups = world.groups();
  const friend = (i: number) => friends[i % friends.length]!.id;
  const group = (i: number) => groups[i % groups.length]!;
  const member = (i: number) => group(i).members.find((m) => m.id !== world.self.id)!.id;
  const specs: MessageSpec[] = [];
  for (let i = 0; i < 15; i++) specs.push({ kind: 'text', from: friend(i), text: `hello ${i} & <welcome> 😂 line\nbreak` });
  for (let i = 0; i < 15; i++) {
    specs.push({ kind: 'text', from: member(i), group: group(i).id, text: `group talk ${i} [微笑]`, mentions: [world.self.id] });
  }
  for (let i = 0; i < 4; i++) specs.push({ kind: 'image', from: member(i), group: group(i).id, size: 50_000 + i });
  for (let i = 0; i < 3; i++) specs.push({ kind: 'voice', from: friend(i), durationMs: 2000 + i });
  for (let i = 0; i < 2; i++) specs.push({ kind: 'video', from: friend(i), durationSec: 5 + i });
  for (let i = 0; i < 3; i++) specs.push({ kind: 'file', from: friend(i), fileName: `report-${i}.pdf`, size: 100_000 * (i + 1) });
  for (let i = 0; i < 2; i++) specs.push({ kind: 'link', from: friend(i), title: `Article ${i}`, url: `https://example.com/${i}` });
  for (let i = 0; i < 2; i++) specs.push({ kind: 'emoticon', from: member(i), group: group(i).id });
  specs.push({ kind: 'card', from: friend(1), card: friend(2) });
  specs.push({ kind: 'location', from: friend(2), label: 'Somewhere', latitude: 22.5, longitude: 113.9 });
  specs.push({ kind: 'recall', from: friend(3), recalledId: '6929942228714508460' });
  specs.push({ kind: 'system', group: group(0).id, event: { type: 'group-invite', inviter: member(0), invitees: [member(1)] } });
  const messages = specs.map((spec) => buildMessage(spec, ctx));
  const key = { Count: 4, List: [1, 2, 3, 1000].map((Key) => ({ Key, Val: 700_000_000 + Key })) };
  return toWireJson({
    BaseResponse: { Ret: 0, ErrMsg: '' },
    AddMsgCount: messages.length,
    AddMsgList: messages,
    ModContactCount: 0,
    ModContactList: [],
    DelContactCount: 0,
    DelContactList: [],
    ModChatRoomMemberCount: 0,
    ModChatRoomMemberList: [],
    Profile: { BitFlag: 0 },
    ContinueFlag: 0,
    SyncKey: key,
    SyncCheckKey: key,
    SKey: '',
  });
}

/** Medians of `bare` and `full`, run alternately. */
function compare(bare: () => unknown, full: () => unknown, quick: boolean): DecodeFigures {
  const samples = quick ? 9 : 31;
  const iterations = quick ? 50 : 200;
  for (let i = 0; i < 200; i++) {
    bare();
    full();
  }
  const bareTimes: number[] = [];
  const fullTimes: number[] = [];
  for (let s = 0; s < samples; s++) {
    bareTimes.push(...sampleMicros(bare, 1, iterations));
    fullTimes.push(...sampleMicros(full, 1, iterations));
  }
  const jsonParseMicros = median(bareTimes);
  const fullDecodeMicros = median(fullTimes);
  return { jsonParseMicros, fullDecodeMicros, ratio: fullDecodeMicros / jsonParseMicros };
}

export function runDecodeBench(options: { quick?: boolean } = {}): DecodeBenchResult {
  const quick = options.quick === true;
  const body = mixedSyncBody();
  const gzipped = gzipSync(body, { level: constants.Z_BEST_SPEED });
  const self = { userName: new UserNames('bench').userNameOf(generateWorld({ seed: 7, friends: 30, groups: 3, groupSize: 30 }).self.id) };
  const decode = (text: string) => {
    const lists = webwxsync.decode(text).lists;
    if (lists.messages.ok.length !== 50) throw new Error(`expected 50 messages, decoded ${lists.messages.ok.length}`);
    for (const raw of lists.messages.ok) decodeMessage(raw, self);
  };
  const plain = compare(() => JSON.parse(body), () => decode(body), quick);
  const gzip = compare(
    () => JSON.parse(gunzipSync(gzipped).toString('utf8')),
    () => decode(decodeContent(gzipped, 'gzip').toString('utf8')),
    quick,
  );
  const compression = runCompressionBench(body, { quick });
  return Object.assign({ bytes: Buffer.byteLength(body), gzipBytes: gzipped.length, gzip, compression }, plain);
}

/**
 * `runDecodeBench` in a fresh process (bench/decode-process.ts), as the clients of the other scenarios run, so that
 * what they left in the orchestrator's heap does not count against the decode.
 */
export async function runDecodeBenchApart(options: { quick?: boolean } = {}): Promise<DecodeBenchResult> {
  const child = spawnBench('decode-process.ts', [JSON.stringify({ quick: options.quick === true })], 'decode');
  try {
    return (await child.next('decode', 600_000))['result'] as DecodeBenchResult;
  } finally {
    await child.stop();
  }
}

export function printDecode(result: DecodeBenchResult): void {
  console.log(
    `decode: 50-message webwxsync (${fmt(result.bytes / 1024)} KiB): JSON.parse ${fmt(result.jsonParseMicros)} µs, ` +
      `full decode ${fmt(result.fullDecodeMicros)} µs → ${fmt(result.ratio, 2)}× (target ≤ ${TARGET}× ${result.ratio <= TARGET ? '✓' : '✗'})`,
  );
  const g = result.gzip;
  console.log(
    `decode, gzipped (${fmt(result.gzipBytes / 1024)} KiB): gunzip + JSON.parse ${fmt(g.jsonParseMicros)} µs, ` +
      `inflate + full decode ${fmt(g.fullDecodeMicros)} µs → ${fmt(g.ratio, 2)}×`,
  );
  printCompression(result.compression);
}
