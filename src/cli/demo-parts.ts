/** What the Web demo and the iLink demo share: the simulator's QR code, the scene's timing, its end. */
import type { StopSignal } from './stop-signal.js';
import { type Io, type Printer, hasColors, terminalQr } from './terminal.js';

/** One step of a scene: at `at` seconds after login, make the simulator do something. */
export interface SceneStep<S> {
  readonly at: number;
  readonly run: (sim: S) => void;
}

/**
 * Shows the login QR of the embedded simulator, saying what it is: the scripted phone scans it, so a real phone
 * should not try (it would not log in to anything).
 */
export async function showSimulatorQr(print: Printer, io: Io, qrUrl: string): Promise<void> {
  if (io.stderr.isTTY === true) {
    io.stderr.write(await terminalQr(qrUrl, hasColors(io.stderr)));
    print.hint("↑ the simulator's login QR code: the simulated phone scans it (not for a real phone)");
  }
  print.line('info', `the simulator's login QR code, scanned by the simulated phone (not for a real phone): ${qrUrl}`, { qrUrl });
}

/**
 * Plays the scene, squeezed when `durationS` is too short for its `sceneSeconds`, and ends the demo after
 * `durationS`; resolves how it stopped, once said in the log.
 */
export async function playScene<S>(
  sim: S,
  scene: readonly SceneStep<S>[],
  timing: { readonly sceneSeconds: number; readonly durationS: number | undefined },
  signal: StopSignal,
  timers: NodeJS.Timeout[],
  print: Printer,
): Promise<void> {
  // No duration: the scene at its own pace, then on until Ctrl-C (the playground stays open).
  const scale = timing.durationS === undefined ? 1 : Math.min(1, (timing.durationS - 1.5) / timing.sceneSeconds);
  for (const step of scene) timers.push(setTimeout(() => step.run(sim), step.at * scale * 1000));
  if (timing.durationS !== undefined) timers.push(setTimeout(() => signal.finish(), timing.durationS * 1000));
  const stop = await signal.stopped;
  if (stop.type === 'finished') print.line('info', 'the scene is over: logging out');
  if (stop.type === 'signal') print.line('info', `stopped by ${stop.signal}: logging out`);
}
