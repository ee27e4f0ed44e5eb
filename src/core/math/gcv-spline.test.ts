/**
 * Woltring's GCV spline against independent constructions: the natural cubic
 * interpolating spline solved as a dense linear system for its knot second derivatives;
 * polynomials a natural spline must reproduce; the natural end conditions and C^(2m-2)
 * continuity of the quintic; finite differences of its derivatives; and the smoothing
 * modes on seeded noisy data.
 */
import { describe, expect, it } from 'vitest';
import { isKinechainError } from '../errors.js';
import { evaluateGcvSpline, fitGcvSpline } from './gcv-spline.js';

/** Uneven, strictly increasing knots. */
const KNOTS = Array.from({ length: 40 }, (_, i) => 0.05 * i + 0.013 * Math.sin(3.7 * i));
const signal = (x: number) => Math.sin(2.3 * x) + 0.4 * Math.cos(5.1 * x);

/** Seeded uniform noise in [-0.5, 0.5) (Park-Miller). */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647 - 0.5;
  };
}

/** The natural cubic interpolating spline: S'' = 0 at the ends, dense Gaussian elimination for S''(x_i). */
function naturalCubic(x: number[], y: number[]): (t: number) => [number, number, number] {
  const n = x.length;
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  a[0][0] = 1;
  a[n - 1][n - 1] = 1;
  for (let i = 1; i < n - 1; i++) {
    const h0 = x[i] - x[i - 1];
    const h1 = x[i + 1] - x[i];
    a[i][i - 1] = h0 / 6;
    a[i][i] = (h0 + h1) / 3;
    a[i][i + 1] = h1 / 6;
    a[i][n] = (y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0;
  }
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const m = a.map((row, i) => row[n] / row[i]);
  return (t: number) => {
    let i = 0;
    while (i < n - 2 && t > x[i + 1]) i++;
    const h = x[i + 1] - x[i];
    const u = x[i + 1] - t;
    const v = t - x[i];
    const value = (m[i] * u ** 3 + m[i + 1] * v ** 3) / (6 * h) + (y[i] / h - (m[i] * h) / 6) * u + (y[i + 1] / h - (m[i + 1] * h) / 6) * v;
    const slope = (-m[i] * u * u + m[i + 1] * v * v) / (2 * h) - (y[i] / h - (m[i] * h) / 6) + (y[i + 1] / h - (m[i + 1] * h) / 6);
    const curvature = (m[i] * u + m[i + 1] * v) / h;
    return [value, slope, curvature];
  };
}

describe('GCV spline with error variance 0 (OpenSim: interpolation)', () => {
  it('passes through every sample, for each degree', () => {
    const y = KNOTS.map(signal);
    for (const degree of [1, 3, 5, 7] as const) {
      const spline = fitGcvSpline(KNOTS, y, { degree });
      for (let i = 0; i < KNOTS.length; i++) expect(Math.abs(evaluateGcvSpline(spline, KNOTS[i]) - y[i])).toBeLessThan(1e-12);
      expect(spline.statistics.smoothingParameter).toBe(0);
    }
  });

  it('degree 3 is the natural cubic spline solved independently (values, slopes, curvatures)', () => {
    const y = KNOTS.map(signal);
    const spline = fitGcvSpline(KNOTS, y, { degree: 3 });
    const reference = naturalCubic(KNOTS, y);
    for (let k = 0; k <= 200; k++) {
      const t = KNOTS[0] + ((KNOTS[KNOTS.length - 1] - KNOTS[0]) * k) / 200;
      const [value, slope, curvature] = reference(t);
      expect(Math.abs(evaluateGcvSpline(spline, t, 0) - value)).toBeLessThan(1e-11);
      expect(Math.abs(evaluateGcvSpline(spline, t, 1) - slope)).toBeLessThan(1e-9);
      expect(Math.abs(evaluateGcvSpline(spline, t, 2) - curvature)).toBeLessThan(1e-7);
    }
  });

  it('degree 1 is linear interpolation', () => {
    const y = KNOTS.map(signal);
    const spline = fitGcvSpline(KNOTS, y, { degree: 1 });
    for (let i = 0; i + 1 < KNOTS.length; i++) {
      const t = 0.3 * KNOTS[i] + 0.7 * KNOTS[i + 1];
      expect(evaluateGcvSpline(spline, t)).toBeCloseTo(0.3 * y[i] + 0.7 * y[i + 1], 12);
    }
  });

  it('the quintic reproduces any quadratic exactly, inside and beyond the knots (natural extrapolation)', () => {
    const quadratic = (x: number) => 1.5 - 0.8 * x + 2.2 * x * x;
    const spline = fitGcvSpline(KNOTS, KNOTS.map(quadratic));
    for (const t of [-0.5, 0.0, 0.333, 1.0, 1.777, 2.5]) {
      expect(evaluateGcvSpline(spline, t, 0)).toBeCloseTo(quadratic(t), 11);
      expect(evaluateGcvSpline(spline, t, 1)).toBeCloseTo(-0.8 + 4.4 * t, 10);
      expect(evaluateGcvSpline(spline, t, 2)).toBeCloseTo(4.4, 8);
      expect(Math.abs(evaluateGcvSpline(spline, t, 3))).toBeLessThan(1e-6);
    }
  });

  it('the quintic is natural (third and fourth derivatives vanish at the ends) and C4 across the knots', () => {
    const spline = fitGcvSpline(KNOTS, KNOTS.map(signal));
    const interiorScale = Math.abs(evaluateGcvSpline(spline, 1.0, 3)) + Math.abs(evaluateGcvSpline(spline, 1.0, 4));
    for (const end of [KNOTS[0], KNOTS[KNOTS.length - 1]]) {
      expect(Math.abs(evaluateGcvSpline(spline, end, 3))).toBeLessThan(1e-8 * interiorScale);
      expect(Math.abs(evaluateGcvSpline(spline, end, 4))).toBeLessThan(1e-8 * interiorScale);
    }
    const delta = 1e-9;
    for (let i = 1; i + 1 < KNOTS.length; i++) {
      for (const order of [0, 1, 2, 3, 4]) {
        const left = evaluateGcvSpline(spline, KNOTS[i] - delta, order);
        const right = evaluateGcvSpline(spline, KNOTS[i] + delta, order);
        // The next derivative is bounded, so the jump over 2 delta is tiny unless discontinuous.
        expect(Math.abs(left - right)).toBeLessThan(1e-5 * (1 + Math.abs(left)));
      }
      // The fifth derivative is piecewise constant and does jump.
    }
    expect(evaluateGcvSpline(spline, 1.0, 6)).toBe(0);
  });

  it('each derivative is the finite difference of the one below it', () => {
    const spline = fitGcvSpline(KNOTS, KNOTS.map(signal));
    const h = 1e-6;
    for (const t of [0.21, 0.77, 1.33, 1.9]) {
      for (const order of [0, 1, 2, 3]) {
        const difference = (evaluateGcvSpline(spline, t + h, order) - evaluateGcvSpline(spline, t - h, order)) / (2 * h);
        const derivative = evaluateGcvSpline(spline, t, order + 1);
        expect(Math.abs(difference - derivative)).toBeLessThan(1e-6 * (1 + Math.abs(derivative)));
      }
    }
  });

  it('differentiates a smooth signal accurately away from the ends (what ID relies on)', () => {
    const x = Array.from({ length: 121 }, (_, i) => i / 60);
    const spline = fitGcvSpline(x, x.map(signal));
    for (const t of [0.5, 1.0, 1.5]) {
      const second = -2.3 * 2.3 * Math.sin(2.3 * t) - 0.4 * 5.1 * 5.1 * Math.cos(5.1 * t);
      expect(Math.abs(evaluateGcvSpline(spline, t, 2) - second)).toBeLessThan(1e-6);
    }
  });
});

describe('GCV spline smoothing', () => {
  const x = Array.from({ length: 200 }, (_, i) => i / 100);
  const random = noise(42);
  const sigma = 0.05;
  // Uniform noise of width w has variance w^2 / 12.
  const width = sigma * Math.sqrt(12);
  const noisy = x.map((t) => signal(t) + width * random());
  const rmsToTruth = (values: (t: number) => number) => Math.sqrt(x.reduce((sum, t) => sum + (values(t) - signal(t)) ** 2, 0) / x.length);

  it('generalised cross-validation: closer to the truth than the data, error variance estimated', () => {
    const spline = fitGcvSpline(x, noisy, { degree: 5, errorVariance: -1 });
    const dataError = rmsToTruth((t) => noisy[Math.round(t * 100)]);
    const fitError = rmsToTruth((t) => evaluateGcvSpline(spline, t));
    expect(fitError).toBeLessThan(0.5 * dataError);
    expect(spline.statistics.errorVariance).toBeGreaterThan(0.5 * sigma * sigma);
    expect(spline.statistics.errorVariance).toBeLessThan(2 * sigma * sigma);
    expect(spline.statistics.smoothingParameter).toBeGreaterThan(0);
  });

  it('a known error variance smooths likewise; more variance, more smoothing', () => {
    const small = fitGcvSpline(x, noisy, { errorVariance: 0.1 * sigma * sigma });
    const right = fitGcvSpline(x, noisy, { errorVariance: sigma * sigma });
    expect(rmsToTruth((t) => evaluateGcvSpline(right, t))).toBeLessThan(0.5 * sigma);
    expect(right.statistics.smoothingParameter).toBeGreaterThan(small.statistics.smoothingParameter);
    expect(right.statistics.meanSquaredResidual).toBeGreaterThan(small.statistics.meanSquaredResidual);
  });

  it('a given smoothing parameter is used as given; the residual grows with it', () => {
    let previous = -1;
    for (const p of [1e-12, 1e-9, 1e-6]) {
      const spline = fitGcvSpline(x, noisy, { smoothingParameter: p });
      expect(spline.statistics.smoothingParameter).toBe(p);
      expect(spline.statistics.meanSquaredResidual).toBeGreaterThan(previous);
      previous = spline.statistics.meanSquaredResidual;
    }
  });
});

describe('GCV spline input errors', () => {
  const code = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      if (isKinechainError(error)) return error.code;
      throw error;
    }
    return 'no error';
  };
  it('rejects unordered abscissae, too few samples, bad degree, bad weights and NaN', () => {
    expect(code(() => fitGcvSpline([0, 1, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5]))).toBe('MALFORMED_INPUT');
    expect(code(() => fitGcvSpline([0, 1, 2, 3, 4], [0, 1, 2, 3, 4]))).toBe('MALFORMED_INPUT');
    expect(code(() => fitGcvSpline([0, 1, 2, 3], [0, 1, 2, 3], { degree: 4 as 3 }))).toBe('OUT_OF_RANGE');
    expect(code(() => fitGcvSpline([0, 1, 2, 3], [0, 1, 2, 3], { degree: 3, weights: [1, 0, 1, 1] }))).toBe('MALFORMED_INPUT');
    expect(code(() => fitGcvSpline([0, 1, 2, 3], [0, Number.NaN, 2, 3], { degree: 3 }))).toBe('NOT_FINITE');
    const spline = fitGcvSpline([0, 1, 2, 3], [0, 1, 2, 3], { degree: 3 });
    expect(code(() => evaluateGcvSpline(spline, 1, -1))).toBe('OUT_OF_RANGE');
  });
});
