import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskySolve, luFactor, luSolve } from './linear-algebra.js';
import { seededRandom } from '../../../test/fixtures/joint-chain.js';

function multiply(a: Float64Array, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) out[i] += a[i * n + k] * x[k];
  return out;
}

function randomMatrix(n: number, random: () => number): Float64Array {
  return Float64Array.from({ length: n * n }, () => random() * 2 - 1);
}

describe('Cholesky', () => {
  const n = 7;
  const random = seededRandom(21);
  const b = randomMatrix(n, random);
  // A = B B^T + n I is symmetric positive definite.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) a[i * n + j] += b[i * n + k] * b[j * n + k];
      if (i === j) a[i * n + j] += n;
    }
  }

  it('solves an SPD system', () => {
    const x = Float64Array.from({ length: n }, () => random());
    const rhs = multiply(a, x, n);
    const factor = Float64Array.from(a);
    expect(choleskyFactor(factor, n)).toBe(true);
    choleskySolve(factor, n, rhs);
    for (let i = 0; i < n; i++) expect(rhs[i]).toBeCloseTo(x[i], 12);
  });

  it('reports an indefinite matrix', () => {
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(choleskyFactor(indefinite, 2)).toBe(false);
  });
});

describe('LU with partial pivoting', () => {
  it('solves a general system, including one needing a row swap', () => {
    const n = 6;
    const random = seededRandom(4);
    const a = randomMatrix(n, random);
    a[0] = 0; // force a pivot swap at the first column
    const x = Float64Array.from({ length: n }, () => random());
    const rhs = multiply(a, x, n);
    const factor = Float64Array.from(a);
    const pivots = new Int32Array(n);
    expect(luFactor(factor, n, pivots)).toBe(true);
    luSolve(factor, n, pivots, rhs);
    for (let i = 0; i < n; i++) expect(rhs[i]).toBeCloseTo(x[i], 12);
  });

  it('reports a singular matrix', () => {
    expect(luFactor(Float64Array.from([1, 2, 2, 4]), 2, new Int32Array(2))).toBe(false);
  });
});
