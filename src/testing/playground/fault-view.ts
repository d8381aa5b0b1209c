/** Scripted faults as the page lists them (the Web and iLink simulators share the fault registry). */
import type { ActiveFault } from '../simulator/faults.js';
import type { PageFault } from './page-events.js';

export function pageFaults(faults: readonly ActiveFault[]): PageFault[] {
  return faults.map((f) => ({
    id: f.id,
    endpoint: f.spec.endpoint,
    kind: f.spec.kind,
    ...(f.spec.value === undefined ? {} : { value: f.spec.value }),
    remaining: Number.isFinite(f.remaining) ? f.remaining : null,
  }));
}
