/**
 * Timing of one call: warm up (so the JIT has compiled the hot path and, for
 * WebAssembly, the tiers have settled), size a batch so that it lasts long enough for
 * the clock to be precise, then run several batches and report the median of the
 * batch means. The median resists the odd slow batch on a shared machine.
 */

export interface TimingOptions {
  /** Warm-up duration before measuring (ms). */
  readonly warmUpMs?: number;
  /** Target duration of one batch (ms). */
  readonly batchMs?: number;
  /** Number of measured batches. */
  readonly batches?: number;
}

export interface Timing {
  /** Median over batches of the mean time per call (microseconds). */
  readonly usPerCall: number;
  /** Smallest and largest batch means (microseconds): the spread between batches. */
  readonly minUsPerCall: number;
  readonly maxUsPerCall: number;
  readonly callsPerBatch: number;
  readonly batches: number;
}

const DEFAULTS = { warmUpMs: 300, batchMs: 40, batches: 15 } as const;

/** Keeps results alive so the JIT cannot drop a call whose result is never read. */
let sink = 0;
export function consume(value: number): void {
  sink += value;
}
export function sinkValue(): number {
  return sink;
}

export function timeCall(call: () => void, options: TimingOptions = {}): Timing {
  return timeCalls([call], options)[0];
}

function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
}

/**
 * Times several calls side by side: each is warmed up and sized on its own, then their
 * batches are interleaved (batch 1 of every call, then batch 2, ...) so that a change
 * in machine load during the run hits all of them alike.
 */
export function timeCalls(calls: readonly (() => void)[], options: TimingOptions = {}): Timing[] {
  const warmUpMs = options.warmUpMs ?? DEFAULTS.warmUpMs;
  const batchMs = options.batchMs ?? DEFAULTS.batchMs;
  const batches = options.batches ?? DEFAULTS.batches;

  const callsPerBatch = calls.map((call) => {
    // Warm-up, counting calls to estimate the cost of one.
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < warmUpMs || count < 10) {
      call();
      count++;
    }
    const roughMsPerCall = (performance.now() - start) / count;
    return Math.max(1, Math.ceil(batchMs / Math.max(roughMsPerCall, 1e-6)));
  });

  const means: number[][] = calls.map(() => []);
  for (let batch = 0; batch < batches; batch++) {
    calls.forEach((call, index) => {
      const repetitions = callsPerBatch[index];
      const start = performance.now();
      for (let i = 0; i < repetitions; i++) call();
      means[index].push(((performance.now() - start) * 1000) / repetitions);
    });
  }
  return means.map((values, index) => {
    const sorted = values.slice().sort((a, b) => a - b);
    return {
      usPerCall: median(sorted),
      minUsPerCall: sorted[0],
      maxUsPerCall: sorted[sorted.length - 1],
      callsPerBatch: callsPerBatch[index],
      batches,
    };
  });
}
