/** Small statistics and timing helpers shared by the benchmarks. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `work` `iterations` times per sample, `samples` times; returns the per-iteration time of each sample in µs. */
export function sampleMicros(work: () => void, samples: number, iterations: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) work();
    out.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return out;
}

export const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The median of each field over `samples` (NaN for every field when there are none). */
export function medianEach<const K extends string>(samples: readonly Readonly<Record<K, number>>[], fields: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const field of fields) out[field] = samples.length === 0 ? Number.NaN : median(samples.map((s) => s[field]));
  return out;
}
