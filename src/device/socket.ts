import { connect as netConnect, type Socket } from 'node:net';
import { filter, map, Observable } from 'rxjs';
import { DeviceConnectionError } from './errors/device-connection-error.js';
import { decodeFrame, type DeviceFrame, encodeFrame, type OutgoingFrame } from './codec.js';
import { DEFAULT_MAX_FRAME_LENGTH } from './frame-decoder.js';
import { decodeFrames } from './framing.js';

/** Where a device server listens. */
export interface DeviceAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * One connection to a device server, as the session sees it: the port the session logic talks through, so tests
 * can pass marble fakes instead of TCP.
 */
export interface DeviceSocket {
  /**
   * The decoded frames the server sends. Subscribe once, right after `connect` returns. Errors with
   * `DeviceConnectionError`, `FrameTooLargeError` or `FrameDecodeError`; completes when the server ends the stream.
   */
  readonly frames$: Observable<DeviceFrame>;
  /** Queues one frame for sending (frames sent before the TCP connection is up go out once it is). */
  send(frame: OutgoingFrame): void;
  /** Flushes what was queued, then closes; idempotent. */
  close(): void;
}

/** Opens a connection; called once per connection attempt, when the session is subscribed. */
export type DeviceConnector = (address: DeviceAddress) => DeviceSocket;

export interface TcpConnectorConfig {
  /** @default 4194304 (4 MiB) */
  readonly maxFrameLength?: number;
}

/**
 * The default connector: `node:net` TCP with Nagle off. Frames sent in the same tick are framed into one buffer
 * and written once on the next tick, which keeps the acknowledgements of a burst of notices cheap. Empty bodies are
 * skipped, as the reference server skips them.
 */
export function tcpConnector(config: TcpConnectorConfig = {}): DeviceConnector {
  const maxFrameLength = config.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
  return (address) => {
    const socket = netConnect({ host: address.host, port: address.port });
    socket.setNoDelay(true);
    // An 'error' with no listener would throw; errors reach subscribers through frames$ instead.
    socket.on('error', () => undefined);
    let closed = false;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = () => {
      if (pending.length === 0 || socket.destroyed) return;
      const out = Buffer.allocUnsafe(pendingBytes);
      let offset = 0;
      for (const body of pending) {
        out.writeUInt32BE(body.length, offset);
        out.set(body, offset + 4);
        offset += 4 + body.length;
      }
      pending = [];
      pendingBytes = 0;
      socket.write(out);
    };
    const frames$ = bytes$(socket, address).pipe(
      decodeFrames({ maxFrameLength }),
      filter((body) => body.length > 0),
      map(decodeFrame),
    );
    return {
      frames$,
      send(frame) {
        if (closed) return;
        const body = encodeFrame(frame);
        if (pending.length === 0) process.nextTick(flush);
        pending.push(body);
        pendingBytes += 4 + body.length;
      },
      close() {
        if (closed) return;
        closed = true;
        flush();
        if (socket.connecting || socket.destroyed) socket.destroy();
        else socket.end(() => socket.destroy());
      },
    };
  };
}

function bytes$(socket: Socket, address: DeviceAddress): Observable<Uint8Array> {
  return new Observable<Uint8Array>((subscriber) => {
    const onData = (chunk: Buffer) => subscriber.next(chunk);
    const onEnd = () => subscriber.complete();
    const onError = (error: NodeJS.ErrnoException) =>
      subscriber.error(new DeviceConnectionError(address.host, address.port, error.code ?? error.name, error));
    const onClose = () => subscriber.complete();
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.on('close', onClose);
    return () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
  });
}
