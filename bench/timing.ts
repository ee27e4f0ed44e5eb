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
  const warmUpMs = options.warmUpMs ?? DEFAULTS.warmUpMs;
  const batchMs = options.batchMs ?? DEFAULTS.batchMs;
  const batches = options.batches ?? DEFAULTS.batches;

  // Warm-up, counting calls to estimate the cost of one.
  let calls = 0;
  const warmStart = performance.now();
  while (performance.now() - warmStart < warmUpMs || calls < 10) {
    call();
    calls++;
  }
  const roughMsPerCall = (performance.now() - warmStart) / calls;
  const callsPerBatch = Math.max(1, Math.ceil(batchMs / Math.max(roughMsPerCall, 1e-6)));

  const means: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const start = performance.now();
    for (let i = 0; i < callsPerBatch; i++) call();
    means.push(((performance.now() - start) * 1000) / callsPerBatch);
  }
  means.sort((a, b) => a - b);
  const middle = means.length >> 1;
  const median = means.length % 2 === 1 ? means[middle] : 0.5 * (means[middle - 1] + means[middle]);
  return {
    usPerCall: median,
    minUsPerCall: means[0],
    maxUsPerCall: means[means.length - 1],
    callsPerBatch,
    batches,
  };
}
