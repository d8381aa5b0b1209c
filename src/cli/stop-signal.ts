import { constants } from 'node:os';
import { endWith, firstValueFrom, from, ignoreElements, map, merge, type Observable } from 'rxjs';
import { onBrokenPipe } from './broken-pipe.js';
import type { Io } from './terminal.js';

/** Why a long-running command stops. */
export type StopReason =
  | { readonly type: 'signal'; readonly signal: 'SIGINT' | 'SIGTERM' }
  /** The reader of stdout went away (`| head`): stop quietly. */
  | { readonly type: 'output-closed' }
  /** The command reached its own end (the demo's scene is over). */
  | { readonly type: 'finished' }
  /** Something ended the command with a failure to report (the server ended the session). */
  | { readonly type: 'failed'; readonly error: unknown };

/** A stop signal for a long-running command: Ctrl-C, SIGTERM, a closed stdout, or the command itself. */
export interface StopSignal {
  /** Resolves with the first reason to stop. */
  readonly stopped: Promise<StopReason>;
  finish(): void;
  fail(error: unknown): void;
  /** Removes the handlers (call once the command is done); a second Ctrl-C then ends the process at once. */
  release(): void;
}

export interface StopOptions {
  /**
   * Whether a closed stdout stops the command. Not for a command that exists for what it does rather than what it
   * prints (`send`, `fleet add-account`): `| head -0` must not cancel a send. @default true
   */
  readonly whenOutputCloses?: boolean;
}

export function stopOnSignals(io: Io, options: StopOptions = {}): StopSignal {
  let stop: (reason: StopReason) => void = () => undefined;
  const stopped = new Promise<StopReason>((resolve) => (stop = resolve));
  const onInterrupt = (): void => stop({ type: 'signal', signal: 'SIGINT' });
  const onTerminate = (): void => stop({ type: 'signal', signal: 'SIGTERM' });
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  const stopWatchingOutput = options.whenOutputCloses === false ? () => undefined : onBrokenPipe(io, () => stop({ type: 'output-closed' }));
  return {
    stopped,
    finish: () => stop({ type: 'finished' }),
    fail: (error) => stop({ type: 'failed', error }),
    release: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      stopWatchingOutput();
    },
  };
}

/** How a step that ran until a stop signal ended: it completed, or a stop came first. */
export type StepOutcome = { readonly type: 'completed' } | StopReason;

/**
 * Runs `step$` until it completes or the signal stops it (then `step$` is unsubscribed: a login stops polling).
 * An error of `step$` rejects.
 */
export function untilStopped(step$: Observable<unknown>, signal: StopSignal): Promise<StepOutcome> {
  const completed: StepOutcome = { type: 'completed' };
  return firstValueFrom(merge(step$.pipe(ignoreElements(), endWith(completed)), from(signal.stopped).pipe(map((reason): StepOutcome => reason))));
}

/** The exit code of a command cancelled by a signal before it got anywhere: 128 + the signal number, as shells do. */
export function cancelledExitCode(signal: 'SIGINT' | 'SIGTERM'): number {
  return 128 + constants.signals[signal];
}
