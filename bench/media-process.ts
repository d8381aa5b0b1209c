/**
 * The media clients in a process of their own: runs `transfers` (bench/media.ts) with the JSON argument
 * `{bytes, runs, dir}` and prints `{"type":"transfers","result":…}` on stdout.
 */
import { transfers } from './media.js';

const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

const { bytes, runs, dir } = JSON.parse(process.argv[2] ?? '{}') as { bytes: number; runs: number; dir: string };
try {
  emit({ type: 'transfers', result: await transfers(bytes, runs, dir) });
  process.exit(0);
} catch (error) {
  emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
