import type { Socket } from 'node:net';
import { decodeFrame, type DeviceFrame } from '../../device/codec.js';
import { FrameDecoder } from '../../device/frame-decoder.js';

/** What a connection needs from the simulator. */
export interface ConnectionHost {
  readonly maxFrameLength: number;
  readonly splitBytes: boolean;
  onFrame(connection: SimConnection, frame: DeviceFrame): void;
  onClose(connection: SimConnection): void;
  /** Called for each frame (or fault's bytes) written, for the playground's timeline. */
  onWrite(bytes: Uint8Array): void;
}

/**
 * One client connection: decodes what the client sends, and writes frames, in order, optionally one byte per
 * event-loop turn (the split fault). Undecodable input closes the connection, as a real server would.
 */
export class SimConnection {
  token = '';
  missedSweeps = 0;
  /** Which authentication this connection is (from 1), once authenticated. */
  session = 0;
  /** The reason of the `AccountForceOfflineNotice` that ended it. */
  offlineReason: number | undefined;
  private readonly decoder: FrameDecoder;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.decoder = new FrameDecoder(host.maxFrameLength);
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => host.onClose(this));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.decoder.push(chunk, (body) => {
          if (body.length > 0 && !socket.destroyed) host.onFrame(this, decodeFrame(body));
        });
      } catch {
        socket.destroy();
      }
    });
  }

  get authenticated(): boolean {
    return this.token !== '' && !this.socket.destroyed;
  }

  write(bytes: Uint8Array): void {
    if (this.socket.destroyed) return;
    this.host.onWrite(bytes);
    if (!this.host.splitBytes && this.queued === 0) {
      this.socket.write(bytes);
      return;
    }
    const split = this.host.splitBytes;
    this.enqueue(async () => {
      if (!split) {
        this.socket.write(bytes);
        return;
      }
      for (let i = 0; i < bytes.length && !this.socket.destroyed; i++) {
        this.socket.write(bytes.subarray(i, i + 1));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
  }

  /** Ends the connection once everything queued is written. */
  end(): void {
    this.enqueue(async () => {
      this.socket.end();
    });
  }

  private enqueue(job: () => Promise<void>): void {
    this.queued++;
    this.chain = this.chain
      .then(() => (this.socket.destroyed ? undefined : job()))
      .catch(() => {
        this.socket.destroy();
      })
      .finally(() => {
        this.queued--;
      });
  }
}
