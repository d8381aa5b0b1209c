/**
 * Device transport throughput: small `FriendTalkNotice` frames written by a bare TCP server on 127.0.0.1 as fast as
 * the socket takes them, through the whole client (framing, protobuf decode, dispatch to the message model,
 * `messages$`, and a `MsgReceivedAck` written back for each), next to bare protobufjs decoding of the same frame
 * bodies (`TransportMessage` then its `Any` payload, no conversion). Target: ≥ 100,000 frames/s end to end.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { connectDevice } from '../src/device/client.js';
import { decodeFrame, encodeFrame } from '../src/device/codec.js';
import { DeviceContentType, DeviceMsgType } from '../src/device/enums.js';
import { FrameDecoder, frameBytes } from '../src/device/frame-decoder.js';
import { schemaType } from '../src/device/schema.js';
import { fmt, median } from './stats.js';

export interface DeviceBenchResult {
  readonly frames: number;
  readonly frameBytes: number;
  /** Bare protobufjs decode of the bodies, frames per second. */
  readonly bareDecodePerSec: number;
  /** Loopback TCP → `messages$`, with acknowledgements, frames per second. */
  readonly endToEndPerSec: number;
  readonly ratio: number;
}

const encoder = new TextEncoder();

function noticeBodies(count: number): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    bodies.push(
      encodeFrame({
        Id: String(9_007_199_254_740_993n + BigInt(i)),
        AccessToken: '',
        MsgType: DeviceMsgType.FriendTalkNotice,
        RefMessageId: '0',
        payload: {
          WeChatId: 'wxid_bench_self',
          FriendId: `wxid_friend_${i % 50}`,
          ContentType: DeviceContentType.Text,
          Content: encoder.encode(`hello ${i}`),
          MsgId: String(100_000 + i),
          msgSvrId: String(7_000_000_000_000_000_000n + BigInt(i)),
          CreateTime: '1700000000',
        },
      }),
    );
  }
  return bodies;
}

/** The stream split into 64 KiB writes, as a busy server would send it. */
function chunked(bodies: readonly Uint8Array[]): Buffer[] {
  const all = Buffer.concat(bodies.map(frameBytes));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += 65_536) chunks.push(all.subarray(offset, offset + 65_536));
  return chunks;
}

function bareDecodePerSec(bodies: readonly Uint8Array[], samples: number): number {
  const transport = schemaType('TransportMessage');
  const notice = schemaType('FriendTalkNoticeMessage');
  const once = () => {
    let sum = 0;
    for (const body of bodies) {
      const root = transport.decode(body) as unknown as { MsgType: number; Content: { value: Uint8Array } };
      sum += root.MsgType + (notice.decode(root.Content.value) as unknown as { ContentType: number }).ContentType;
    }
    return sum;
  };
  once();
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    once();
    rates.push(bodies.length / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return median(rates);
}

/** A server that authenticates anyone, then writes `chunks` when told; acknowledgements are read and dropped. */
async function benchServer(): Promise<{ server: Server; connected: Promise<Socket> }> {
  let resolveSocket: (socket: Socket) => void = () => undefined;
  const connected = new Promise<Socket>((resolve) => (resolveSocket = resolve));
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    let authenticated = false;
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (body) => {
        if (authenticated) return;
        const request = decodeFrame(body);
        authenticated = true;
        socket.write(
          frameBytes(
            encodeFrame({
              Id: '1',
              AccessToken: '',
              MsgType: DeviceMsgType.DeviceAuthRsp,
              RefMessageId: request.Id,
              payload: { AccessToken: 'bench' },
            }),
          ),
        );
        resolveSocket(socket);
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, connected };
}

async function endToEndPerSec(count: number, chunks: readonly Buffer[]): Promise<number> {
  const { server, connected } = await benchServer();
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const client = connectDevice({ host: '127.0.0.1', port, credential: 'IMEI0001', dedupeWindow: 2000 });
  try {
    const online = firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online'), timeout(5000)));
    const received = firstValueFrom(client.messages$.pipe(take(count), toArray(), timeout(60_000)));
    await online;
    const socket = await connected;
    const start = process.hrtime.bigint();
    for (const chunk of chunks) socket.write(chunk);
    const messages = await received;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (messages.length !== count || messages[count - 1]?.kind !== 'text') throw new Error('bench: messages missing');
    return count / seconds;
  } finally {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function runDeviceBench(options: { quick?: boolean } = {}): Promise<DeviceBenchResult> {
  const frames = options.quick ? 20_000 : 100_000;
  const samples = options.quick ? 3 : 7;
  const bodies = noticeBodies(frames);
  const chunks = chunked(bodies);
  await endToEndPerSec(Math.min(frames, 5_000), chunked(bodies.slice(0, 5_000)));
  const bare = bareDecodePerSec(bodies, samples);
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) rates.push(await endToEndPerSec(frames, chunks));
  const endToEnd = median(rates);
  const frameSize = bodies.reduce((sum, body) => sum + body.length + 4, 0) / frames;
  return { frames, frameBytes: frameSize, bareDecodePerSec: bare, endToEndPerSec: endToEnd, ratio: bare / endToEnd };
}

export function printDevice(result: DeviceBenchResult): void {
  console.log(
    `device: ${fmt(result.frames, 0)} FriendTalkNotice frames of ~${fmt(result.frameBytes, 0)} B: bare protobuf decode ` +
      `${fmt(result.bareDecodePerSec, 0)}/s, loopback decode + dispatch + ack ${fmt(result.endToEndPerSec, 0)}/s ` +
      `(target ≥ 100,000/s; bare is ${fmt(result.ratio, 2)}× faster)`,
  );
}
