/**
 * The end point of a stretch along a one-parameter movement: the smallest s in [0, 1] at
 * which the first tissue reaches its tolerated tension.
 *
 * With r(s) = max_i T_i(s) / T_tol,i over the monitored tissues, the end point is the
 * first root of r(s) = 1. It is bracketed by scanning s on a uniform grid (so a tissue
 * that crosses early is not skipped), then refined by bisection until r is within
 * `ratioTolerance` of 1 or the bracket is narrower than `sTolerance`. At the returned s
 * the limiting tissue is at its tolerance (ratio 1 to the tolerance) and every other
 * monitored tissue is at or below it (their ratios are <= the maximum, which is 1).
 *
 * Edge cases: r(0) >= 1 (a tissue is already past its tolerance in the start pose) returns
 * s = 0 with that tissue; r(1) < 1 (no tissue limits before the movement's end of range)
 * returns s = 1 with limitingTissue -1.
 */
import { KinechainError } from '../core/errors.js';

export interface StretchEndPointOptions {
  /** Grid intervals of the bracketing scan. Default 20. */
  readonly bracketSteps?: number;
  /** Stop when |r - 1| <= this. Default 1e-9. */
  readonly ratioTolerance?: number;
  /** Stop when the bracket is narrower than this. Default 1e-12. */
  readonly sTolerance?: number;
  /** Bisection steps at most. Default 80. */
  readonly maxBisections?: number;
}

/** Outcome of one end-point search (reused between searches). */
export interface StretchEndPoint {
  /** Bend parameter of the end point. */
  s: number;
  /** r(s): largest tension / tolerance over the monitored tissues at s. */
  ratio: number;
  /** Tissue with the largest ratio at s (-1 when nothing limits before s = 1). */
  limitingTissue: number;
  /** 'tissue' (a tissue reached its tolerance), 'start' (already past it at s = 0), 'range' (none did before s = 1). */
  reason: 'tissue' | 'start' | 'range';
  /** Posture evaluations used. */
  evaluations: number;
}

export function makeStretchEndPoint(): StretchEndPoint {
  return { s: 0, ratio: 0, limitingTissue: -1, reason: 'range', evaluations: 0 };
}

/**
 * Evaluates the posture at s and returns r(s); writes the arg-max tissue into
 * `argmax[0]`. Must leave the model state (data) at s.
 */
export type StretchRatioFunction = (s: number, argmax: Int32Array) => number;

const argmaxScratch = new Int32Array(1);

function evaluate(ratioAt: StretchRatioFunction, s: number): number {
  const ratio = ratioAt(s, argmaxScratch);
  if (!Number.isFinite(ratio)) {
    throw new KinechainError('NOT_FINITE', `tension / tolerance ratio at s = ${s} is ${String(ratio)}`);
  }
  return ratio;
}

/** Finds the end point of `ratioAt` on [0, 1]; fills and returns `out`. Leaves the state at the returned s. Allocates nothing. */
export function findStretchEndPoint(
  ratioAt: StretchRatioFunction,
  options: StretchEndPointOptions = {},
  out: StretchEndPoint = makeStretchEndPoint(),
): StretchEndPoint {
  const steps = options.bracketSteps ?? 20;
  const ratioTolerance = options.ratioTolerance ?? 1e-9;
  const sTolerance = options.sTolerance ?? 1e-12;
  const maxBisections = options.maxBisections ?? 80;
  if (!(Number.isInteger(steps) && steps >= 1)) {
    throw new KinechainError('OUT_OF_RANGE', `bracketSteps must be an integer >= 1, got ${String(steps)}`);
  }
  let evaluations = 1;
  let ratio = evaluate(ratioAt, 0);
  if (ratio >= 1) {
    out.s = 0;
    out.ratio = ratio;
    out.limitingTissue = argmaxScratch[0];
    out.reason = 'start';
    out.evaluations = evaluations;
    return out;
  }
  let low = 0;
  let high = -1;
  for (let k = 1; k <= steps; k++) {
    const s = k / steps;
    evaluations++;
    ratio = evaluate(ratioAt, s);
    if (ratio >= 1) {
      high = s;
      break;
    }
    low = s;
  }
  if (high < 0) {
    out.s = 1;
    out.ratio = ratio;
    out.limitingTissue = -1;
    out.reason = 'range';
    out.evaluations = evaluations;
    return out;
  }
  // Bisection on [low, high]: r(low) < 1 <= r(high).
  let s = high;
  for (let k = 0; k < maxBisections && Math.abs(ratio - 1) > ratioTolerance && high - low > sTolerance; k++) {
    s = 0.5 * (low + high);
    evaluations++;
    ratio = evaluate(ratioAt, s);
    if (ratio >= 1) high = s;
    else low = s;
  }
  // Leave the state at the end of the bracket that is past (or at) the tolerance, unless the last midpoint is already within it.
  if (Math.abs(ratio - 1) > ratioTolerance && s !== high) {
    s = high;
    evaluations++;
    ratio = evaluate(ratioAt, s);
  }
  out.s = s;
  out.ratio = ratio;
  out.limitingTissue = argmaxScratch[0];
  out.reason = 'tissue';
  out.evaluations = evaluations;
  return out;
}
