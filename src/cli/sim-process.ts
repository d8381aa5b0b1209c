/** What `wechat-rx sim` does alike for the Web and the iLink simulator: its listen failures, and its lifetime. */
import { HostUnusableError, PortInUseError } from './errors.js';

/** What a `--host` that is no address of this machine fails with: a name that does not resolve, or a foreign address. */
const UNUSABLE_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/**
 * Starts a simulator; a busy `--port` becomes `PortInUseError`, an unusable `--host` `HostUnusableError` (what to do,
 * no stack), other failures pass.
 */
export async function startListening<T>(start: () => Promise<T>, host: string, port: number): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new PortInUseError(host, port);
    if (code !== undefined && UNUSABLE_HOST.has(code)) throw new HostUnusableError(host, code);
    throw error;
  }
}

export interface SimLifetime {
  /** Resolves once the simulator has been closed (by a signal or `stop`). */
  readonly closed: Promise<void>;
  stop(): Promise<void>;
}

/** Closes a running simulator on SIGINT/SIGTERM (its normal end: the command then exits with 0) or on `stop()`. */
export function closeOnSignal(close: () => Promise<void>): SimLifetime {
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const stop = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await close();
    resolveClosed();
  };
  const onSignal = (): void => void stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { closed, stop };
}
