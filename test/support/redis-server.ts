import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How a test's Redis runs. */
export interface RedisOptions {
  /** Keep an append-only file, so data survives {@link RedisInstance.restart}. Default false. */
  readonly appendonly?: boolean;
  /**
   * When the append-only file is fsynced. `always` fsyncs before each reply, so every write a client saw
   * acknowledged survives even a crash (`SIGKILL`) of the server. Default Redis's own, `everysec`.
   */
  readonly appendfsync?: 'always' | 'everysec';
}

/** A private redis-server on a unix socket in its own temp folder. */
export interface RedisInstance {
  /** `unix:///…/redis.sock`, as node-redis's `createClient({ url })` takes it. */
  readonly url: string;
  readonly socketPath: string;
  /** Kills the server and removes its folder. */
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): it answers nothing until {@link resume}. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
  /**
   * Stops the server and starts it again on the same socket and folder; with `appendonly` it reloads its data.
   * `SIGTERM` (default) is a clean shutdown that flushes the append-only file; `SIGKILL` is a crash. `whileDown`
   * runs once the server is gone and before it starts again: the outage lasts until it settles.
   */
  restart(signal?: 'SIGTERM' | 'SIGKILL', whileDown?: () => Promise<void>): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** Every server this process started and has not stopped: killed when the test process exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

/** Starts a fresh redis-server that only this test file uses; it answers PING when the promise resolves. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisInstance> {
  assertInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'wechat-rx-redis-'));
  const socketPath = join(dir, 'redis.sock');
  const args = [
    '--port', '0',
    '--unixsocket', socketPath,
    '--unixsocketperm', '700',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.appendonly === true ? 'yes' : 'no',
    ...(options.appendfsync === undefined ? [] : ['--appendfsync', options.appendfsync]),
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  let server = await launch(args, dir, socketPath);
  return {
    url: `unix://${socketPath}`,
    socketPath,
    stop: async () => {
      await halt(server, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
    pause: () => void server.kill('SIGSTOP'),
    resume: () => void server.kill('SIGCONT'),
    restart: async (signal = 'SIGTERM', whileDown) => {
      await halt(server, signal);
      await whileDown?.();
      server = await launch(args, dir, socketPath);
    },
  };
}

function assertInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      'redis-server is not installed: the Redis tests need a real one. `.ci/run` installs it ' +
        '(apt-get install -y redis-server); run that line, or install Redis >= 7 on your PATH.',
    );
  }
}

async function launch(args: readonly string[], dir: string, socketPath: string): Promise<ChildProcess> {
  const server = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(server);
  // A guard that kills the server and removes its folder when this process dies without running its exit handlers
  // (a SIGKILLed worker): its stdin is a pipe from us, which closes with us.
  const guard = spawn('sh', ['-c', 'read _ ; kill -9 "$1" 2>/dev/null; rm -rf "$2"', 'guard', String(server.pid), dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  guard.unref();
  (guard.stdin as Socket | null)?.unref();
  server.once('exit', () => {
    running.delete(server);
    guard.kill('SIGKILL');
  });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answersPing(socketPath))) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`redis-server exited at start: ${stderr.trim() || `code ${String(server.exitCode)}`}`);
    }
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`redis-server did not answer PING within ${START_TIMEOUT_MS} ms`);
    }
    await sleep(20);
  }
  return server;
}

/**
 * Sends the signal and waits for the exit. A paused server gets SIGCONT first for a SIGTERM, so it can act on it;
 * a SIGKILL kills it where it stands, before it runs the commands waiting on its sockets.
 */
async function halt(server: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  if (signal === 'SIGTERM') server.kill('SIGCONT');
  server.kill(signal);
  const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** True once the server at `socketPath` answers `+PONG`. */
function answersPing(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
