/**
 * The simulator in a process of its own, so its CPU never counts against a client's. Takes the simulator options
 * as one JSON argument, prints `{"type":"listening","origin":"…"}` once it listens, and stops when its stdin closes
 * (the parent is done or died) or on SIGTERM. Controlled over `/__sim/…` like any simulator, plus one stdin command:
 * `{"cmd":"queue","specs":[InjectSpec…]}` runs every inject in one synchronous step, so a mixed burst is wholly
 * queued before any client request is served (one HTTP call per sender would let the client drain in between), and
 * answers `{"type":"queued","startEpoch":…,"endEpoch":…}` unless `"quiet":true` (the paced injects of the steady
 * scenarios, which take their timestamps before sending and need no answer). `{"cmd":"cpu"}` answers the process's
 * CPU time so far (`{"type":"cpu","us":…}`), to tell a busy simulator from a slow client.
 */
import { createInterface } from 'node:readline';
import { type InjectSpec, startSimulator, type SimulatorOptions } from '../src/testing/index.js';
import { epochMs } from './procs.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await startSimulator(Object.assign({ port: 0 }, options));
const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
emit({ type: 'listening', origin: sim.origin });

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const command = JSON.parse(line) as { cmd: string; specs?: readonly InjectSpec[]; quiet?: boolean };
  if (command.cmd === 'cpu') {
    const used = process.cpuUsage();
    emit({ type: 'cpu', us: used.user + used.system });
    return;
  }
  if (command.cmd !== 'queue') return;
  try {
    const startEpoch = epochMs();
    let count = 0;
    for (const spec of command.specs ?? []) count += sim.inject(spec).count;
    if (command.quiet !== true) emit({ type: 'queued', startEpoch, endEpoch: epochMs(), count });
  } catch (error) {
    emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
input.on('close', stop);
process.once('SIGTERM', stop);
