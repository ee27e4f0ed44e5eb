/**
 * A number taken from the literature, kept with where it came from and how uncertain it is.
 *
 * Every parameter of the default body and its tissues is a LiteratureValue, so an analysis
 * can report a result with an interval by sampling the parameters between `low` and `high`
 * instead of trusting a single value. Where no range is known, `low` and `high` are absent
 * and the value is treated as fixed (the source string then says why).
 */
import { KinechainError } from '../core/errors.js';

export interface LiteratureValue {
  /** Nominal value used to build the default body (unit in `unit`). */
  readonly value: number;
  /** Lower end of the published or assumed range, if one is known. */
  readonly low?: number;
  /** Upper end of the published or assumed range, if one is known. */
  readonly high?: number;
  /** Unit of value/low/high, e.g. "fraction of stature", "N", "m", "rad". */
  readonly unit: string;
  /** Authors, year, journal (and table) or "assumption: ..." with the reasoning. */
  readonly source: string;
}

/**
 * Builds a LiteratureValue, checking that the nominal value lies inside its range.
 * `range` is [low, high] when a range is known.
 */
export function literature(
  value: number,
  unit: string,
  source: string,
  range?: readonly [number, number],
): LiteratureValue {
  if (!Number.isFinite(value)) {
    throw new KinechainError('NOT_FINITE', `literature value from "${source}" is not finite (${String(value)})`);
  }
  if (range === undefined) return Object.freeze({ value, unit, source });
  const [low, high] = range;
  if (!(low <= value && value <= high)) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `literature value ${value} ${unit} from "${source}" lies outside its own range [${low}, ${high}]; fix the table entry`,
      { value, low, high, source },
    );
  }
  return Object.freeze({ value, low, high, unit, source });
}

/** The interval [low, high] of a value; [value, value] when no range is known. */
export function literatureRange(entry: LiteratureValue): [number, number] {
  return [entry.low ?? entry.value, entry.high ?? entry.value];
}

/** True if the value carries a range of non-zero width (worth sampling). */
export function isUncertain(entry: LiteratureValue): boolean {
  const [low, high] = literatureRange(entry);
  return high > low;
}

/**
 * The value at `position` in [0, 1] across the range (0 = low, 1 = high), for sampling
 * uncertain parameters (e.g. Latin hypercube). Values without a range return `value`.
 */
export function literatureAt(entry: LiteratureValue, position: number): number {
  if (!(position >= 0 && position <= 1)) {
    throw new KinechainError('OUT_OF_RANGE', `sampling position must lie in [0, 1], got ${String(position)}`);
  }
  const [low, high] = literatureRange(entry);
  return low + (high - low) * position;
}
