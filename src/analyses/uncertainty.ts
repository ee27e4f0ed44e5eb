/**
 * Uncertainty intervals by sampling: every uncertain parameter of the applied modifiers is
 * drawn from its LiteratureValue range, the scenario is rebuilt with the drawn values, and
 * the quantity of interest is evaluated on each sample. Intervals are percentile intervals
 * of the samples (2.5-97.5% by default), never a fixed +-.
 *
 * Distribution: triangular on [low, high] with its mode at the nominal value. Published
 * ranges are mostly extremes or confidence limits around a best estimate, not fitted
 * distributions; the triangle keeps the best estimate the most likely value while still
 * reaching both ends of the range, and needs no further assumption. (A uniform draw would
 * weight the ends as much as the estimate; a normal one would need a standard deviation
 * nobody reported.) Parameters without a range keep their nominal value.
 *
 * Reproducibility: one mulberry32 stream per call, seeded by the caller; parameters are
 * drawn sample by sample, modifier by modifier, in the order of each definition's
 * parameters, so a seed always gives the same samples.
 */
import { KinechainError, requireFinite } from '../core/errors.js';
import { literatureRange, type LiteratureValue } from '../library/literature-value.js';
import { nominalParameters, type ModifierDefinition, type Scenario } from '../library/scenario.js';
import { mulberry32, type RandomSource } from './seeded-random.js';

/** A modifier to apply at a severity. */
export interface ModifierRequest {
  readonly definition: ModifierDefinition;
  readonly severity: number;
}

/** Summary of samples: mean, median and the percentile interval [low, high] at `level`. */
export interface IntervalSummary {
  readonly mean: number;
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly count: number;
}

/**
 * A draw from the triangular distribution on [low, high] with mode `mode`, by inverting
 * its CDF at u in [0, 1).
 */
export function triangularQuantile(low: number, mode: number, high: number, u: number): number {
  if (!(low <= mode && mode <= high)) {
    throw new KinechainError('OUT_OF_RANGE', `triangular distribution needs low <= mode <= high, got ${low}, ${mode}, ${high}`);
  }
  const width = high - low;
  if (width === 0) return low;
  const split = (mode - low) / width;
  return u < split ? low + Math.sqrt(u * width * (mode - low)) : high - Math.sqrt((1 - u) * width * (high - mode));
}

/** One draw of a LiteratureValue (its nominal value when it has no range). */
export function sampleLiteratureValue(entry: LiteratureValue, random: RandomSource): number {
  const [low, high] = literatureRange(entry);
  if (!(high > low)) return entry.value;
  return triangularQuantile(low, entry.value, high, random());
}

/** One draw of every parameter of a modifier, in the order of its definition. */
export function sampleParameters(definition: ModifierDefinition, random: RandomSource): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, entry] of Object.entries(definition.parameters)) values[key] = sampleLiteratureValue(entry, random);
  return values;
}

/**
 * Applies the modifiers in order. `parameterSets[i]` holds the parameters of modifier i
 * (nominal values when absent).
 */
export function applyModifiers(
  base: Scenario,
  modifiers: readonly ModifierRequest[],
  parameterSets?: readonly Readonly<Record<string, number>>[],
): Scenario {
  let scenario = base;
  modifiers.forEach((request, i) => {
    const parameters = parameterSets?.[i] ?? nominalParameters(request.definition);
    scenario = request.definition.apply(scenario, request.severity, parameters);
  });
  return scenario;
}

function checkCount(count: number, what: string): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new KinechainError('OUT_OF_RANGE', `${what} must be a positive integer, got ${String(count)}`, { what, value: count });
  }
  return count;
}

/** Draws the parameters of every modifier for `count` samples from one seeded stream. */
function drawParameterSets(modifiers: readonly ModifierRequest[], count: number, random: RandomSource): Record<string, number>[][] {
  const sets: Record<string, number>[][] = [];
  for (let sample = 0; sample < count; sample++) sets.push(modifiers.map((request) => sampleParameters(request.definition, random)));
  return sets;
}

/**
 * `count` scenarios: the base with the modifiers applied, each with its own draw of every
 * uncertain parameter (recorded in scenario.applied). Same seed, same scenarios.
 */
export function sampleScenarios(base: Scenario, modifiers: readonly ModifierRequest[], count: number, seed: number): Scenario[] {
  checkCount(count, 'sample count');
  const sets = drawParameterSets(modifiers, count, mulberry32(seed));
  return sets.map((set) => applyModifiers(base, modifiers, set));
}

/**
 * Percentile of sorted values at probability p (linear interpolation between order
 * statistics: Hyndman & Fan 1996 type 7, the default of R and NumPy).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new KinechainError('MALFORMED_INPUT', 'no values to take a percentile of');
  if (!(p >= 0 && p <= 1)) throw new KinechainError('OUT_OF_RANGE', `percentile probability must lie in [0, 1], got ${p}`);
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

/** Mean, median and the central percentile interval of `values` at `level` (0.95: the 2.5th and 97.5th percentiles). */
export function interval(values: ArrayLike<number>, level = 0.95): IntervalSummary {
  if (!(level > 0 && level < 1)) {
    throw new KinechainError('OUT_OF_RANGE', `interval level must lie strictly between 0 and 1, got ${level}`, { level });
  }
  const count = values.length;
  if (count === 0) throw new KinechainError('MALFORMED_INPUT', 'no values to summarise; give at least one sample');
  const sorted = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const value = requireFinite(values[i], `sample ${i}`);
    sorted[i] = value;
    sum += value;
  }
  sorted.sort();
  const tail = (1 - level) / 2;
  return {
    mean: sum / count,
    median: percentileOfSorted(sorted, 0.5),
    low: percentileOfSorted(sorted, tail),
    high: percentileOfSorted(sorted, 1 - tail),
    level,
    count,
  };
}

export interface ComparisonOptions {
  /** Number of samples (default 200). */
  readonly samples?: number;
  /** Seed of the sampling stream (default 1). */
  readonly seed?: number;
  /** Interval level (default 0.95). */
  readonly level?: number;
  /**
   * Modifiers applied to both arms with the same draw (e.g. the impairment a treatment is
   * tried on): the comparison is then paired sample by sample. Without them the "before"
   * arm has nothing uncertain and is evaluated once.
   */
  readonly baseModifiers?: readonly ModifierRequest[];
  /** Called after each sample with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ComparisonResult {
  /** Evaluation at the nominal value of every parameter. */
  readonly nominal: { readonly before: number; readonly after: number; readonly difference: number };
  /** Per-sample values; difference[i] = after[i] - before[i] (paired: same draw of the shared parameters). */
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly difference: readonly number[];
  readonly beforeSummary: IntervalSummary;
  readonly afterSummary: IntervalSummary;
  readonly differenceSummary: IntervalSummary;
  readonly seed: number;
}

/**
 * Before/after comparison with uncertainty: `after` = the base (with baseModifiers) plus
 * `modifiers`, evaluated on `samples` draws of every uncertain parameter; `before` = the
 * base with the same draw of the baseModifiers' parameters. Returns the per-sample paired
 * differences and their summary, and the nominal result. `evaluate` must be pure (it may
 * compile and solve; it must not keep state between calls that changes its answers).
 */
export function compareWithUncertainty(
  baseScenario: Scenario,
  modifiers: readonly ModifierRequest[],
  evaluate: (scenario: Scenario) => number,
  options: ComparisonOptions = {},
): ComparisonResult {
  const samples = checkCount(options.samples ?? 200, 'sample count');
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.95;
  const baseModifiers = options.baseModifiers ?? [];
  const random = mulberry32(seed);

  const evaluateChecked = (scenario: Scenario, what: string): number => requireFinite(evaluate(scenario), what);
  const nominalBase = applyModifiers(baseScenario, baseModifiers);
  const nominalBefore = evaluateChecked(nominalBase, 'evaluation of the nominal "before" scenario');
  const nominalAfter = evaluateChecked(applyModifiers(nominalBase, modifiers), 'evaluation of the nominal "after" scenario');

  const before: number[] = [];
  const after: number[] = [];
  const difference: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const baseSets = baseModifiers.map((request) => sampleParameters(request.definition, random));
    const sets = modifiers.map((request) => sampleParameters(request.definition, random));
    const sampledBase = baseModifiers.length > 0 ? applyModifiers(baseScenario, baseModifiers, baseSets) : baseScenario;
    const beforeValue = baseModifiers.length > 0 ? evaluateChecked(sampledBase, `evaluation of "before" sample ${sample}`) : nominalBefore;
    const afterValue = evaluateChecked(applyModifiers(sampledBase, modifiers, sets), `evaluation of "after" sample ${sample}`);
    before.push(beforeValue);
    after.push(afterValue);
    difference.push(afterValue - beforeValue);
    options.onProgress?.(sample + 1, samples);
  }
  return {
    nominal: { before: nominalBefore, after: nominalAfter, difference: nominalAfter - nominalBefore },
    before,
    after,
    difference,
    beforeSummary: interval(before, level),
    afterSummary: interval(after, level),
    differenceSummary: interval(difference, level),
    seed,
  };
}
