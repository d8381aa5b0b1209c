/**
 * The iLink media clients in a process of their own: runs `ilinkTransfers` (bench/ilink-media-transfers.ts) with the
 * JSON argument `{origin, cdnBaseUrl, bytes, runs, dir}` and prints `{"type":"transfers","result":…}` on stdout.
 */
import { ilinkTransfers, type TransferSetup } from './ilink-media-transfers.js';

const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

try {
  emit({ type: 'transfers', result: await ilinkTransfers(JSON.parse(process.argv[2] ?? '{}') as TransferSetup) });
  process.exit(0);
} catch (error) {
  emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
