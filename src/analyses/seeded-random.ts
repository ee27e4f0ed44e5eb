/**
 * A small seeded pseudo-random generator for reproducible uncertainty intervals:
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): a Weyl sequence
 * (state += 0x6D2B79F5) passed through an xorshift-multiply mix. Period 2^32, fast, good
 * enough statistics for Monte Carlo sampling of a few parameters (not for cryptography).
 * The same seed always gives the same sequence on every platform (integer arithmetic only).
 */
import { KinechainError } from '../core/errors.js';

/** A generator of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** mulberry32 seeded with `seed` (any finite number; it is reduced to 32 bits). */
export function mulberry32(seed: number): RandomSource {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new KinechainError('NOT_FINITE', `random seed must be a finite number, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
