import { redact } from '../errors/redact.js';
import { explainFailure } from './explain.js';
import { loadPicocolors } from './packages.js';
import { hasColors, type Io } from './terminal.js';

/**
 * Prints a failure on stderr as `error: <what happened and what to do>`: redacted, red on a colour terminal, with
 * the stack only when `WECHAT_RX_DEBUG=1` (a stack helps whoever debugs wechat-rx, not whoever runs it).
 */
export function reportFailure(error: unknown, io: Io, env: NodeJS.ProcessEnv = process.env): void {
  io.stderr.write(`${red(redact(`error: ${explainFailure(error)}`), io)}\n`);
  if (env.WECHAT_RX_DEBUG === '1' && error instanceof Error && error.stack !== undefined) io.stderr.write(`${redact(error.stack)}\n`);
}

/** Red on a colour terminal; plain when picocolors is missing, since reporting that failure must not fail too. */
function red(text: string, io: Io): string {
  if (!hasColors(io.stderr)) return text;
  try {
    return loadPicocolors().createColors(true).red(text);
  } catch {
    return text;
  }
}

/**
 * Reports whatever escapes the commands (an uncaught exception, an unhandled rejection) the same way and ends the
 * process with exit code 1, instead of Node's stack trace.
 */
export function installSafetyNet(io: Io = process): void {
  const onUnexpected = (error: unknown): void => {
    try {
      reportFailure(error, io);
    } finally {
      process.exit(1);
    }
  };
  process.on('uncaughtException', onUnexpected);
  process.on('unhandledRejection', onUnexpected);
}
