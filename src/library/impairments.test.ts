import { beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import { setPose } from '../core/model/pose.js';
import { momentArms } from '../core/paths/moment-arm.js';
import { pathLength } from '../core/paths/path-length.js';
import { tissueForces, tissueGeneralizedForces } from '../core/tissues/tissue-forces.js';
import { compile } from '../spec/compile.js';
import {
  clinicalEndRangeDeg,
  dorsiflexionTest,
  KNEE_EXTENDED_DORSIFLEXION_NORM,
  KNEE_FLEXED_TEST_ANGLE_RAD,
  referenceEndRangeTorqueNm,
  STRAIGHT_LEG_RAISE_NORM,
  straightLegRaiseTest,
} from './clinical-range-tests.js';
import { buildBody, DEFAULT_SUBJECT } from './default-body.js';
import { bodyWeightN, impairmentCatalogue, tightHamstrings, tightHeelCord } from './impairments.js';
import { interventionCatalogue } from './interventions.js';
import { literatureRange } from './literature-value.js';
import { baselineScenario, nominalParameters, type ModifierDefinition, type Scenario } from './scenario.js';

const DEG = Math.PI / 180;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof KinechainError) return error.code;
    throw error;
  }
  return 'none';
}

/** Parameters at the low or high end of every range. */
function parametersAt(definition: ModifierDefinition, end: 0 | 1): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, entry] of Object.entries(definition.parameters)) values[key] = literatureRange(entry)[end];
  return values;
}

/** The resisting torque of the relaxed tissues of a compiled spec, straight from the core algorithms. */
function resistanceNm(scenario: Scenario, coordinate: string, pose: Record<string, number>): number {
  const model = compile(scenario.spec);
  const data = makeData(model);
  forwardKinematics(model, data, setPose(model, pose));
  pathLength(model, data);
  momentArms(model, data);
  data.tissueActivation.fill(0);
  tissueForces(model, data);
  const tau = new Float64Array(model.nq);
  tissueGeneralizedForces(model, data, tau);
  return -tau[model.coordinateIndex.get(coordinate) as number];
}

const ALL = (): ModifierDefinition[] => [
  ...impairmentCatalogue('r'),
  ...impairmentCatalogue('l'),
  ...interventionCatalogue('r'),
  ...interventionCatalogue('l'),
];

describe('modifier catalogues', () => {
  let base: Scenario;
  beforeAll(() => {
    base = deepFreeze(baselineScenario(buildBody(DEFAULT_SUBJECT)));
  });

  it('lists the documented impairments and interventions, each with a source and a severity scale', () => {
    expect(impairmentCatalogue().map((d) => d.name)).toEqual([
      'tight-plantar-fascia',
      'tight-heel-cord',
      'tight-hamstrings',
      'painful-heel',
      'forefoot-fracture',
      'walking-boot',
      'achilles-tendinitis',
      'leg-length-difference',
    ]);
    expect(interventionCatalogue().map((d) => d.name)).toEqual(['plantar-release-ball', 'calf-stretch', 'hamstring-stretch']);
    for (const definition of ALL()) {
      expect(definition.source.length, definition.name).toBeGreaterThan(20);
      expect(definition.kind).toBe(impairmentCatalogue().some((d) => d.name === definition.name) ? 'impairment' : 'intervention');
      const scale = definition.severity;
      expect(scale.min, definition.name).toBeLessThan(scale.max);
      expect(scale.neutral).toBeGreaterThanOrEqual(scale.min);
      expect(scale.neutral).toBeLessThanOrEqual(scale.max);
      expect(scale.default).toBeGreaterThanOrEqual(scale.min);
      expect(scale.default).toBeLessThanOrEqual(scale.max);
      expect(scale.unit.length).toBeGreaterThan(0);
      expect(scale.meaning.length).toBeGreaterThan(10);
      for (const [key, entry] of Object.entries(definition.parameters)) {
        expect(entry.source.length, `${definition.name}.${key}`).toBeGreaterThan(10);
        const [low, high] = literatureRange(entry);
        expect(low, `${definition.name}.${key}`).toBeLessThan(high);
      }
    }
  });

  it('the neutral severity changes nothing, at any parameter values, on either side', () => {
    for (const definition of ALL()) {
      for (const parameters of [nominalParameters(definition), parametersAt(definition, 0), parametersAt(definition, 1)]) {
        const after = definition.apply(base, definition.severity.neutral, parameters);
        expect(after.spec, definition.name).toEqual(base.spec);
        expect(after.footLoading).toEqual(base.footLoading);
        expect(after.tissueForceLimitN).toEqual(base.tissueForceLimitN);
        expect(after.stretchToleranceScale).toEqual(base.stretchToleranceScale);
        expect(after.restingActivation).toEqual(base.restingActivation);
        expect(after.applied).toHaveLength(1);
        expect(after.applied[0]).toMatchObject({ name: definition.name, kind: definition.kind, severity: definition.severity.neutral });
      }
    }
  });

  it('apply is pure: a deep-frozen input is neither mutated nor rejected', () => {
    const snapshot = JSON.stringify(base);
    for (const definition of ALL()) {
      const after = definition.apply(base, definition.severity.default, nominalParameters(definition));
      expect(after).not.toBe(base);
    }
    expect(JSON.stringify(base)).toBe(snapshot);
  });

  it('rejects severities off the scale, non-finite severities and bad parameters', () => {
    for (const definition of ALL()) {
      const nominal = nominalParameters(definition);
      const scale = definition.severity;
      expect(errorCode(() => definition.apply(base, scale.max + 1e-6 * (scale.max - scale.min) + 1e-9, nominal)), definition.name).toBe(
        'OUT_OF_RANGE',
      );
      expect(errorCode(() => definition.apply(base, scale.min - 1, nominal))).toBe('OUT_OF_RANGE');
      expect(errorCode(() => definition.apply(base, Number.NaN, nominal))).toBe('NOT_FINITE');
      expect(errorCode(() => definition.apply(base, scale.default, { ...nominal, notAParameter: 1 }))).toBe('UNKNOWN_NAME');
      for (const [key, entry] of Object.entries(definition.parameters)) {
        const [, high] = literatureRange(entry);
        expect(errorCode(() => definition.apply(base, scale.default, { ...nominal, [key]: high + Math.abs(high) + 1 }))).toBe('OUT_OF_RANGE');
        const missing: Record<string, number> = { ...nominal };
        delete missing[key];
        expect(errorCode(() => definition.apply(base, scale.default, missing))).toBe('NOT_FINITE');
      }
    }
  });

  it('the reference body tests at the normative ranges by construction', () => {
    for (const normal of [KNEE_EXTENDED_DORSIFLEXION_NORM.value, KNEE_EXTENDED_DORSIFLEXION_NORM.high as number]) {
      const torque = referenceEndRangeTorqueNm(base.spec, dorsiflexionTest('r', 1), normal * DEG);
      expect(torque).toBeGreaterThan(0);
      expect(clinicalEndRangeDeg(base.spec, dorsiflexionTest('r', torque)).rangeDeg).toBeCloseTo(normal, 6);
    }
    const slrTorque = referenceEndRangeTorqueNm(base.spec, straightLegRaiseTest('l', 1), STRAIGHT_LEG_RAISE_NORM.value * DEG);
    expect(clinicalEndRangeDeg(base.spec, straightLegRaiseTest('l', slrTorque)).rangeDeg).toBeCloseTo(STRAIGHT_LEG_RAISE_NORM.value, 6);
  });

  it('tight-heel-cord at X deg gives a knee-extended dorsiflexion end range of X deg, and more with the knee flexed', () => {
    for (const side of ['r', 'l'] as const) {
      for (const targetDeg of [-10, -5, 0]) {
        for (const normal of [KNEE_EXTENDED_DORSIFLEXION_NORM.value, KNEE_EXTENDED_DORSIFLEXION_NORM.high as number]) {
          const after = tightHeelCord(side).apply(base, targetDeg, { normalRangeDeg: normal });
          const derived = after.applied[0].parameters;
          expect(derived['derived:fibreShorteningFraction']).toBeGreaterThan(0);
          const torque = derived['derived:endRangeTorqueNm'];
          expect(torque).toBeCloseTo(referenceEndRangeTorqueNm(base.spec, dorsiflexionTest(side, 1), normal * DEG), 9);
          const ankle = `ankle_angle_${side}`;
          const knee = `knee_angle_${side}`;
          // The mechanics of the compiled body: resistance crosses the end-range torque within 0.5 deg of X.
          const below = resistanceNm(after, ankle, { [knee]: 0, [ankle]: (targetDeg - 0.5) * DEG });
          const above = resistanceNm(after, ankle, { [knee]: 0, [ankle]: (targetDeg + 0.5) * DEG });
          expect(below).toBeLessThan(torque);
          expect(above).toBeGreaterThan(torque);
          expect(resistanceNm(after, ankle, { [knee]: 0, [ankle]: targetDeg * DEG })).toBeCloseTo(torque, 6);
          const extended = clinicalEndRangeDeg(after.spec, dorsiflexionTest(side, torque));
          expect(extended.rangeDeg).toBeCloseTo(targetDeg, 6);
          const flexed = clinicalEndRangeDeg(after.spec, dorsiflexionTest(side, torque, KNEE_FLEXED_TEST_ANGLE_RAD));
          expect(flexed.rangeDeg).toBeGreaterThan(targetDeg + 0.5);
          // The other side is untouched.
          const other = side === 'r' ? 'l' : 'r';
          expect(clinicalEndRangeDeg(after.spec, dorsiflexionTest(other, torque)).rangeDeg).toBeCloseTo(
            clinicalEndRangeDeg(base.spec, dorsiflexionTest(other, torque)).rangeDeg,
            9,
          );
        }
      }
    }
  });

  it('tight-heel-cord only tightens: a target at or above the body\'s own range changes nothing', () => {
    const normal = KNEE_EXTENDED_DORSIFLEXION_NORM.value;
    const after = tightHeelCord().apply(base, normal + 2, { normalRangeDeg: normal });
    expect(after.spec).toBe(base.spec);
    expect(after.applied[0].parameters['derived:fibreShorteningFraction']).toBe(0);
  });

  it('tight-hamstrings at X deg gives a straight-leg raise of X deg, larger with the knee flexed', () => {
    for (const targetDeg of [40, 61]) {
      for (const normal of [STRAIGHT_LEG_RAISE_NORM.low as number, STRAIGHT_LEG_RAISE_NORM.value]) {
        const after = tightHamstrings().apply(base, targetDeg, { normalRangeDeg: normal });
        const derived = after.applied[0].parameters;
        const torque = derived['derived:endRangeTorqueNm'];
        if (targetDeg < normal) {
          expect(derived['derived:fibreShorteningFraction']).toBeGreaterThan(0);
          const below = resistanceNm(after, 'hip_flexion_r', { knee_angle_r: 0, hip_flexion_r: (targetDeg - 0.5) * DEG });
          const above = resistanceNm(after, 'hip_flexion_r', { knee_angle_r: 0, hip_flexion_r: (targetDeg + 0.5) * DEG });
          expect(below).toBeLessThan(torque);
          expect(above).toBeGreaterThan(torque);
          expect(clinicalEndRangeDeg(after.spec, straightLegRaiseTest('r', torque)).rangeDeg).toBeCloseTo(targetDeg, 6);
        } else {
          // The reference body already stops at its norm, at or before the target: nothing to tighten.
          expect(derived['derived:fibreShorteningFraction']).toBe(0);
          expect(after.spec).toBe(base.spec);
        }
        const flexed = clinicalEndRangeDeg(after.spec, straightLegRaiseTest('r', torque, -60 * DEG));
        expect(flexed.rangeDeg).toBeGreaterThan(clinicalEndRangeDeg(after.spec, straightLegRaiseTest('r', torque)).rangeDeg + 1);
      }
    }
  });

  it('tight-plantar-fascia shortens and stiffens the fascia in proportion to the severity', () => {
    const definition = impairmentCatalogue().find((d) => d.name === 'tight-plantar-fascia') as ModifierDefinition;
    const before = compile(base.spec);
    const i = before.tissueIndex.get('plantar_fascia_r') as number;
    const after = compile(definition.apply(base, 3, { modulusRatioAtMaxSeverity: 2 }).spec);
    expect(after.passiveSlackLength[i]).toBeCloseTo(0.97 * before.passiveSlackLength[i], 12);
    expect(after.passiveStiffness[i]).toBeCloseTo(2 * before.passiveStiffness[i], 6);
    const half = compile(definition.apply(base, 1.5, { modulusRatioAtMaxSeverity: 2 }).spec);
    expect(half.passiveStiffness[i]).toBeCloseTo(1.5 * before.passiveStiffness[i], 6);
  });

  it('painful-heel, forefoot-fracture, walking-boot and achilles-tendinitis set the scenario limits of one side', () => {
    const find = (name: string, side: 'r' | 'l' = 'r') => impairmentCatalogue(side).find((d) => d.name === name) as ModifierDefinition;
    const heel = find('painful-heel', 'l').apply(base, 1, { heelLoadFractionAtMaxSeverity: 0.3, fasciaToleranceLossAtMaxSeverity: 0.4 });
    expect(heel.footLoading.maxHeelLoadFraction.r).toBe(1);
    expect(heel.footLoading.maxHeelLoadFraction.l).toBeCloseTo(0.3, 12);
    expect(heel.stretchToleranceScale.plantar_fascia_l).toBeCloseTo(0.6, 12);
    const fracture = find('forefoot-fracture').apply(base, 0.5, { footLoadFractionAtMaxSeverity: 0.2 });
    expect(fracture.footLoading.maxFootLoadFraction.r).toBeCloseTo(0.6, 12);
    expect(fracture.footLoading.maxFootLoadFraction.l).toBe(1);
    // Two unloading conditions on one foot compose multiplicatively.
    const both = find('walking-boot').apply(fracture, 1, { footLoadFractionAtMaxSeverity: 0.5 });
    expect(both.footLoading.maxFootLoadFraction.r).toBeCloseTo(0.3, 12);
    expect(both.applied.map((a) => a.name)).toEqual(['forefoot-fracture', 'walking-boot']);
    const weight = bodyWeightN(base.spec);
    expect(weight).toBeCloseTo(75 * 9.80665, 9);
    const tendon = find('achilles-tendinitis');
    expect(tendon.apply(base, 1, { forceLimitAtMaxSeverityBW: 1 }).tissueForceLimitN.achilles_tendon_r).toBeCloseTo(weight, 9);
    const mild = tendon.apply(base, 0.5, { forceLimitAtMaxSeverityBW: 1 }).tissueForceLimitN.achilles_tendon_r;
    expect(mild).toBeCloseTo(Math.sqrt(12.5) * weight, 6);
    // Limits decrease monotonically with severity.
    const limits = [0.1, 0.3, 0.6, 0.9].map((s) => tendon.apply(base, s, { forceLimitAtMaxSeverityBW: 1 }).tissueForceLimitN.achilles_tendon_r);
    for (let k = 1; k < limits.length; k++) expect(limits[k]).toBeLessThan(limits[k - 1]);
  });

  it('leg-length-difference shortens the chosen tibia by the severity in cm', () => {
    const definition = impairmentCatalogue('l').find((d) => d.name === 'leg-length-difference') as ModifierDefinition;
    const after = definition.apply(base, 2, {});
    const ankle = (scenario: Scenario, side: string) =>
      scenario.spec.bodies.find((b) => b.name === `talus_${side}`)?.joint.locationInParent[1] ?? 0;
    expect(ankle(after, 'l') - ankle(base, 'l')).toBeCloseTo(0.02, 12);
    expect(ankle(after, 'r')).toBe(ankle(base, 'r'));
  });
});
