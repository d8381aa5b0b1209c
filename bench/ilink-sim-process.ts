/**
 * The iLink simulator in a process of its own (as bench/sim-process.ts is for the Web one), so its CPU never counts
 * against a client's. Takes the simulator options as one JSON argument, prints
 * `{"type":"listening","origin":"…","cdnBaseUrl":"…"}` once it listens, and stops when its stdin closes or on SIGTERM.
 * Bots are bound and single messages injected over `/__sim/…`; one stdin command queues a burst:
 * `{"cmd":"queue","botId":"…","count":n,"senders":k}` injects n texts from the first k simulated users in turn, in one
 * synchronous step (so the burst is wholly queued before a poll is answered), and answers
 * `{"type":"queued","startEpoch":…,"endEpoch":…}`.
 */
import { createInterface } from 'node:readline';
import { type IlinkSimulatorOptions, startIlinkSimulator } from '../src/testing/index.js';
import { epochMs } from './procs.js';

const options = JSON.parse(process.argv[2] ?? '{}') as IlinkSimulatorOptions;
const sim = await startIlinkSimulator(Object.assign({}, options, { port: 0 }));
const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
emit({ type: 'listening', origin: sim.origin, cdnBaseUrl: sim.cdnBaseUrl });

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};

interface QueueCommand {
  readonly cmd: string;
  readonly botId: string;
  readonly count: number;
  readonly senders: number;
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const command = JSON.parse(line) as QueueCommand;
    if (command.cmd !== 'queue') return;
    try {
      const senders = Array.from({ length: Math.max(1, command.senders) }, (_, i) => sim.userId(i));
      const startEpoch = epochMs();
      for (let i = 0; i < command.count; i++) sim.inject({ kind: 'text', text: `burst text ${i}`, from: senders[i % senders.length]!, botId: command.botId });
      emit({ type: 'queued', startEpoch, endEpoch: epochMs() });
    } catch (error) {
      emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })
  .on('close', stop);
process.once('SIGTERM', stop);
