/** What `wechat-rx sim` does alike for the Web and the iLink simulator: its listen failures, and its lifetime. */
import { PortInUseError } from './errors.js';

/** Starts a simulator; a busy `--port` becomes `PortInUseError` (what to do, no stack), other failures pass. */
export async function startListening<T>(start: () => Promise<T>, host: string, port: number): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
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
