/**
 * The low-pass pipeline OpenSim applies to coordinates: odd-reflection padding, the
 * third-order Butterworth run forward and backward (unit gain at DC, |H|^2 = 1/2 at the
 * cutoff, zero phase), resampling of non-uniform times onto the smallest step by
 * repeated addition, and the cutoff clamp at 0.49 of the sampling rate.
 */
import { describe, expect, it } from 'vitest';
import {
  butterworthLowpassIIR,
  lowpassCoordinatesAsOpenSim,
  lowpassSignals,
  padByReflection,
  padSignals,
  resampleWithSplines,
  smallestTimeStep,
} from './lowpass-filter.js';

const RATE = 200;
const uniformTime = (n: number) => Float64Array.from({ length: n }, (_, i) => i / RATE);

/** Amplitude of a sine of frequency f fitted by least squares over the middle half of `values`. */
function amplitude(values: Float64Array, f: number): number {
  let ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
  const start = Math.floor(values.length / 4);
  for (let i = start; i < values.length - start; i++) {
    const s = Math.sin((2 * Math.PI * f * i) / RATE);
    const c = Math.cos((2 * Math.PI * f * i) / RATE);
    ss += s * s;
    sc += s * c;
    cc += c * c;
    ys += values[i] * s;
    yc += values[i] * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  return Math.hypot(a, b);
}

describe('padding (Signal::Pad)', () => {
  it('reflects and negates about the end points: a straight line continues as itself', () => {
    const line = Float64Array.from({ length: 10 }, (_, i) => 2 + 0.5 * i);
    const padded = padByReflection(line, 4);
    expect(padded.length).toBe(18);
    padded.forEach((value, i) => expect(value).toBeCloseTo(2 + 0.5 * (i - 4), 12));
  });

  it('keeps the signal in the middle and mirrors its shape oddly at each end', () => {
    const signal = Float64Array.from([1, 3, 2, 5, 4]);
    expect(Array.from(padByReflection(signal, 2))).toEqual([2 * 1 - 2, 2 * 1 - 3, 1, 3, 2, 5, 4, 2 * 4 - 5, 2 * 4 - 2]);
    const padded = padSignals({ time: Float64Array.from([0, 0.1, 0.25, 0.3, 0.4]), columns: [signal] }, 2);
    expect(Array.from(padded.time).map((t) => Number(t.toFixed(12)))).toEqual([-0.25, -0.1, 0, 0.1, 0.25, 0.3, 0.4, 0.5, 0.55]);
  });

  it('rejects a pad as long as the signal', () => {
    expect(() => padByReflection([1, 2, 3], 3)).toThrow(/pad size/);
  });
});

describe('third-order Butterworth, forward and backward (Signal::LowpassIIR)', () => {
  it('passes a constant unchanged (unit gain at DC)', () => {
    const constant = new Float64Array(100).fill(3.25);
    const out = new Float64Array(100);
    butterworthLowpassIIR(constant, 1 / RATE, 6, out);
    for (const value of out) expect(value).toBeCloseTo(3.25, 12);
  });

  it('halves the power at the cutoff, passes well below it and stops well above it', () => {
    const n = 4000;
    const cutoff = 6;
    for (const [f, expected] of [
      [cutoff, 0.5],
      [1, 1 / (1 + (1 / cutoff) ** 6)],
      [18, 1 / (1 + (Math.tan((Math.PI * 18) / RATE) / Math.tan((Math.PI * cutoff) / RATE)) ** 6)],
    ] as const) {
      const signal = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / RATE));
      const out = new Float64Array(n);
      butterworthLowpassIIR(signal, 1 / RATE, cutoff, out);
      // Forward-backward: |H|^2 of the bilinear (pre-warped) Butterworth, 1 / (1 + (tan(pi f T) / tan(pi fc T))^6).
      const warped = 1 / (1 + (Math.tan((Math.PI * f) / RATE) / Math.tan((Math.PI * cutoff) / RATE)) ** 6);
      expect(amplitude(out, f)).toBeCloseTo(warped, 6);
      expect(Math.abs(warped - expected)).toBeLessThan(f === cutoff ? 1e-12 : 0.01);
    }
  });

  it('has zero phase: a symmetric pulse stays symmetric about its centre', () => {
    const n = 401;
    const pulse = Float64Array.from({ length: n }, (_, i) => Math.exp(-(((i - 200) / 10) ** 2)));
    const out = new Float64Array(n);
    butterworthLowpassIIR(pulse, 1 / RATE, 10, out);
    for (let k = 1; k < 100; k++) expect(out[200 + k]).toBeCloseTo(out[200 - k], 6);
    let peak = 0;
    for (let i = 1; i < n; i++) if (out[i] > out[peak]) peak = i;
    expect(peak).toBe(200);
  });

  it('lowers a cutoff at or above half the sampling rate to 0.49 of it, with a warning', () => {
    const time = uniformTime(50);
    const result = lowpassSignals({ time, columns: [Float64Array.from(time, (t) => Math.sin(20 * t))] }, 150);
    expect(result.warnings.join()).toMatch(/rate of 200 Hz; 98 Hz \(0.49 of the rate\) was used/);
    const out = new Float64Array(50);
    expect(butterworthLowpassIIR(new Float64Array(50), 1 / RATE, 150, out)).toBeCloseTo(0.49 * RATE, 12);
  });
});

describe('resampling and the whole OpenSim pipeline', () => {
  it('uniform times are filtered in place, without resampling', () => {
    const time = uniformTime(101);
    const result = lowpassSignals({ time, columns: [Float64Array.from(time, (t) => Math.sin(3 * t))] }, 6);
    expect(result.resampled).toBe(false);
    expect(Array.from(result.time)).toEqual(Array.from(time));
  });

  it('times written with 8 decimals are resampled from the first time by repeated addition of the smallest step', () => {
    // 60 Hz printed to 8 decimals, as motion files are: steps of 0.01666666 and 0.01666667.
    const time = Float64Array.from({ length: 61 }, (_, i) => Number((i / 60).toFixed(8)));
    const dt = smallestTimeStep(time);
    expect(dt).toBeCloseTo(0.01666666, 12);
    const values = Float64Array.from(time, (t) => Math.cos(2 * t));
    const result = lowpassSignals({ time, columns: [values] }, 6);
    expect(result.resampled).toBe(true);
    expect(result.samplingInterval).toBe(dt);
    let t = time[0];
    for (let i = 0; i < result.time.length; i++) {
      expect(result.time[i]).toBe(t);
      t += dt;
    }
    expect(result.time[result.time.length - 1]).toBeLessThanOrEqual(time[time.length - 1]);
    // The resampled grid drifts behind the file's by 1e-8 s per row.
    expect(result.time[60]).toBeCloseTo(1 - 60 * (1 / 60 - dt), 12);
  });

  it('resampling interpolates the signal (quintic spline through the samples)', () => {
    const time = Float64Array.from({ length: 40 }, (_, i) => 0.05 * i + 0.0001 * (i % 3));
    const resampled = resampleWithSplines({ time, columns: [Float64Array.from(time, (t) => 1 + 2 * t - t * t)] }, 0.03);
    resampled.time.forEach((t, i) => expect(resampled.columns[0][i]).toBeCloseTo(1 + 2 * t - t * t, 10));
  });

  it('pads by half the rows, so most of the filter start-up happens in the padding', () => {
    const time = uniformTime(101);
    const ramp = Float64Array.from(time, (t) => 0.3 + 1.2 * t);
    const padded = lowpassCoordinatesAsOpenSim({ time, columns: [ramp] }, 6);
    // 101 rows padded by 50 each side.
    expect(padded.time.length).toBe(201);
    expect(padded.time[0]).toBeCloseTo(-0.25, 12);
    const bare = lowpassSignals({ time, columns: [ramp] }, 6);
    let paddedError = 0;
    let bareError = 0;
    for (let i = 0; i <= 100; i++) {
      paddedError = Math.max(paddedError, Math.abs(padded.columns[0][i + 50] - ramp[i]));
      bareError = Math.max(bareError, Math.abs(bare.columns[0][i] - ramp[i]));
    }
    // The odd reflection continues the ramp, so only the transients of the padded ends
    // (0.25 s at 6 Hz: not fully decayed) reach the data: 1e-3 of the range instead of 3e-2.
    expect(paddedError).toBeLessThan(1e-3);
    expect(bareError).toBeGreaterThan(20 * paddedError);
  });

  it('duplicate times cannot be filtered: MALFORMED_INPUT', () => {
    expect(() => lowpassSignals({ time: Float64Array.from([0, 0.1, 0.1, 0.2, 0.3]), columns: [new Float64Array(5)] }, 6)).toThrow(/share a time/);
  });
});
