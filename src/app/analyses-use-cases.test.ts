/**
 * The posture and toe-touch use-cases against the analyses they call: the toe-touch's
 * shared solver (tissue-law edits written in place) gives what a freshly compiled solver
 * gives, seeds reproduce, neutral impairments change nothing, and one released foot
 * changes the reach far less than two; the posture's kept baselines are always the ones a
 * cold solve gives, and its nominal-only result equals the nominal part of a sampled one.
 */
import { describe, expect, it } from 'vitest';
import { analyseSitAndReach } from '../analyses/sit-and-reach.js';
import { analyseToeTouch } from '../analyses/toe-touch.js';
import { applyModifiers } from '../analyses/uncertainty.js';
import { modifierNames, modifierRequests, parseModifierChoice, subjectScenario } from './modifiers.js';
import { findModifier } from '../library/modifier-catalogue.js';
import { clearPostureBaselineCache, postureAnalysis, postureBaselineCacheStats, type PostureLoads } from './posture.js';
import { toeTouchAnalysis } from './toe-touch.js';

const SLOW_MS = 300_000;

function requests(kind: 'impairment' | 'intervention', ...texts: string[]) {
  return modifierRequests(texts.map((text) => parseModifierChoice(text, kind)));
}

describe('toeTouchAnalysis', () => {
  const base = subjectScenario();

  it(
    'gives the reach of a freshly compiled solver, before and after, standing and seated',
    () => {
      const impairments = requests('impairment', 'tight-heel-cord:both=-5', 'painful-heel=0.5');
      const interventions = requests('intervention', 'plantar-release-ball:both', 'calf-stretch');
      const before = applyModifiers(base, impairments);
      const after = applyModifiers(before, interventions);
      const standing = toeTouchAnalysis({
        impairments: ['tight-heel-cord:both=-5', 'painful-heel=0.5'],
        interventions: ['plantar-release-ball:both', 'calf-stretch'],
        samples: 2,
      });
      expect(standing.before.reachCm).toBeCloseTo(-analyseToeTouch(before).fingertipToFloorCm, 9);
      expect(standing.after?.reachCm).toBeCloseTo(-analyseToeTouch(after).fingertipToFloorCm, 9);
      expect(standing.before.unimpairedReachCm).toBeCloseTo(-analyseToeTouch(base).fingertipToFloorCm, 9);
      const seated = toeTouchAnalysis({ interventions: ['plantar-release-ball:both'], seated: true, samples: 2 });
      expect(seated.after?.reachCm).toBeCloseTo(analyseSitAndReach(applyModifiers(base, requests('intervention', 'plantar-release-ball:both'))).reachCm, 9);
    },
    SLOW_MS,
  );

  it(
    'reproduces its intervals from the seed',
    () => {
      const request = { impairments: ['tight-hamstrings'], interventions: ['hamstring-stretch'], samples: 8 };
      const first = toeTouchAnalysis({ ...request, seed: 11 });
      const again = toeTouchAnalysis({ ...request, seed: 11 });
      const other = toeTouchAnalysis({ ...request, seed: 12 });
      expect(again.change).toEqual(first.change);
      expect(again.before).toEqual(first.before);
      expect(other.change?.interventionEffectCm.mean).not.toBe(first.change?.interventionEffectCm.mean);
      // The nominal values do not depend on the seed.
      expect(other.change?.interventionEffectCm.nominal).toBe(first.change?.interventionEffectCm.nominal);
    },
    SLOW_MS,
  );

  it(
    'one released foot changes the reach far less than two: the other side still stops the bend',
    () => {
      const one = toeTouchAnalysis({ interventions: ['plantar-release-ball'], samples: 10, seed: 2 });
      const two = toeTouchAnalysis({ interventions: ['plantar-release-ball:both'], samples: 10, seed: 2 });
      const oneEffect = one.change?.interventionEffectCm.nominal as number;
      const twoEffect = two.change?.interventionEffectCm.nominal as number;
      expect(twoEffect).toBeGreaterThan(0);
      expect(Math.abs(oneEffect)).toBeLessThan(0.25 * twoEffect);
    },
    SLOW_MS,
  );

  it(
    'interventions and impairments at their neutral severity change the reach by exactly zero',
    () => {
      const analysis = toeTouchAnalysis({
        impairments: ['tight-heel-cord=30', 'tight-hamstrings:both=120', 'achilles-tendinitis=0'],
        interventions: ['plantar-release-ball:both=0', 'calf-stretch=0'],
        samples: 5,
      });
      expect(analysis.before.impairmentEffectCm).toEqual({ nominal: 0, mean: 0, low: 0, high: 0 });
      expect(analysis.change?.interventionEffectCm).toEqual({ nominal: 0, mean: 0, low: 0, high: 0 });
      // Only the repeat test is left.
      expect(analysis.change?.meanCm).toBe(analysis.change?.repeatTestCm.mean);
    },
    SLOW_MS,
  );
});

describe('postureAnalysis', () => {
  it(
    'every impairment at its neutral severity changes nothing',
    () => {
      const neutral = modifierNames('impairment').map((name) => `${name}:both=${findModifier(name).severity.neutral}`);
      const analysis = postureAnalysis({ impairments: neutral, samples: 3 });
      expect(analysis.change?.l5s1CompressionN).toBe(0);
      expect(analysis.change?.l5s1CompressionInterval).toEqual([0, 0]);
      expect(analysis.change?.hamstringForceInterval).toEqual({ r: [0, 0], l: [0, 0] });
      expect(analysis.impaired?.jointAnglesDeg).toEqual(analysis.baseline.jointAnglesDeg);
    },
    SLOW_MS,
  );

  it(
    'reports a real impairment\'s change with intervals that bracket the sampled values and a path',
    () => {
      const analysis = postureAnalysis({ impairments: ['walking-boot'], samples: 4, seed: 5 });
      const change = analysis.change!;
      expect(change.footLoadN.r).toBeLessThan(0);
      expect(change.footLoadN.l).toBeGreaterThan(0);
      // Body weight stays on the feet: what the booted foot sheds, the other takes.
      expect(change.footLoadN.r + change.footLoadN.l).toBeCloseTo(0, 6);
      const impaired = analysis.impaired!;
      expect(change.l5s1CompressionInterval[0]).toBeCloseTo(impaired.l5s1CompressionInterval[0] - analysis.baseline.l5s1CompressionN, 9);
      expect(impaired.footLoadInterval.r[0]).toBeLessThanOrEqual(impaired.footLoadInterval.r[1]);
      expect(analysis.path?.text).toMatch(/L5\/S1 compression/);
      expect(analysis.impairments[0]).toMatchObject({ name: 'walking-boot', side: 'r', severity: 1, unit: 'fraction' });
    },
    SLOW_MS,
  );
});

/** The loads of a result without its intervals (the fields PostureLoads has). */
function loadsOnly(loads: PostureLoads): PostureLoads {
  const { status, l5s1CompressionN, l5s1ShearN, erectorSpinaeForceN, thoracolumbarFasciaTensionN, plantarFasciaForceN, achillesForceN } = loads;
  const { hamstringForceN, neckCompressionN, footLoadN, heelLoadN, centerOfPressure, centerOfMass, jointAnglesDeg, equilibriumResidual, maxReserve } = loads;
  return {
    status,
    l5s1CompressionN,
    l5s1ShearN,
    erectorSpinaeForceN,
    thoracolumbarFasciaTensionN,
    plantarFasciaForceN,
    achillesForceN,
    hamstringForceN,
    neckCompressionN,
    footLoadN,
    heelLoadN,
    centerOfPressure,
    centerOfMass,
    jointAnglesDeg,
    equilibriumResidual,
    maxReserve,
  };
}

describe('postureAnalysis: kept baselines and the nominal-only request', () => {
  const TIGHT = ['tight-heel-cord:both=-8'];

  it(
    'keeps one baseline per subject, never another subject\'s, and a kept one equals a cold solve',
    () => {
      clearPostureBaselineCache();
      const solvesAtStart = postureBaselineCacheStats().baselineSolves;
      const first = postureAnalysis({});
      expect(postureBaselineCacheStats().baselineSolves).toBe(solvesAtStart + 1);

      // The same subject again, with an impairment: the baseline is the kept one, not solved again.
      const impaired = postureAnalysis({ impairments: TIGHT, nominalOnly: true });
      expect(postureBaselineCacheStats().baselineSolves).toBe(solvesAtStart + 1);
      expect(impaired.baseline).toEqual(first.baseline);
      expect(impaired.nominal?.impaired.l5s1CompressionN).not.toBe(first.baseline.l5s1CompressionN);

      // Another subject has its own baseline: heavier, so more load at L5/S1.
      const heavier = postureAnalysis({ subject: { massKg: 95 } });
      expect(postureBaselineCacheStats().baselineSolves).toBe(solvesAtStart + 2);
      expect(heavier.bodyWeightN).toBeGreaterThan(first.bodyWeightN);
      expect(heavier.baseline.l5s1CompressionN).toBeGreaterThan(first.baseline.l5s1CompressionN);
      // And back: the default subject's kept baseline, unchanged by the solves in between.
      const again = postureAnalysis({});
      expect(postureBaselineCacheStats().baselineSolves).toBe(solvesAtStart + 2);
      expect(again).toEqual(first);

      // Nothing kept: everything solved cold with fresh workspaces gives the very same numbers.
      clearPostureBaselineCache();
      expect(postureBaselineCacheStats().entries).toBe(0);
      const cold = postureAnalysis({ impairments: TIGHT, nominalOnly: true });
      expect(postureBaselineCacheStats().baselineSolves).toBe(solvesAtStart + 3);
      expect(JSON.stringify(cold)).toBe(JSON.stringify(impaired));
    },
    SLOW_MS,
  );

  it(
    'forgets the oldest subject beyond its size and solves it again to the same baseline',
    () => {
      clearPostureBaselineCache();
      const reference = postureAnalysis({ subject: { heightM: 1.7 } });
      for (const massKg of [60, 65, 70, 80]) postureAnalysis({ subject: { heightM: 1.7, massKg } });
      expect(postureBaselineCacheStats().entries).toBe(4);
      const solves = postureBaselineCacheStats().baselineSolves;
      const again = postureAnalysis({ subject: { heightM: 1.7 } });
      expect(postureBaselineCacheStats().baselineSolves).toBe(solves + 1);
      expect(again).toEqual(reference);
    },
    SLOW_MS,
  );

  it(
    'nominalOnly gives the nominal loads and change of a sampled request, without intervals, in two solves',
    () => {
      const nominal = postureAnalysis({ impairments: TIGHT, nominalOnly: true });
      const sampled = postureAnalysis({ impairments: TIGHT, samples: 2, seed: 3 });
      expect(nominal.impaired).toBeUndefined();
      expect(nominal.change).toBeUndefined();
      expect(nominal.uncertainty).toMatchObject({ samples: 0, solves: 2, unconvergedSamples: 0, failedSamples: 0 });
      expect(nominal.nominal?.impaired).toEqual(loadsOnly(sampled.impaired!));
      const change = nominal.nominal!.change;
      expect(change.l5s1CompressionN).toBe(sampled.change!.l5s1CompressionN);
      expect(change.l5s1CompressionN).toBe(nominal.nominal!.impaired.l5s1CompressionN - nominal.baseline.l5s1CompressionN);
      expect(change.achillesForceN).toEqual(sampled.change!.achillesForceN);
      expect(nominal.path).toEqual(sampled.path);
      // Samples are still 1 or more for a request with intervals (the command line's --samples), and nominalOnly takes none.
      expect(() => postureAnalysis({ impairments: TIGHT, samples: 0 })).toThrow(/from 1 to 5000/);
      expect(() => postureAnalysis({ impairments: TIGHT, samples: 3, nominalOnly: true })).toThrow(/takes no samples/);
      // An impairment at its neutral severity is the baseline itself: no solve of its own, no change.
      const neutral = postureAnalysis({ impairments: [`tight-heel-cord:both=${findModifier('tight-heel-cord').severity.neutral}`], nominalOnly: true });
      expect(neutral.nominal?.change.l5s1CompressionN).toBe(0);
      expect(neutral.uncertainty?.solves).toBe(1);
    },
    SLOW_MS,
  );
});

