import { beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { impairmentCatalogue } from '../library/impairments.js';
import { interventionCatalogue } from '../library/interventions.js';
import { literature, literatureRange } from '../library/literature-value.js';
import { baselineScenario, nominalParameters, type ModifierDefinition, type Scenario } from '../library/scenario.js';
import { mulberry32 } from './seeded-random.js';
import {
  applyModifiers,
  compareWithUncertainty,
  interval,
  percentileOfSorted,
  sampleLiteratureValue,
  sampleScenarios,
  triangularQuantile,
} from './uncertainty.js';

const impairment = (name: string) => impairmentCatalogue().find((d) => d.name === name) as ModifierDefinition;
const intervention = (name: string) => interventionCatalogue().find((d) => d.name === name) as ModifierDefinition;

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof KinechainError) return error.code;
    throw error;
  }
  return 'none';
}

describe('interval', () => {
  it('gives type-7 percentiles, median and mean on a known set', () => {
    const summary = interval([5, 1, 4, 2, 3], 0.5);
    expect(summary).toMatchObject({ mean: 3, median: 3, low: 2, high: 4, count: 5, level: 0.5 });
    expect(percentileOfSorted([0, 10], 0.25)).toBe(2.5);
    expect(interval([7]).low).toBe(7);
    expect(interval([7]).high).toBe(7);
  });

  it('matches the analytic percentile interval of a uniform distribution within sampling error', () => {
    const random = mulberry32(99);
    const values = Array.from({ length: 20_000 }, () => 2 + 3 * random());
    const summary = interval(values, 0.95);
    // Uniform on [2, 5]: 2.5th and 97.5th percentiles 2.075 and 4.925; the standard error of a
    // tail percentile is sqrt(p(1-p)/n) * width = 0.0033: allow 4 of them.
    expect(Math.abs(summary.low - 2.075)).toBeLessThan(0.014);
    expect(Math.abs(summary.high - 4.925)).toBeLessThan(0.014);
    expect(Math.abs(summary.median - 3.5)).toBeLessThan(0.03);
    expect(Math.abs(summary.mean - 3.5)).toBeLessThan(0.03);
  });

  it('rejects empty input, non-finite values and bad levels', () => {
    expect(code(() => interval([]))).toBe('MALFORMED_INPUT');
    expect(code(() => interval([1, Number.NaN]))).toBe('NOT_FINITE');
    expect(code(() => interval([1, 2], 1))).toBe('OUT_OF_RANGE');
    expect(code(() => interval([1, 2], 0))).toBe('OUT_OF_RANGE');
  });
});

describe('triangular sampling', () => {
  it('inverts the triangular CDF', () => {
    expect(triangularQuantile(1, 2, 4, 0)).toBe(1);
    expect(triangularQuantile(1, 2, 4, 1)).toBe(4);
    // CDF at the mode is (mode - low) / (high - low).
    expect(triangularQuantile(1, 2, 4, 1 / 3)).toBeCloseTo(2, 12);
    expect(triangularQuantile(3, 3, 3, 0.7)).toBe(3);
    expect(code(() => triangularQuantile(1, 5, 4, 0.5))).toBe('OUT_OF_RANGE');
  });

  it('draws with the triangular mean and covers the whole range', () => {
    const entry = literature(0.3, 'fraction', 'test', [0.1, 0.9]);
    const random = mulberry32(5);
    const values = Array.from({ length: 20_000 }, () => sampleLiteratureValue(entry, random));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    // Mean (a + b + c) / 3 = 0.4333; sd = sqrt((a^2+b^2+c^2-ab-ac-bc)/18) = 0.165; standard error 0.0012.
    expect(Math.abs(mean - 1.3 / 3)).toBeLessThan(0.006);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.9);
    expect(Math.min(...values)).toBeLessThan(0.12);
    expect(Math.max(...values)).toBeGreaterThan(0.85);
    expect(sampleLiteratureValue(literature(2, 'm', 'fixed'), random)).toBe(2);
  });
});

describe('sampling scenarios', () => {
  let base: Scenario;
  beforeAll(() => {
    base = baselineScenario(buildBody(DEFAULT_SUBJECT));
  });

  it('is reproducible with a seed, differs with another, and covers every parameter range', () => {
    const modifiers = [
      { definition: impairment('painful-heel'), severity: 0.8 },
      { definition: intervention('calf-stretch'), severity: 1 },
    ];
    const first = sampleScenarios(base, modifiers, 300, 11);
    const again = sampleScenarios(base, modifiers, 300, 11);
    const other = sampleScenarios(base, modifiers, 300, 12);
    const parametersOf = (samples: Scenario[]) => samples.map((s) => s.applied.map((a) => a.parameters));
    expect(parametersOf(again)).toEqual(parametersOf(first));
    expect(parametersOf(other)).not.toEqual(parametersOf(first));
    modifiers.forEach((request, m) => {
      for (const [key, entry] of Object.entries(request.definition.parameters)) {
        const [low, high] = literatureRange(entry);
        const drawn = first.map((s) => s.applied[m].parameters[key]);
        expect(Math.min(...drawn), key).toBeGreaterThanOrEqual(low);
        expect(Math.max(...drawn), key).toBeLessThanOrEqual(high);
        expect(Math.min(...drawn) - low, key).toBeLessThan(0.1 * (high - low));
        expect(high - Math.max(...drawn), key).toBeLessThan(0.1 * (high - low));
      }
    });
    // The drawn parameters are the ones applied: the heel limit follows from them exactly.
    for (const sample of first) {
      const heel = sample.applied[0].parameters.heelLoadFractionAtMaxSeverity;
      expect(sample.footLoading.maxHeelLoadFraction.r).toBeCloseTo(1 - 0.8 * (1 - heel), 12);
    }
    expect(code(() => sampleScenarios(base, modifiers, 0, 1))).toBe('OUT_OF_RANGE');
  });

  it('applyModifiers uses nominal parameters when none are given', () => {
    const definition = impairment('forefoot-fracture');
    const nominal = applyModifiers(base, [{ definition, severity: 1 }]);
    expect(nominal.applied[0].parameters).toEqual(nominalParameters(definition));
  });
});

describe('compareWithUncertainty', () => {
  let base: Scenario;
  beforeAll(() => {
    base = baselineScenario(buildBody(DEFAULT_SUBJECT));
  });
  const footLimit = (scenario: Scenario) => scenario.footLoading.maxFootLoadFraction.r;

  it('returns per-sample differences that follow from the drawn parameters, with a reproducible summary', () => {
    const modifiers = [{ definition: impairment('forefoot-fracture'), severity: 1 }];
    let progress = 0;
    const result = compareWithUncertainty(base, modifiers, footLimit, { samples: 50, seed: 3, onProgress: () => progress++ });
    expect(progress).toBe(50);
    expect(result.nominal).toEqual({ before: 1, after: 0.25, difference: -0.75 });
    expect(result.before.every((value) => value === 1)).toBe(true);
    for (let i = 0; i < 50; i++) expect(result.difference[i]).toBeCloseTo(result.after[i] - 1, 15);
    const summary = result.differenceSummary;
    expect(summary.low).toBeLessThanOrEqual(summary.mean);
    expect(summary.mean).toBeLessThanOrEqual(summary.high);
    expect(summary.low).toBeGreaterThanOrEqual(-0.9);
    expect(summary.high).toBeLessThanOrEqual(-0.5);
    const again = compareWithUncertainty(base, modifiers, footLimit, { samples: 50, seed: 3 });
    expect(again.difference).toEqual(result.difference);
  });

  it('pairs the arms through the shared base modifiers', () => {
    // Before: a fracture; after: the same fracture (same draw) plus a boot. The ratio after/before is the boot alone.
    const result = compareWithUncertainty(base, [{ definition: impairment('walking-boot'), severity: 1 }], footLimit, {
      samples: 40,
      seed: 8,
      baseModifiers: [{ definition: impairment('forefoot-fracture'), severity: 1 }],
    });
    const ratios = result.after.map((after, i) => after / result.before[i]);
    for (const ratio of ratios) {
      expect(ratio).toBeGreaterThanOrEqual(0.3 - 1e-12);
      expect(ratio).toBeLessThanOrEqual(0.5 + 1e-12);
    }
    expect(new Set(result.before).size).toBeGreaterThan(1);
  });

  it('rejects non-finite evaluations', () => {
    const modifiers = [{ definition: impairment('forefoot-fracture'), severity: 1 }];
    expect(code(() => compareWithUncertainty(base, modifiers, () => Number.NaN, { samples: 2 }))).toBe('NOT_FINITE');
  });
});
