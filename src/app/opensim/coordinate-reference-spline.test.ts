import { describe, expect, it } from 'vitest';
import { luFactor, luSolve } from '../../core/math/linear-algebra.js';
import { isKinechainError } from '../../core/errors.js';
import { MIN_SPLINE_SAMPLES, NaturalQuinticSplines } from './coordinate-reference-spline.js';

/** Uneven sample times: 0.05 s steps with a wobble. */
function times(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.05 * i + 0.012 * Math.sin(1.7 * i));
}

/**
 * The same spline by another route: in one dimension the natural spline of degree
 * 2m - 1 is p(x) + sum_j c_j |x - x_j|^(2m-1) with p of degree m - 1 and
 * sum_j c_j x_j^k = 0 for k < m (a dense (n + 3) system here, m = 3).
 */
function polyharmonicSpline(x: Float64Array, y: Float64Array): (t: number) => number {
  const n = x.length;
  const size = n + 3;
  const matrix = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) matrix[i * size + j] = Math.abs(x[i] - x[j]) ** 5;
    for (let k = 0; k < 3; k++) {
      matrix[i * size + n + k] = x[i] ** k;
      matrix[(n + k) * size + i] = x[i] ** k;
    }
    rhs[i] = y[i];
  }
  const pivots = new Int32Array(size);
  if (!luFactor(matrix, size, pivots)) throw new Error('singular');
  luSolve(matrix, size, pivots, rhs);
  return (t) => {
    let value = rhs[n] + rhs[n + 1] * t + rhs[n + 2] * t * t;
    for (let j = 0; j < n; j++) value += rhs[j] * Math.abs(t - x[j]) ** 5;
    return value;
  };
}

describe('NaturalQuinticSplines (OpenSim GCVSpline, degree 5, no smoothing)', () => {
  const t = times(30);
  const wave = Float64Array.from(t, (x) => Math.sin(4 * x) + 0.3 * Math.cos(11 * x));
  const quadratic = Float64Array.from(t, (x) => 0.7 - 1.3 * x + 2.1 * x * x);
  const splines = new NaturalQuinticSplines(t, [wave, quadratic]);

  it('passes through every sample', () => {
    expect(splines.columnCount).toBe(2);
    for (let i = 0; i < t.length; i++) {
      expect(splines.value(0, t[i])).toBeCloseTo(wave[i], 12);
      expect(splines.value(1, t[i])).toBeCloseTo(quadratic[i], 12);
    }
  });

  it('reproduces a quadratic everywhere, outside the samples too (natural end conditions)', () => {
    for (let k = 0; k <= 200; k++) {
      const x = -0.4 + (2.3 * k) / 200;
      expect(Math.abs(splines.value(1, x) - (0.7 - 1.3 * x + 2.1 * x * x))).toBeLessThan(1e-10);
    }
  });

  it('agrees with the polyharmonic form of the natural quintic spline', () => {
    const reference = polyharmonicSpline(t, wave);
    for (let k = 0; k <= 400; k++) {
      const x = -0.2 + (1.9 * k) / 400;
      expect(Math.abs(splines.value(0, x) - reference(x))).toBeLessThan(1e-8);
    }
  });

  it('follows a smooth signal between the samples', () => {
    for (let k = 0; k <= 100; k++) {
      const x = 0.3 + (0.8 * k) / 100;
      expect(Math.abs(splines.value(0, x) - (Math.sin(4 * x) + 0.3 * Math.cos(11 * x)))).toBeLessThan(1e-4);
    }
  });

  it('rejects too few samples, times that do not increase and values that are not finite', () => {
    const codeOf = (action: () => unknown): string => {
      try {
        action();
      } catch (error) {
        if (isKinechainError(error)) return error.code;
        throw error;
      }
      return 'none';
    };
    const few = times(MIN_SPLINE_SAMPLES - 1);
    expect(codeOf(() => new NaturalQuinticSplines(few, [few]))).toBe('MALFORMED_INPUT');
    const backwards = times(14);
    backwards[5] = backwards[4];
    expect(codeOf(() => new NaturalQuinticSplines(backwards, [backwards]))).toBe('MALFORMED_INPUT');
    const bad = Float64Array.from(times(14));
    bad[3] = Number.NaN;
    expect(codeOf(() => new NaturalQuinticSplines(times(14), [bad]))).toBe('NOT_FINITE');
  });
});
