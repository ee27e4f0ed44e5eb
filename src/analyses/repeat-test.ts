/**
 * Before/after comparison of a flexibility score corrected for the repeat-test effect
 * (SIT_AND_REACH_REPEAT_GAIN, Grabow et al. 2017: a repeated sit-and-reach score rises by
 * about 6.6% with no treatment).
 *
 * For a measured pair (before, after) on a sit-and-reach-type scale (larger = more reach,
 * measured from the test's own zero, e.g. cm on the box), the report gives:
 * - the raw change, after - before;
 * - the change expected from repetition alone, gain x before, with gain drawn from its
 *   range (triangular, uncertainty.ts);
 * - the change attributable to the intervention, raw - repetition, with its interval.
 * The percentage applies to scores on the scale Grabow et al. used; a score measured from
 * another zero (e.g. fingertip-to-floor distance) must be converted before correcting.
 *
 * For a model prediction the opposite question is useful: what change would a clinician
 * observe on re-testing? expectedObservedChange adds the repetition gain to the predicted
 * effect of the intervention, sample by sample.
 */
import { KinechainError, requireFinite } from '../core/errors.js';
import type { LiteratureValue } from '../library/literature-value.js';
import { SIT_AND_REACH_REPEAT_GAIN } from '../library/repeat-test-effect.js';
import { mulberry32 } from './seeded-random.js';
import { interval, sampleLiteratureValue, type IntervalSummary } from './uncertainty.js';

export interface RepeatTestOptions {
  /** Samples of the repetition gain (default 2000). */
  readonly samples?: number;
  readonly seed?: number;
  readonly level?: number;
  /** The repetition gain to use (default SIT_AND_REACH_REPEAT_GAIN). */
  readonly repeatGain?: LiteratureValue;
}

export interface RepeatTestReport {
  readonly before: number;
  readonly after: number;
  /** after - before. */
  readonly rawChange: number;
  /** Change expected from repeating the test alone (gain x before). */
  readonly expectedRepeatChange: IntervalSummary;
  /** rawChange minus the repetition change: the part attributable to the intervention. */
  readonly interventionEffect: IntervalSummary;
  /** The repetition gain used, with its source. */
  readonly repeatGain: LiteratureValue;
}

function gainSamples(options: RepeatTestOptions): { gains: Float64Array; gain: LiteratureValue } {
  const count = options.samples ?? 2000;
  if (!Number.isInteger(count) || count < 1) {
    throw new KinechainError('OUT_OF_RANGE', `sample count must be a positive integer, got ${String(count)}`);
  }
  const gain = options.repeatGain ?? SIT_AND_REACH_REPEAT_GAIN;
  const random = mulberry32(options.seed ?? 1);
  const gains = new Float64Array(count);
  for (let i = 0; i < count; i++) gains[i] = sampleLiteratureValue(gain, random);
  return { gains, gain };
}

/** Corrects a measured before/after pair for the repeat-test effect. */
export function correctForRepeatTest(before: number, after: number, options: RepeatTestOptions = {}): RepeatTestReport {
  requireFinite(before, 'score before');
  requireFinite(after, 'score after');
  const { gains, gain } = gainSamples(options);
  const level = options.level ?? 0.95;
  const rawChange = after - before;
  const repeatChange = new Float64Array(gains.length);
  const effect = new Float64Array(gains.length);
  for (let i = 0; i < gains.length; i++) {
    // Grabow's percentage is of the first score's magnitude on a scale where more is better.
    repeatChange[i] = gains[i] * Math.abs(before);
    effect[i] = rawChange - repeatChange[i];
  }
  return {
    before,
    after,
    rawChange,
    expectedRepeatChange: interval(repeatChange, level),
    interventionEffect: interval(effect, level),
    repeatGain: gain,
  };
}

/**
 * The change a clinician would observe when re-testing after an intervention whose effect
 * the model predicts (`predictedEffects`: samples of the effect, e.g. the differences of
 * compareWithUncertainty): effect + gain x before, one gain draw per effect sample.
 */
export function expectedObservedChange(
  before: number,
  predictedEffects: readonly number[],
  options: Omit<RepeatTestOptions, 'samples'> = {},
): { readonly observedChange: IntervalSummary; readonly repeatChange: IntervalSummary } {
  requireFinite(before, 'score before');
  const { gains } = gainSamples({ ...options, samples: Math.max(1, predictedEffects.length) });
  if (predictedEffects.length === 0) throw new KinechainError('MALFORMED_INPUT', 'no predicted effect samples given');
  const repeat = new Float64Array(predictedEffects.length);
  const observed = new Float64Array(predictedEffects.length);
  for (let i = 0; i < predictedEffects.length; i++) {
    repeat[i] = gains[i] * Math.abs(before);
    observed[i] = requireFinite(predictedEffects[i], `predicted effect sample ${i}`) + repeat[i];
  }
  const level = options.level ?? 0.95;
  return { observedChange: interval(observed, level), repeatChange: interval(repeat, level) };
}
