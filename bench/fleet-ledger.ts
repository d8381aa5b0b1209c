/**
 * The fleet benchmark's account of every text: injected by the simulators (`f<sim>.<seq>.<epoch ms>`, `seq` from 0
 * per simulator) and delivered by the workers (their `D` lines). It answers what was lost, what was delivered twice
 * and in which phase (a redelivery of the same stream entry, or a second entry for one text: appended twice), per-chat
 * order, and the latencies of the phase being timed.
 */

/** What one phase (a failure, or the steady window) saw. */
export interface PhaseTally {
  /** Deliveries again (whenever they came) of a text first delivered in this phase. */
  duplicates: number;
  /** …of which were a second stream entry for the text (the commit appended it twice). */
  appendedTwice: number;
  /** Deliveries with attempt ≥ 2 (redelivered after a worker died or failed to acknowledge). */
  redeliveries: number;
  delivered: number;
}

export interface Delivery {
  readonly text: string;
  readonly attempt: number;
  readonly entryId: string;
  readonly chat: string;
  /** When the handler ran, epoch ms. */
  readonly at: number;
}

/** Parses a worker's `D` line; `undefined` for any other line. */
export function parseDelivery(line: string): Delivery | undefined {
  if (!line.startsWith('D\t')) return undefined;
  const [, text = '', attempt = '', entryId = '', account = '', chat = '', at = ''] = line.split('\t');
  return { text, attempt: Number(attempt), entryId, chat: `${account}\u0000${chat}`, at: Number(at) };
}

export class DeliveryLedger {
  /** Per simulator, each seq's first delivery: its stream entry id, and when the handler ran (epoch ms). */
  private readonly firstEntry: Array<Map<number, { readonly entryId: string; readonly at: number }>>;
  /** Per chat, the largest seq delivered for the first time (texts of a chat come from one simulator, in seq order). */
  private readonly chatTop = new Map<string, number>();
  private phase: PhaseTally = newTally();
  readonly phases = new Map<string, PhaseTally>();
  orderViolations = 0;
  /** Set while a window is timed: the bus latency (entry id → handler) and end to end (inject → handler), ms. */
  private timing: { bus: number[]; endToEnd: number[] } | undefined;
  unknown = 0;

  constructor(simulators: number) {
    this.firstEntry = Array.from({ length: simulators }, () => new Map());
  }

  /** When each phase began (epoch ms), in order. */
  readonly starts: Array<{ readonly name: string; readonly at: number }> = [];

  /** The phase running at `at` (epoch ms). */
  phaseAt(at: number): string {
    return this.starts.filter((start) => start.at <= at).at(-1)?.name ?? 'before traffic';
  }

  /** Counts what follows under `name` (a phase seen again adds to its tally). */
  enter(name: string): void {
    this.starts.push({ name, at: Date.now() });
    this.phase = this.phases.get(name) ?? newTally();
    this.phases.set(name, this.phase);
  }

  startTiming(): void {
    this.timing = { bus: [], endToEnd: [] };
  }

  stopTiming(): { bus: number[]; endToEnd: number[] } {
    const timing = this.timing ?? { bus: [], endToEnd: [] };
    this.timing = undefined;
    return timing;
  }

  record(delivery: Delivery): void {
    const [sim, seq, injectedAt] = parseText(delivery.text);
    const seen = sim === undefined ? undefined : this.firstEntry[sim];
    if (seen === undefined || seq === undefined) {
      this.unknown++;
      return;
    }
    const tally = this.phase;
    tally.delivered++;
    if (delivery.attempt >= 2) tally.redeliveries++;
    const first = seen.get(seq);
    if (first !== undefined) {
      // Owned by the phase of the first delivery, where the failure that lost its acknowledgement happened: the claim
      // round that delivers it again may come in the next phase.
      const owner = this.phases.get(this.phaseAt(first.at)) ?? tally;
      owner.duplicates++;
      if (first.entryId !== delivery.entryId) owner.appendedTwice++;
      return;
    }
    seen.set(seq, { entryId: delivery.entryId, at: delivery.at });
    const top = this.chatTop.get(delivery.chat);
    if (top !== undefined && seq < top) this.orderViolations++;
    else this.chatTop.set(delivery.chat, seq);
    if (this.timing !== undefined && injectedAt !== undefined) {
      this.timing.bus.push(delivery.at - entryMs(delivery.entryId));
      this.timing.endToEnd.push(delivery.at - injectedAt);
    }
  }

  /** Texts of simulator `sim` delivered at least once. */
  deliveredOf(sim: number): number {
    return this.firstEntry[sim]?.size ?? 0;
  }

  /** The seqs of simulator `sim`'s first `injected` texts that were never delivered. */
  undelivered(sim: number, injected: number): number[] {
    const seen = this.firstEntry[sim];
    const missing: number[] = [];
    for (let seq = 0; seq < injected; seq++) if (!seen?.has(seq)) missing.push(seq);
    return missing;
  }
}

/** When Redis appended a stream entry, epoch ms (the first part of its id). */
const entryMs = (entryId: string): number => Number(entryId.slice(0, entryId.indexOf('-')));

function newTally(): PhaseTally {
  return { duplicates: 0, appendedTwice: 0, redeliveries: 0, delivered: 0 };
}

function parseText(text: string): [number | undefined, number | undefined, number | undefined] {
  const match = /^f(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match === null ? [undefined, undefined, undefined] : [Number(match[1]), Number(match[2]), Number(match[3])];
}
