/**
 * The low-pass filtering OpenSim applies to coordinate trajectories before inverse
 * dynamics and analyses (InverseDynamicsTool, AnalyzeTool with
 * lowpass_cutoff_frequency_for_coordinates >= 0), reproduced step by step:
 *
 * 1. Pad (Storage::pad(size / 2), Signal::Pad): prepend and append size/2 samples that
 *    mirror the signal about its end points and negate it there (an odd reflection:
 *    s(t0 - k) = 2 s(t0) - s(t0 + k)), so value and slope are continuous at the ends and
 *    the filter's start-up transients fall in the padding. The time column is padded the
 *    same way (times reflect about the first and last times).
 * 2. Resample (Storage::lowpassIIR -> Storage::resample) when the time step is not
 *    uniform to within machine epsilon ((mean step - smallest step) > 2.2e-16): every
 *    column is fitted with an interpolating quintic GCV spline (gcv-spline.ts) and
 *    sampled from the first time in steps of the smallest step, the time advanced by
 *    repeated addition (t += dt) while t <= last time. Motion files written with eight
 *    decimals are never uniform to that tolerance, so this step nearly always runs, and
 *    the repeated addition is why OpenSim's output times drift from the input's (e.g.
 *    -0.0000005, 0.01666616, ... for a 60 Hz file).
 * 3. Filter (Signal::LowpassIIR): a third-order Butterworth low-pass IIR filter from the
 *    bilinear transform with frequency pre-warping, wa = tan(pi fc T), run forward and
 *    then backward (zero phase; the combined response is sixth order, -6 dB at fc).
 *    Each pass starts with the first samples copied (out[i] = in[i], i < 3): the
 *    recursion needs three past outputs. A cutoff at or above half the sampling rate is
 *    lowered to 0.49 fs (with a warning), as OpenSim does.
 *
 * Sampled signals are column-major: a time array [n] and one Float64Array [n] per column.
 */
import { KinechainError } from '../errors.js';
import { evaluateGcvSpline, fitGcvSpline } from './gcv-spline.js';

/** SimTK::Eps, the double-precision machine epsilon OpenSim compares time steps with. */
const MACHINE_EPSILON = 2.220446049250313e-16;
/** Storage::MAX_RESAMPLE_SIZE: resampling never produces more samples than this. */
const MAX_RESAMPLE_SIZE = 100000;

export interface SampledSignals {
  /** [n] sample times (s), increasing. */
  readonly time: Float64Array;
  /** One [n] array per signal. */
  readonly columns: readonly Float64Array[];
}

export interface LowpassResult extends SampledSignals {
  /** The sampling interval the filter used (s). */
  readonly samplingInterval: number;
  /** True when the signals were resampled onto a uniform grid first. */
  readonly resampled: boolean;
  /** Notes such as a cutoff lowered to 0.49 of the sampling rate. */
  readonly warnings: readonly string[];
}

/**
 * Signal::Pad: `signal` [n] with `padSize` samples prepended and appended by odd
 * reflection about the end points. padSize must be in 0 .. n - 1 (OpenSim allows n, but
 * the reflection then reads past the far end).
 */
export function padByReflection(signal: ArrayLike<number>, padSize: number): Float64Array {
  const n = signal.length;
  if (!Number.isInteger(padSize) || padSize < 0 || padSize >= n) {
    throw new KinechainError('OUT_OF_RANGE', `pad size must be a whole number from 0 to ${n - 1} for ${n} samples, got ${padSize}`);
  }
  const out = new Float64Array(n + 2 * padSize);
  for (let i = 0; i < padSize; i++) out[i] = 2 * signal[0] - signal[padSize - i];
  for (let i = 0; i < n; i++) out[padSize + i] = signal[i];
  for (let i = 0; i < padSize; i++) out[padSize + n + i] = 2 * signal[n - 1] - signal[n - 2 - i];
  return out;
}

/** Storage::pad: pads the time column and every signal by `padSize` samples at each end. */
export function padSignals(signals: SampledSignals, padSize: number): SampledSignals {
  return { time: padByReflection(signals.time, padSize), columns: signals.columns.map((column) => padByReflection(column, padSize)) };
}

/**
 * Signal::LowpassIIR: zero-phase third-order Butterworth low-pass of `signal` [n >= 4]
 * sampled every `samplingInterval` s, cutoff `cutoffHz`, into `out` [n] (may not alias
 * `signal`). `scratch` [n] is used for the reversed pass (allocated when omitted).
 * Returns the cutoff actually used.
 */
export function butterworthLowpassIIR(
  signal: ArrayLike<number>,
  samplingInterval: number,
  cutoffHz: number,
  out: Float64Array,
  scratch: Float64Array = new Float64Array(signal.length),
): number {
  const n = signal.length;
  if (!(samplingInterval > 0) || !Number.isFinite(samplingInterval)) {
    throw new KinechainError('OUT_OF_RANGE', `sampling interval must be a positive number of seconds, got ${samplingInterval}`);
  }
  if (!(cutoffHz > 0) || !Number.isFinite(cutoffHz)) {
    throw new KinechainError('OUT_OF_RANGE', `low-pass cutoff must be a positive frequency in Hz, got ${cutoffHz}`);
  }
  if (n < 4) throw new KinechainError('MALFORMED_INPUT', `the low-pass filter needs at least 4 samples, got ${n}`);
  if (out.length < n || scratch.length < n) throw new KinechainError('MALFORMED_INPUT', `filter output and scratch need ${n} entries`);
  const samplingRate = 1 / samplingInterval;
  const cutoff = cutoffHz >= 0.5 * samplingRate ? 0.49 * samplingRate : cutoffHz;
  // Bilinear transform of the third-order Butterworth prototype, pre-warped at the cutoff.
  const wa = Math.tan((2 * Math.PI * cutoff * samplingInterval) / 2);
  const wa2 = wa * wa;
  const wa3 = wa2 * wa;
  const denominator = (wa + 1) * (wa * wa + wa + 1);
  const a0 = wa3 / denominator;
  const a1 = (3 * wa3) / denominator;
  const a2 = a1;
  const a3 = a0;
  const b1 = (3 * wa3 + 2 * wa2 - 2 * wa - 3) / denominator;
  const b2 = (3 * wa3 - 2 * wa2 - 2 * wa + 3) / denominator;
  const b3 = ((wa - 1) * (wa2 - wa + 1)) / denominator;

  // Forward pass; the first three outputs are the inputs.
  for (let i = 0; i < 3; i++) out[i] = signal[i];
  for (let i = 3; i < n; i++) {
    out[i] = a0 * signal[i] + a1 * signal[i - 1] + a2 * signal[i - 2] + a3 * signal[i - 3] - b1 * out[i - 1] - b2 * out[i - 2] - b3 * out[i - 3];
  }
  // Backward pass on the reversed result.
  for (let i = 0; i < n; i++) scratch[i] = out[n - 1 - i];
  for (let i = 0; i < 3; i++) out[i] = scratch[i];
  for (let i = 3; i < n; i++) {
    out[i] = a0 * scratch[i] + a1 * scratch[i - 1] + a2 * scratch[i - 2] + a3 * scratch[i - 3] - b1 * out[i - 1] - b2 * out[i - 2] - b3 * out[i - 3];
  }
  for (let i = 0; i < n; i++) scratch[i] = out[n - 1 - i];
  for (let i = 0; i < n; i++) out[i] = scratch[i];
  return cutoff;
}

/** Storage::getMinTimeStep: the smallest difference between consecutive times (Infinity below 2 samples). */
export function smallestTimeStep(time: ArrayLike<number>): number {
  let smallest = Infinity;
  for (let i = 1; i < time.length; i++) {
    const step = time[i] - time[i - 1];
    if (step < smallest) smallest = step;
  }
  return smallest;
}

/**
 * Storage::resample with GCVSplineSet::constructStorage: each signal's interpolating
 * spline of `degree` sampled at first time + k dt, the time advanced by repeated
 * addition while it does not exceed the last time. dt is raised so that no more than
 * 100000 samples result (as OpenSim does).
 */
export function resampleWithSplines(signals: SampledSignals, step: number, degree: 1 | 3 | 5 | 7 = 5): SampledSignals & { step: number } {
  const time = signals.time;
  const n = time.length;
  if (n < 2) return { time: Float64Array.from(time), columns: signals.columns.map((column) => Float64Array.from(column)), step };
  const first = time[0];
  const last = time[n - 1];
  let dt = step;
  if ((last - first) / dt > MAX_RESAMPLE_SIZE) dt = (last - first) / MAX_RESAMPLE_SIZE;
  const times: number[] = [];
  for (let t = first; t <= last; ) {
    times.push(t);
    if (t < last) t += dt;
    else break;
  }
  const newTime = Float64Array.from(times);
  const columns = signals.columns.map((column) => {
    const spline = fitGcvSpline(time, column, { degree, errorVariance: 0 });
    const values = new Float64Array(newTime.length);
    for (let i = 0; i < newTime.length; i++) values[i] = evaluateGcvSpline(spline, newTime[i]);
    return values;
  });
  return { time: newTime, columns, step: dt };
}

/**
 * Storage::lowpassIIR: resample onto a uniform grid if needed, then filter every signal
 * with butterworthLowpassIIR at the (smallest) sampling interval.
 */
export function lowpassSignals(signals: SampledSignals, cutoffHz: number): LowpassResult {
  const n = signals.time.length;
  if (n < 2) throw new KinechainError('MALFORMED_INPUT', `low-pass filtering needs at least 4 samples, got ${n}`);
  let dt = smallestTimeStep(signals.time);
  if (dt < MACHINE_EPSILON) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `cannot low-pass filter: two samples share a time (smallest time step ${dt} s); remove duplicate rows`,
      { smallestStep: dt },
    );
  }
  const meanStep = (signals.time[n - 1] - signals.time[0]) / (n - 1);
  let working: SampledSignals = signals;
  let resampled = false;
  if (meanStep - dt > MACHINE_EPSILON) {
    const result = resampleWithSplines(signals, dt, 5);
    working = result;
    dt = result.step;
    resampled = true;
  }
  const size = working.time.length;
  if (size < 4) throw new KinechainError('MALFORMED_INPUT', `low-pass filtering needs at least 4 samples, got ${size}`);
  const warnings: string[] = [];
  const scratch = new Float64Array(size);
  const columns = working.columns.map((column) => {
    const filtered = new Float64Array(size);
    const used = butterworthLowpassIIR(column, dt, cutoffHz, filtered, scratch);
    if (used !== cutoffHz && warnings.length === 0) {
      warnings.push(
        `cutoff ${cutoffHz} Hz is not below half the sampling rate of ${Number((1 / dt).toPrecision(12))} Hz; ` +
          `${Number(used.toPrecision(12))} Hz (0.49 of the rate) was used, as OpenSim does`,
      );
    }
    return filtered;
  });
  return { time: Float64Array.from(working.time), columns, samplingInterval: dt, resampled, warnings };
}

/**
 * What OpenSim's tools do with lowpass_cutoff_frequency_for_coordinates >= 0:
 * pad by half the number of samples (integer division), then lowpassSignals.
 */
export function lowpassCoordinatesAsOpenSim(signals: SampledSignals, cutoffHz: number): LowpassResult {
  const padded = padSignals(signals, Math.floor(signals.time.length / 2));
  return lowpassSignals(padded, cutoffHz);
}
