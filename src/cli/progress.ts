import { loadSingleBar } from './packages.js';
import type { Io } from './terminal.js';

export interface TransferBar {
  update(loaded: number, total: number | undefined): void;
  stop(): void;
}

const silent: TransferBar = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar for an upload or download on stderr (cli-progress), only on a terminal and never with `--json`,
 * so logs and scripts see clean output.
 */
export function transferBar(io: Io, json: boolean, label: string, total: number): TransferBar {
  if (json || io.stderr.isTTY !== true) return silent;
  const SingleBar = loadSingleBar();
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} bytes`, stream: io.stderr as NodeJS.WritableStream, hideCursor: true },
  );
  bar.start(Math.max(total, 1), 0);
  return {
    update: (loaded, newTotal) => {
      if (newTotal !== undefined && newTotal > 0) bar.setTotal(newTotal);
      bar.update(loaded);
    },
    stop: () => bar.stop(),
  };
}
