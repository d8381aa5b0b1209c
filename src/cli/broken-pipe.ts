import type { Io, OutputStream } from './terminal.js';

/** The reader of a pipe went away (`wechat-rx … | head`): writing on is pointless, but it is no failure. */
export function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'EPIPE';
}

/**
 * Calls `onClosed` at the first broken pipe on stdout or stderr; returns the function that stops watching. Other
 * stream errors are left to the other listeners (and the safety net).
 */
export function onBrokenPipe(io: Io, onClosed: () => void): () => void {
  const listener = (error: Error): void => {
    if (isBrokenPipe(error)) onClosed();
  };
  const streams: OutputStream[] = [io.stdout, io.stderr];
  for (const stream of streams) stream.on?.('error', listener);
  return () => {
    for (const stream of streams) stream.off?.('error', listener);
  };
}

/**
 * Keeps a broken pipe from crashing the process with a stack trace (an `error` event without a listener throws),
 * for as long as the process lives; any other stream error is rethrown, for the safety net to report.
 */
export function guardOutput(io: Io): void {
  const listener = (error: Error): void => {
    if (!isBrokenPipe(error)) throw error;
  };
  io.stdout.on?.('error', listener);
  io.stderr.on?.('error', listener);
}
