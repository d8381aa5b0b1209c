/**
 * The decode benchmark in a process of its own, as every client runs (`runDecodeBenchApart`): `runDecodeBench` with
 * the JSON argument `{quick}`, printing `{"type":"decode","result":…}` on stdout.
 */
import { runDecodeBench } from './decode.js';

const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

try {
  const { quick } = JSON.parse(process.argv[2] ?? '{}') as { quick?: boolean };
  emit({ type: 'decode', result: runDecodeBench({ quick: quick === true }) });
  process.exit(0);
} catch (error) {
  emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
