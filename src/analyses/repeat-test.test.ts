import { describe, expect, it } from 'vitest';
import { SIT_AND_REACH_REPEAT_GAIN } from '../library/repeat-test-effect.js';
import { correctForRepeatTest, expectedObservedChange } from './repeat-test.js';

describe('repeat-test correction (Grabow et al. 2017)', () => {
  it('keeps the published value with its range and source', () => {
    expect(SIT_AND_REACH_REPEAT_GAIN.value).toBe(0.066);
    expect(SIT_AND_REACH_REPEAT_GAIN.low).toBeLessThan(0.066);
    expect(SIT_AND_REACH_REPEAT_GAIN.high).toBeGreaterThan(0.066);
    expect(SIT_AND_REACH_REPEAT_GAIN.source).toContain('Grabow');
  });

  it('at zero true effect (the score rose by the repetition gain only) the intervention effect interval contains 0', () => {
    const before = 25;
    const report = correctForRepeatTest(before, before * 1.066, { seed: 4 });
    expect(report.rawChange).toBeCloseTo(1.65, 12);
    expect(report.interventionEffect.low).toBeLessThan(0);
    expect(report.interventionEffect.high).toBeGreaterThan(0);
    expect(Math.abs(report.interventionEffect.median)).toBeLessThan(0.1);
    // The expected repetition change is the gain times the first score, with the gain's triangular mean (0.066).
    expect(report.expectedRepeatChange.mean).toBeCloseTo(before * 0.066, 1);
    expect(report.expectedRepeatChange.low).toBeGreaterThanOrEqual(before * 0.02);
    expect(report.expectedRepeatChange.high).toBeLessThanOrEqual(before * 0.112);
  });

  it('an unchanged score means a negative effect net of repetition, and a large rise a positive one', () => {
    const flat = correctForRepeatTest(25, 25);
    expect(flat.rawChange).toBe(0);
    expect(flat.interventionEffect.high).toBeLessThan(0);
    const large = correctForRepeatTest(25, 30);
    expect(large.interventionEffect.low).toBeGreaterThan(0);
    expect(large.interventionEffect.high).toBeLessThan(5);
  });

  it('adds the repetition gain to a predicted effect to give the change a clinician would observe', () => {
    const effects = Array.from({ length: 200 }, () => 0);
    const { observedChange, repeatChange } = expectedObservedChange(20, effects, { seed: 2 });
    expect(observedChange.mean).toBeCloseTo(repeatChange.mean, 12);
    expect(observedChange.low).toBeGreaterThan(0);
  });

  it('is reproducible with a seed', () => {
    expect(correctForRepeatTest(20, 22, { seed: 9 })).toEqual(correctForRepeatTest(20, 22, { seed: 9 }));
  });
});
