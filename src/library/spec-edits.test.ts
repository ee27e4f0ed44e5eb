import { beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Model } from '../core/model/model.js';
import { passiveFiberForceLength, passiveFiberForceLengthSlope } from '../core/tissues/hill-muscle.js';
import { compile } from '../spec/compile.js';
import type { ModelSpec } from '../spec/schema.js';
import { buildBody, DEFAULT_SUBJECT } from './default-body.js';
import {
  compileCached,
  resolvedSlackLength,
  scaleMaxIsometricForce,
  scaleSlackLength,
  scaleStiffness,
  selectTissueNames,
  setCoordinateRange,
  shortenSegment,
  shortenSlackLength,
} from './spec-edits.js';

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

function tissue(model: Model, name: string): number {
  const index = model.tissueIndex.get(name);
  if (index === undefined) throw new Error(`no tissue ${name}`);
  return index;
}

describe('spec edits', () => {
  let spec: ModelSpec;
  let model: Model;
  beforeAll(() => {
    spec = deepFreeze(buildBody(DEFAULT_SUBJECT));
    model = compileCached(spec);
  });

  it('select tissues by name, list and pattern with side, with did-you-mean errors', () => {
    expect(selectTissueNames(spec, 'soleus_r')).toEqual(['soleus_r']);
    expect(selectTissueNames(spec, { pattern: /^gastrocnemius_/, side: 'l' })).toEqual(['gastrocnemius_medial_l', 'gastrocnemius_lateral_l']);
    expect(selectTissueNames(spec, { pattern: /^gastrocnemius_/g })).toHaveLength(4);
    let message = '';
    try {
      selectTissueNames(spec, ['soleus_r', 'solues_r']);
    } catch (error) {
      message = (error as Error).message;
      expect((error as KinechainError).code).toBe('UNKNOWN_NAME');
    }
    expect(message).toContain('soleus_r');
    expect(errorCode(() => selectTissueNames(spec, { pattern: /^no_such/ }))).toBe('UNKNOWN_NAME');
  });

  it('a change of nothing returns the input spec itself', () => {
    expect(scaleSlackLength(spec, 'plantar_fascia_r', 1)).toBe(spec);
    expect(shortenSlackLength(spec, 'soleus_r', 0)).toBe(spec);
    expect(scaleStiffness(spec, { pattern: /_r$/ }, 1)).toBe(spec);
    expect(scaleMaxIsometricForce(spec, 'soleus_r', 1)).toBe(spec);
    expect(shortenSegment(spec, 'tibia_r', 0)).toBe(spec);
  });

  it('scaling a derived slack length writes the scaled compiled value', () => {
    const edited = scaleSlackLength(spec, 'plantar_fascia_r', 0.98);
    const after = compile(edited);
    const i = tissue(model, 'plantar_fascia_r');
    expect(after.passiveSlackLength[i]).toBeCloseTo(0.98 * model.passiveSlackLength[i], 14);
    // Other tissues and the input are untouched.
    const j = tissue(model, 'plantar_fascia_l');
    expect(after.passiveSlackLength[j]).toBe(model.passiveSlackLength[j]);
    expect(spec.tissues[i].law).not.toHaveProperty('slackLengthM', expect.any(Number));
    expect(resolvedSlackLength(edited, 'plantar_fascia_r')).toBeCloseTo(0.98 * model.passiveSlackLength[i], 14);
  });

  it('shortening a muscle shortens its compiled tendon slack length by exactly that much', () => {
    const edited = shortenSlackLength(spec, ['soleus_r', 'gastrocnemius_medial_r'], (t) => (t.name === 'soleus_r' ? 0.01 : 0.02));
    const after = compile(edited);
    const soleus = tissue(model, 'soleus_r');
    const gastrocnemius = tissue(model, 'gastrocnemius_medial_r');
    expect(after.muscleTendonSlackLength[soleus]).toBeCloseTo(model.muscleTendonSlackLength[soleus] - 0.01, 14);
    expect(after.muscleTendonSlackLength[gastrocnemius]).toBeCloseTo(model.muscleTendonSlackLength[gastrocnemius] - 0.02, 14);
    expect(errorCode(() => shortenSlackLength(spec, 'soleus_r', 10))).toBe('OUT_OF_RANGE');
  });

  it('scaling stiffness scales E*A of passive laws and the passive fibre stiffness of muscles at equal force', () => {
    const edited = scaleStiffness(spec, ['plantar_fascia_r', 'soleus_r'], 1.7);
    const after = compile(edited);
    const fascia = tissue(model, 'plantar_fascia_r');
    expect(after.passiveStiffness[fascia]).toBeCloseTo(1.7 * model.passiveStiffness[fascia], 9);
    const soleus = tissue(model, 'soleus_r');
    const e0 = model.musclePassiveStrainAtF0[soleus];
    const e1 = after.musclePassiveStrainAtF0[soleus];
    // At equal normalised passive force the fibre stiffness (per unit strain) is 1.7 times larger.
    for (const stretch of [1.05, 1.2, 1.4]) {
      const force = passiveFiberForceLength(stretch, e0);
      // The edited fibre carries the same force at 1 + (stretch - 1) e1 / e0.
      const sameForceStretch = 1 + ((stretch - 1) * e1) / e0;
      expect(passiveFiberForceLength(sameForceStretch, e1)).toBeCloseTo(force, 12);
      expect(passiveFiberForceLengthSlope(sameForceStretch, e1) / passiveFiberForceLengthSlope(stretch, e0)).toBeCloseTo(1.7, 12);
    }
    expect(errorCode(() => scaleStiffness(spec, 'soleus_r', 0))).toBe('OUT_OF_RANGE');
    expect(errorCode(() => scaleStiffness(spec, 'soleus_r', Number.NaN))).toBe('NOT_FINITE');
  });

  it('scales F0 of muscles only', () => {
    const after = compile(scaleMaxIsometricForce(spec, { pattern: /^(soleus|plantar_fascia)_r$/ }, 0.5));
    const soleus = tissue(model, 'soleus_r');
    expect(after.muscleMaxIsometricForce[soleus]).toBeCloseTo(0.5 * model.muscleMaxIsometricForce[soleus], 9);
    expect(errorCode(() => scaleMaxIsometricForce(spec, ['soleus_r', 'plantar_fascia_r'], 0.5))).toBe('UNSUPPORTED');
  });

  it('sets a coordinate range, keeping the reference pose valid', () => {
    const after = compile(setCoordinateRange(spec, 'ankle_angle_r', [-0.5, 0.1]));
    const j = after.coordinateIndex.get('ankle_angle_r') as number;
    expect([after.coordinateRange[2 * j], after.coordinateRange[2 * j + 1]]).toEqual([-0.5, 0.1]);
    expect(errorCode(() => setCoordinateRange(spec, 'ankle_angle_r', [0.1, 0.2]))).toBe('OUT_OF_RANGE');
    expect(errorCode(() => setCoordinateRange(spec, 'ankle_angle_r', [0.2, -0.2]))).toBe('OUT_OF_RANGE');
    expect(errorCode(() => setCoordinateRange(spec, 'ankle_angle', [-0.2, 0.2]))).toBe('UNKNOWN_NAME');
  });

  it('shortening a tibia moves the ankle up by exactly that much and keeps mass, the other leg and the foot', () => {
    const shortening = 0.02;
    const edited = shortenSegment(spec, 'tibia_r', shortening);
    const after = compile(edited);
    const dataBefore = makeData(model);
    const dataAfter = makeData(after);
    forwardKinematics(model, dataBefore, model.coordinateDefault);
    forwardKinematics(after, dataAfter, after.coordinateDefault);
    const position = (m: Model, data: typeof dataBefore, body: string) => {
      const b = m.bodyIndex.get(body) as number;
      return [data.bodyPosition[3 * b], data.bodyPosition[3 * b + 1], data.bodyPosition[3 * b + 2]];
    };
    const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    const shankBefore = distance(position(model, dataBefore, 'tibia_r'), position(model, dataBefore, 'talus_r'));
    const shankAfter = distance(position(after, dataAfter, 'tibia_r'), position(after, dataAfter, 'talus_r'));
    expect(shankBefore - shankAfter).toBeCloseTo(shortening, 12);
    // The foot is carried rigidly: talus -> toes distances unchanged.
    const footBefore = distance(position(model, dataBefore, 'talus_r'), position(model, dataBefore, 'toes_r'));
    const footAfter = distance(position(after, dataAfter, 'talus_r'), position(after, dataAfter, 'toes_r'));
    expect(footAfter).toBeCloseTo(footBefore, 12);
    // The left leg is untouched and the total mass is kept.
    expect(distance(position(after, dataAfter, 'talus_l'), position(model, dataBefore, 'talus_l'))).toBe(0);
    expect(after.totalMass).toBeCloseTo(model.totalMass, 12);
    const tibia = edited.bodies.find((b) => b.name === 'tibia_r');
    const original = spec.bodies.find((b) => b.name === 'tibia_r');
    expect((tibia?.lengthM ?? 0) - (original?.lengthM ?? 0)).toBeCloseTo(-shortening, 12);
    // Points fixed in the tibia move proportionally: the Achilles tendon above the calcaneus stays just above the ankle.
    const achillesBefore = spec.tissues.find((t) => t.name === 'achilles_tendon_r')?.path.points[1].location ?? [0, 0, 0];
    const achillesAfter = edited.tissues.find((t) => t.name === 'achilles_tendon_r')?.path.points[1].location ?? [0, 0, 0];
    const ankleBefore = spec.bodies.find((b) => b.name === 'talus_r')?.joint.locationInParent ?? [0, 0, 0];
    expect(achillesAfter[1] / (ankleBefore[1] + shortening)).toBeCloseTo(achillesBefore[1] / ankleBefore[1], 12);
    // Derived slack lengths keep their reference strain: the tissues adapt to the shorter bone.
    const soleus = tissue(model, 'soleus_r');
    expect(after.tissueReferenceLength[soleus]).toBeLessThan(model.tissueReferenceLength[soleus]);
    const fibreBefore = model.tissueReferenceLength[soleus] - model.muscleTendonSlackLength[soleus];
    const fibreAfter = after.tissueReferenceLength[soleus] - after.muscleTendonSlackLength[soleus];
    expect(fibreAfter).toBeCloseTo(fibreBefore, 12);
  });

  it('rejects unknown bodies, ambiguous axes and absurd changes', () => {
    expect(errorCode(() => shortenSegment(spec, 'tibia', 0.01))).toBe('UNKNOWN_NAME');
    expect(errorCode(() => shortenSegment(spec, 'pelvis', 0.01))).toBe('UNSUPPORTED');
    expect(errorCode(() => shortenSegment(spec, 'tibia_r', 0.3))).toBe('OUT_OF_RANGE');
  });
});
