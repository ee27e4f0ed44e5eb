/**
 * Parsing of NAME[:SIDE][=SEVERITY] arguments, the both-sides modifier, the sampling
 * settings and the mechanical-equality check the use-cases rely on.
 */
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { sampleScenarios } from '../analyses/uncertainty.js';
import {
  bothSidesModifier,
  checkSampling,
  MAX_SAMPLES,
  modifierNames,
  modifierRequests,
  modifierSummaries,
  parseModifierChoice,
  sameMechanics,
  subjectScenario,
  summarizeChoice,
} from './modifiers.js';
import { findModifier } from '../library/modifier-catalogue.js';
import { applyModifiers } from '../analyses/uncertainty.js';

function errorOf(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('parseModifierChoice', () => {
  it('reads a name alone as the right side at the default severity', () => {
    expect(parseModifierChoice('tight-heel-cord', 'impairment')).toEqual({ name: 'tight-heel-cord', kind: 'impairment', side: 'r', severity: 0 });
    expect(parseModifierChoice(' plantar-release-ball ', 'intervention')).toEqual({
      name: 'plantar-release-ball',
      kind: 'intervention',
      side: 'r',
      severity: 1,
    });
  });

  it('reads a side and a severity in either presence', () => {
    expect(parseModifierChoice('tight-heel-cord:l=-5', 'impairment')).toMatchObject({ side: 'l', severity: -5 });
    expect(parseModifierChoice('tight-heel-cord:both', 'impairment')).toMatchObject({ side: 'both', severity: 0 });
    expect(parseModifierChoice('tight-heel-cord=5', 'impairment')).toMatchObject({ side: 'r', severity: 5 });
    expect(parseModifierChoice('painful-heel:R=0.25', 'impairment')).toMatchObject({ side: 'r', severity: 0.25 });
  });

  it('suggests close names of the same kind for an unknown name', () => {
    const error = errorOf(() => parseModifierChoice('tight-heelcord=5', 'impairment'));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toMatch(/unknown impairment "tight-heelcord" \(did you mean "tight-heel-cord"/);
    expect(error.message).toContain('known impairments: tight-plantar-fascia');
  });

  it('says when a name is a modifier of the other kind', () => {
    expect(errorOf(() => parseModifierChoice('plantar-release-ball', 'impairment')).message).toMatch(
      /"plantar-release-ball" is an intervention, not an impairment/,
    );
    expect(errorOf(() => parseModifierChoice('tight-heel-cord', 'intervention')).message).toMatch(/is an impairment, not an intervention/);
  });

  it.each([
    ['tight-heel-cord=abc', 'MALFORMED_INPUT', /severity of impairment "tight-heel-cord" must be a number in deg.*got "abc"/],
    ['tight-heel-cord=NaN', 'MALFORMED_INPUT', /must be a number/],
    ['tight-heel-cord=', 'MALFORMED_INPUT', /must be a number.*got ""/],
    ['tight-heel-cord=Infinity', 'MALFORMED_INPUT', /must be a number/],
    ['tight-heel-cord=45', 'OUT_OF_RANGE', /severity 45 deg of "tight-heel-cord" is outside its scale \[-20, 30\] deg/],
    ['painful-heel=-0.1', 'OUT_OF_RANGE', /outside its scale \[0, 1\]/],
    ['tight-heel-cord:x=5', 'MALFORMED_INPUT', /side "x" in "tight-heel-cord:x=5" must be r, l or both/],
    ['', 'MALFORMED_INPUT', /NAME\[:SIDE\]\[=SEVERITY\]/],
  ])('rejects %j with %s', (text, code, pattern) => {
    const error = errorOf(() => parseModifierChoice(text, 'impairment'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(pattern);
  });
});

describe('both sides', () => {
  const base = subjectScenario();

  it('applies the right then the left version with the same drawn parameters', () => {
    const [request] = modifierRequests([parseModifierChoice('painful-heel:both=1', 'impairment')]);
    const [sample] = sampleScenarios(base, [request], 1, 7);
    expect(sample.applied.map((entry) => entry.name)).toEqual(['painful-heel', 'painful-heel']);
    expect(sample.applied[0].parameters).toEqual(sample.applied[1].parameters);
    expect(sample.footLoading.maxHeelLoadFraction.r).toBe(sample.footLoading.maxHeelLoadFraction.l);
    expect(sample.footLoading.maxHeelLoadFraction.r).toBeLessThan(1);
    expect(sample.stretchToleranceScale.plantar_fascia_r).toBe(sample.stretchToleranceScale.plantar_fascia_l);
  });

  it('equals applying the two sides by hand', () => {
    const right = findModifier('walking-boot', 'r');
    const left = findModifier('walking-boot', 'l');
    const both = bothSidesModifier(right, left);
    const parameters = { footLoadFractionAtMaxSeverity: 0.35 };
    const byHand = left.apply(right.apply(base, 0.5, parameters), 0.5, parameters);
    expect(both.apply(base, 0.5, parameters)).toEqual(byHand);
    expect(both.title).toBe('Walking boot (right and left)');
    expect(both.severity.meaning).toMatch(/the right and left foot is spared/);
    expect(() => bothSidesModifier(right, findModifier('painful-heel', 'l'))).toThrow(KinechainError);
  });

  it('summarises a choice with its scale and sampled parameters', () => {
    const summary = summarizeChoice(parseModifierChoice('tight-plantar-fascia:both=2', 'impairment'));
    expect(summary).toMatchObject({ name: 'tight-plantar-fascia', side: 'both', severity: 2, unit: '%', neutral: 0 });
    expect(summary.title).toBe('Tight plantar fascia (right and left)');
    expect(summary.uncertainParameters).toEqual([{ name: 'modulusRatioAtMaxSeverity', value: 2.3, low: 1.8, high: 3, unit: 'ratio' }]);
  });
});

describe('catalogue, sampling settings and mechanical equality', () => {
  it('lists every impairment and intervention once, impairments first', () => {
    const summaries = modifierSummaries();
    expect(summaries.map((entry) => entry.name)).toEqual([...modifierNames('impairment'), ...modifierNames('intervention')]);
    expect(summaries.find((entry) => entry.name === 'tight-heel-cord')?.title).toBe('Tight heel cord (gastrocnemius-soleus)');
    for (const entry of summaries) expect(entry.title).not.toMatch(/right/);
  });

  it('accepts 1 to MAX_SAMPLES whole samples and whole seeds', () => {
    expect(checkSampling(undefined, undefined)).toEqual({ samples: 200, seed: 1 });
    expect(checkSampling(1, 0)).toEqual({ samples: 1, seed: 0 });
    expect(checkSampling(MAX_SAMPLES, -3)).toEqual({ samples: MAX_SAMPLES, seed: -3 });
    expect(errorOf(() => checkSampling(0, 1)).code).toBe('OUT_OF_RANGE');
    expect(errorOf(() => checkSampling(MAX_SAMPLES + 1, 1)).message).toMatch(/from 1 to 5000, got 5001/);
    expect(errorOf(() => checkSampling(2.5, 1)).code).toBe('OUT_OF_RANGE');
    expect(errorOf(() => checkSampling(Number.NaN, 1)).code).toBe('NOT_FINITE');
    expect(errorOf(() => checkSampling(10, 1.5)).code).toBe('MALFORMED_INPUT');
  });

  it('sees neutral severities as no change and real ones as a change', () => {
    const base = subjectScenario();
    expect(subjectScenario()).toBe(base);
    const neutral = applyModifiers(
      base,
      modifierRequests(
        ['tight-plantar-fascia=0', 'tight-heel-cord:both=30', 'painful-heel:both=0', 'walking-boot=0', 'achilles-tendinitis=0'].map((text) =>
          parseModifierChoice(text, 'impairment'),
        ),
      ),
    );
    expect(neutral.applied.length).toBeGreaterThan(0);
    expect(sameMechanics(neutral, base)).toBe(true);
    const boot = applyModifiers(base, modifierRequests([parseModifierChoice('walking-boot=1', 'impairment')]));
    expect(sameMechanics(boot, base)).toBe(false);
  });
});
