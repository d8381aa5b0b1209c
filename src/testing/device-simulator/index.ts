/**
 * `startDeviceSimulator`: the phone side of the JuLiao device protocol on 127.0.0.1 (server and phone in one), for
 * tests and bots without a work phone. It shares the wire format with the client (`src/device` codec and
 * framing), never its session logic.
 */
import { createServer, type Server } from 'node:net';
import { encodeFrame, type DeviceFrame, isFrameOf, type OutgoingFrame } from '../../device/codec.js';
import { Subject } from 'rxjs';
import { DeviceAuthType, DeviceContentType, DeviceErrorCode, DeviceMsgType, enumName } from '../../device/enums.js';
import { DEFAULT_MAX_FRAME_LENGTH, frameBytes } from '../../device/frame-decoder.js';
import { schemaRoot } from '../../device/schema.js';
import type { DeviceAddress } from '../../device/socket.js';
import type {
  KnownMsgType,
  PayloadByMsgType,
  PayloadInput,
  TalkToFriendTaskMessage,
  WeChatOnlineNoticeMessage,
} from '../../device/wire-types.js';
import { WeChatError } from '../../errors/wechat-error.js';
import type { DeviceActivity } from './activity.js';
import type { DeviceChatSpec, DeviceFaults } from './shapes.js';
import type { DeviceSimulatorOptions, TaskOutcome } from './options.js';
import { startDevicePlayground, type DevicePlayground } from './playground.js';
import { type ConnectionHost, SimConnection } from './sim-connection.js';
import { deviceFaults } from './faults.js';

export type { DeviceContact, DeviceContacts, DeviceSimulatorOptions, TaskOutcome } from './options.js';
export type { DeviceChatSpec, DeviceFaults } from './shapes.js';

export interface DeviceSimulator {
  readonly host: string;
  readonly port: number;
  readonly address: DeviceAddress;
  /** The playground page (`http://127.0.0.1:<its own port>/__ui/`) when started with `ui: true`, else `undefined`. */
  readonly playgroundUrl: string | undefined;
  /** Every frame clients sent, decoded, in arrival order. */
  readonly received: readonly DeviceFrame[];
  /** The `TalkToFriendTask` payloads received. */
  readonly tasks: readonly TalkToFriendTaskMessage[];
  readonly faults: DeviceFaults;
  /** Open connections, and how many of them are authenticated. */
  connections(): { readonly open: number; readonly authenticated: number };
  /** Successful authentications since start. */
  authentications(): number;
  /** Notices sent and not yet acknowledged (they are sent again to the next authenticated connection). */
  pendingNotices(): number;
  /** Reports a chat message; returns the frame id. */
  sendMessage(spec: DeviceChatSpec): string;
  /** Sends any notice the schema knows; it is kept and re-sent until acknowledged. Returns the frame id. */
  notify<K extends KnownMsgType>(msgType: K, payload: PayloadInput<PayloadByMsgType[K]>): string;
  /** The first received frame (past or future) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (frame: DeviceFrame) => boolean, timeoutMs?: number): Promise<DeviceFrame>;
  /** Resolves once `count` authentications happened in total; rejects after `timeoutMs`. */
  waitForAuthentications(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the server, drops every connection and clears every timer. */
  close(): Promise<void>;
}

export async function startDeviceSimulator(options: DeviceSimulatorOptions = {}): Promise<DeviceSimulator> {
  schemaRoot(); // a missing protobufjs (an optional peer dependency) fails here, not at the first frame
  const sim = new Simulator(options);
  await sim.listen(options.port ?? 0);
  if (options.ui === true) {
    try {
      await sim.openPlayground();
    } catch (error) {
      await sim.close();
      throw error;
    }
  }
  return sim;
}

const DEFAULT_ACCOUNTS: ReadonlyArray<PayloadInput<WeChatOnlineNoticeMessage>> = [
  { WeChatId: 'wxid_sim_self', WeChatNo: 'sim_self', WeChatNick: 'Sim Phone', IMEI: 'IMEI0001' },
];

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
  readonly cancel: () => void;
}

class Simulator implements DeviceSimulator, ConnectionHost {
  readonly host = '127.0.0.1';
  port = 0;
  readonly received: DeviceFrame[] = [];
  readonly tasks: TalkToFriendTaskMessage[] = [];
  readonly maxFrameLength: number;
  splitBytes = false;
  readonly faults: DeviceFaults;
  readonly accounts: ReadonlyArray<PayloadInput<WeChatOnlineNoticeMessage>>;
  /** What happens, for the playground page (see activity.ts). */
  readonly activity = new Subject<DeviceActivity>();
  playgroundUrl: string | undefined;

  private readonly server: Server;
  private readonly live = new Set<SimConnection>();
  private readonly outbox = new Map<string, Uint8Array>();
  /** The message type of each frame built, so the timeline can name what is written. */
  private readonly frameTypes = new WeakMap<Uint8Array, string>();
  private playground: DevicePlayground | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<Waiter>();
  private readonly sweep: NodeJS.Timeout;
  private nextFrameId: bigint;
  private nextSvrId = 7_000_000_000_000_000_001n;
  private authCount = 0;
  private silent = false;

  constructor(private readonly options: DeviceSimulatorOptions) {
    this.maxFrameLength = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.accounts = options.accounts ?? DEFAULT_ACCOUNTS;
    this.nextFrameId = BigInt(options.firstId ?? 2n ** 53n + 1n);
    this.server = createServer((socket) => this.live.add(new SimConnection(socket, this)));
    this.sweep = setInterval(() => this.sweepConnections(), options.sweepInterval ?? 30_000);
    this.faults = deviceFaults({
      live: this.live,
      weChatId: () => this.accounts[0]?.WeChatId ?? '',
      frame: (frame) => this.frame(frame),
      tagged: (bytes, type) => this.tagged(bytes, type),
      frameId: () => this.frameId(),
      setSwitch: (name, enabled) => {
        if (name === 'splitBytes') this.splitBytes = enabled;
        else this.silent = enabled;
        this.report({ type: 'faults' });
      },
    });
  }

  get address(): DeviceAddress {
    return { host: this.host, port: this.port };
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.port = typeof address === 'object' && address !== null ? address.port : port;
        resolve();
      });
    });
  }

  /** Serves the playground on a port of its own (the simulator speaks TCP, not HTTP). */
  async openPlayground(): Promise<void> {
    this.playground = await startDevicePlayground(this, this.options.contacts);
    this.playgroundUrl = this.playground.url;
  }

  faultState(): { readonly silent: boolean; readonly splitBytes: boolean } {
    return { silent: this.silent, splitBytes: this.splitBytes };
  }

  connections() {
    let authenticated = 0;
    for (const connection of this.live) if (connection.authenticated) authenticated++;
    return { open: this.live.size, authenticated };
  }

  authentications(): number {
    return this.authCount;
  }

  pendingNotices(): number {
    return this.outbox.size;
  }

  sendMessage(spec: DeviceChatSpec): string {
    const text = typeof spec.content === 'string' ? spec.content : undefined;
    const prefix = spec.sender === undefined ? '' : `${spec.sender}:\n`;
    const content = text === undefined ? (spec.content as Uint8Array) : new TextEncoder().encode(prefix + text);
    const msgSvrId = spec.msgSvrId ?? this.svrId();
    const wechatId = spec.wechatId ?? this.accounts[0]?.WeChatId ?? '';
    const createTime = spec.createTime ?? String(Math.floor(Date.now() / 1000));
    this.report({ type: 'chat', spec, msgSvrId, wechatId, createTime });
    return this.notify(DeviceMsgType.FriendTalkNotice, {
      WeChatId: wechatId,
      FriendId: spec.friendId,
      ContentType: spec.contentType ?? DeviceContentType.Text,
      Content: content,
      MsgId: msgSvrId.slice(-9),
      msgSvrId,
      CreateTime: createTime,
    });
  }

  notify<K extends KnownMsgType>(msgType: K, payload: PayloadInput<PayloadByMsgType[K]>): string {
    const id = this.frameId();
    const bytes = this.frame({ Id: id, AccessToken: '', MsgType: msgType, RefMessageId: '0', payload } as OutgoingFrame);
    this.outbox.set(id, bytes);
    for (const connection of this.live) if (connection.authenticated) connection.write(bytes);
    return id;
  }

  waitFor(predicate: (frame: DeviceFrame) => boolean, timeoutMs = 5000): Promise<DeviceFrame> {
    let found: DeviceFrame | undefined;
    return this.until(() => (found = this.received.find(predicate)) !== undefined, timeoutMs, 'a matching frame').then(() => found!);
  }

  waitForAuthentications(count: number, timeoutMs = 5000): Promise<void> {
    return this.until(() => this.authCount >= count, timeoutMs, `${count} authentications`);
  }

  async close(): Promise<void> {
    await this.playground?.close();
    this.activity.complete();
    clearInterval(this.sweep);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiters) waiter.cancel();
    this.waiters.clear();
    for (const connection of this.live) connection.socket.destroy();
    this.live.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  onClose(connection: SimConnection): void {
    this.live.delete(connection);
    if (connection.session > 0) this.report({ type: 'session', session: connection.session, active: false, ...(connection.offlineReason === undefined ? {} : { reason: connection.offlineReason }) });
  }

  onWrite(bytes: Uint8Array): void {
    if (this.activity.observed) this.report({ type: 'frame', dir: 'out', frame: this.frameTypes.get(bytes) ?? 'unknown' });
  }

  onFrame(connection: SimConnection, frame: DeviceFrame): void {
    this.received.push(frame);
    if (this.activity.observed) this.report({ type: 'frame', dir: 'in', frame: enumName(DeviceMsgType, frame.MsgType) });
    if (connection.token === '') this.authenticate(connection, frame);
    else if (frame.AccessToken !== connection.token) connection.socket.destroy();
    else this.handle(connection, frame);
    this.wake();
  }

  private authenticate(connection: SimConnection, frame: DeviceFrame): void {
    if (!isFrameOf(frame, DeviceMsgType.DeviceAuthReq)) {
      this.refuse(connection, frame, DeviceErrorCode.InvalidParam, 'DeviceAuthReq must come first');
      return;
    }
    const { AuthType, Credential } = frame.payload;
    if (AuthType !== DeviceAuthType.DeviceCode || Credential === '') {
      this.refuse(connection, frame, DeviceErrorCode.InvalidParam, 'unsupported auth type or empty credential');
      return;
    }
    if (!(this.options.credentials ?? ['IMEI0001']).includes(Credential)) {
      this.refuse(connection, frame, DeviceErrorCode.NoRight, 'device not bound');
      return;
    }
    this.authCount++;
    connection.token = `sim-token-${this.authCount}`;
    connection.session = this.authCount;
    connection.missedSweeps = 0;
    this.report({ type: 'session', session: connection.session, active: true });
    connection.write(
      this.frame({
        Id: this.frameId(),
        AccessToken: '',
        MsgType: DeviceMsgType.DeviceAuthRsp,
        RefMessageId: frame.Id,
        payload: {
          AccessToken: connection.token,
          Extra: { SupplierId: '9007199254740993', UnionId: '1', AccountType: 1, SupplierName: 'Simulator', NickName: 'sim' },
        },
      }),
    );
    for (const account of this.accounts) {
      connection.write(
        this.frame({ Id: this.frameId(), AccessToken: '', MsgType: DeviceMsgType.WeChatOnlineNotice, RefMessageId: '0', payload: account }),
      );
    }
    for (const bytes of this.outbox.values()) connection.write(bytes);
  }

  private refuse(connection: SimConnection, frame: DeviceFrame, code: number, message: string): void {
    connection.write(this.errorFrame(frame.Id, code, message));
    connection.end();
  }

  private handle(connection: SimConnection, frame: DeviceFrame): void {
    switch (frame.MsgType) {
      case DeviceMsgType.HeartBeatReq:
        connection.missedSweeps = 0;
        if (!this.silent) connection.write(this.ack(frame.Id));
        return;
      case DeviceMsgType.MsgReceivedAck:
        this.outbox.delete(frame.RefMessageId);
        if (this.options.ackAcks ?? true) connection.write(this.ack(frame.Id));
        return;
      case DeviceMsgType.Error:
        return;
      default:
        connection.write(this.ack(frame.Id));
        if (isFrameOf(frame, DeviceMsgType.TalkToFriendTask)) this.runTask(connection, frame.Id, frame.payload);
    }
  }

  private runTask(connection: SimConnection, frameId: string, task: TalkToFriendTaskMessage): void {
    this.tasks.push(task);
    this.report({ type: 'task', task });
    const outcome: TaskOutcome = this.options.taskOutcome?.(task) ?? { type: 'success' };
    const answer = () => {
      if (outcome.type !== 'no-answer') this.report({ type: 'task-result', task, outcome });
      switch (outcome.type) {
        case 'no-answer':
          return;
        case 'error-frame':
          connection.write(this.errorFrame(frameId, outcome.code, outcome.errMsg ?? ''));
          return;
        default:
          this.notify(DeviceMsgType.TalkToFriendTaskResultNotice, {
            Success: outcome.type === 'success',
            Code: outcome.type === 'success' ? DeviceErrorCode.Success : outcome.code,
            ErrMsg: outcome.type === 'success' ? '' : (outcome.errMsg ?? ''),
            WeChatId: task.WeChatId,
            FriendId: task.FriendId,
            MsgId: task.MsgId,
            MsgSvrId: outcome.type === 'success' ? (outcome.msgSvrId ?? this.svrId()) : '0',
            CreateTime: String(Math.floor(Date.now() / 1000)),
          });
      }
    };
    this.later(answer, this.options.resultDelay ?? 0);
  }

  private sweepConnections(): void {
    const limit = this.options.maxMissedSweeps ?? 5;
    for (const connection of this.live) {
      if (!connection.authenticated) continue;
      connection.missedSweeps++;
      if (connection.missedSweeps >= limit) connection.socket.destroy();
    }
  }

  private frame(frame: Parameters<typeof encodeFrame>[0]): Uint8Array {
    const bytes = frameBytes(encodeFrame(frame));
    return this.activity.observed ? this.tagged(bytes, enumName(DeviceMsgType, frame.MsgType)) : bytes;
  }

  private tagged(bytes: Uint8Array, type: string): Uint8Array {
    if (this.activity.observed) this.frameTypes.set(bytes, type);
    return bytes;
  }

  private report(activity: DeviceActivity): void {
    if (this.activity.observed) this.activity.next(activity);
  }

  private ack(refId: string): Uint8Array {
    return this.frame({ Id: this.frameId(), AccessToken: '', MsgType: DeviceMsgType.MsgReceivedAck, RefMessageId: refId });
  }

  private errorFrame(refId: string, code: number, message: string): Uint8Array {
    return this.frame({
      Id: this.frameId(),
      AccessToken: '',
      MsgType: DeviceMsgType.Error,
      RefMessageId: refId,
      payload: { ErrorCode: code, ErrorMsg: message },
    });
  }

  private frameId(): string {
    const id = this.nextFrameId.toString();
    this.nextFrameId += 1n;
    return id;
  }

  private svrId(): string {
    const id = this.nextSvrId.toString();
    this.nextSvrId += 1n;
    return id;
  }

  private later(job: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      job();
    }, ms);
    this.timers.add(timer);
  }

  private until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
        cancel: () => {
          clearTimeout(timer);
          reject(new WeChatError(`device simulator closed while waiting for ${what}`));
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new WeChatError(`device simulator: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private wake(): void {
    for (const waiter of this.waiters) if (waiter.check()) waiter.resolve();
  }
}
