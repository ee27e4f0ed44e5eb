import { describe, expect, it } from 'vitest';
import { mulberry32 } from './seeded-random.js';

/** mulberry32 written with BigInt arithmetic modulo 2^32: an independent implementation to cross-check against. */
function referenceMulberry32(seed: number): () => number {
  const M = 1n << 32n;
  const u32 = (x: bigint) => ((x % M) + M) % M;
  const mul = (a: bigint, b: bigint) => u32(a * b);
  let state = u32(BigInt(seed >>> 0));
  return () => {
    state = u32(state + 0x6d2b79f5n);
    let t = mul(state ^ (state >> 15n), 1n | state);
    t = u32(t + mul(t ^ (t >> 7n), 61n | t)) ^ t;
    return Number(t ^ (t >> 14n)) / 4294967296;
  };
}

describe('mulberry32', () => {
  it('matches an independent BigInt implementation of the algorithm', () => {
    for (const seed of [0, 1, 42, 123456789, 4294967295]) {
      const fast = mulberry32(seed);
      const reference = referenceMulberry32(seed);
      for (let i = 0; i < 500; i++) expect(fast()).toBe(reference());
    }
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const first = Array.from({ length: 10 }, () => a());
    expect(Array.from({ length: 10 }, () => b())).toEqual(first);
    expect(Array.from({ length: 10 }, () => c())).not.toEqual(first);
  });

  it('gives uniform numbers in [0, 1): mean, variance and decile counts within sampling error', () => {
    const random = mulberry32(2024);
    const n = 100_000;
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSquares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSquares += u * u;
      counts[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    const variance = sumSquares / n - mean * mean;
    // Standard error of the mean sqrt(1/12/n) = 0.0009: allow 5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    // Chi-square with 9 degrees of freedom: 99.9th percentile 27.9.
    const expected = n / 10;
    const chiSquare = counts.reduce((acc, count) => acc + ((count - expected) * (count - expected)) / expected, 0);
    expect(chiSquare).toBeLessThan(27.9);
  });

  it('rejects a non-finite seed', () => {
    expect(() => mulberry32(Number.NaN)).toThrow(/seed/);
  });
});
