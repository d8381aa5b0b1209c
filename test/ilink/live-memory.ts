/**
 * Live memory of this process, for tests that prove a transfer streams. Resident memory cannot tell streaming from
 * buffering (the allocator keeps freed chunks); the JS heap plus array buffers still alive after a full collection
 * can: it is what the process holds at that moment.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Node's `gc`, enabled at run time (the test runner starts node without `--expose-gc`). */
export function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap and buffers alive after a full collection (the second one finishes freeing the first's buffers). */
export function liveBytes(gc: () => void): number {
  gc();
  gc();
  const { arrayBuffers, heapUsed } = process.memoryUsage();
  return arrayBuffers + heapUsed;
}

/**
 * Samples live memory every `everyMs` (and whenever `sample()` is called) until `stop()`; `growth()` is the peak over
 * the start. Each sample is two full collections: sampling too often starves the work it measures.
 */
export function memoryPeak(gc: () => void, everyMs = 100) {
  const start = liveBytes(gc);
  let peak = start;
  const sample = (): void => {
    peak = Math.max(peak, liveBytes(gc));
  };
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    stop: (): void => {
      clearInterval(timer);
      sample();
    },
    growth: (): number => peak - start,
  };
}
