import { beforeAll, describe, expect, it } from 'vitest';
import type { KinechainError } from '../errors.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { makeData } from '../model/make-data.js';
import type { Data, Model } from '../model/model.js';
import { setPose } from '../model/pose.js';
import { momentArms } from '../paths/moment-arm.js';
import { pathLength } from '../paths/path-length.js';
import { tissueForces, tissueGeneralizedForces } from '../tissues/tissue-forces.js';
import { compile } from '../../spec/compile.js';
import { buildBody, DEFAULT_SUBJECT } from '../../library/default-body.js';
import { muscleShorteningForEndRange, passiveEndRange, passiveResistance, type EndRangeTest } from './passive-end-range.js';

const DEG = Math.PI / 180;

/** Resisting torque computed straight from the core algorithms (independent of the solver's own evaluation). */
function resistance(model: Model, data: Data, test: EndRangeTest, value: number): number {
  const q = setPose(model, { ...test.pose, [test.coordinate]: value });
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
  data.tissueActivation.fill(0);
  tissueForces(model, data);
  const tau = new Float64Array(model.nq);
  tissueGeneralizedForces(model, data, tau);
  return -test.direction * tau[model.coordinateIndex.get(test.coordinate) as number];
}

describe('passive end range', () => {
  let model: Model;
  let data: Data;
  beforeAll(() => {
    model = compile(buildBody(DEFAULT_SUBJECT));
    data = makeData(model);
  });
  const dorsiflexion = (torque: number, knee = 0): EndRangeTest => ({
    coordinate: 'ankle_angle_r',
    direction: 1,
    pose: { knee_angle_r: knee },
    endRangeTorqueNm: torque,
  });

  it('passiveResistance matches the torque of the core algorithms', () => {
    const test = dorsiflexion(10);
    for (const angle of [-10, 0, 5, 12]) {
      const expected = resistance(model, data, test, angle * DEG);
      expect(passiveResistance(model, data, test, angle * DEG)).toBeCloseTo(expected, 9);
    }
  });

  it('finds the angle where the resistance reaches the end-range torque, and it grows with the torque', () => {
    const test = dorsiflexion(10);
    const result = passiveEndRange(model, data, test);
    expect(result.limitedBy).toBe('tissues');
    expect(resistance(model, data, test, result.value)).toBeCloseTo(10, 6);
    expect(resistance(model, data, test, result.value - 0.01)).toBeLessThan(10);
    const harder = passiveEndRange(model, data, dorsiflexion(20));
    expect(harder.value).toBeGreaterThan(result.value);
  });

  it('reports the joint limit when the tissues never reach the torque, and the start when they already exceed it', () => {
    const huge = passiveEndRange(model, data, dorsiflexion(1e7));
    expect(huge.limitedBy).toBe('joint-limit');
    const j = model.coordinateIndex.get('ankle_angle_r') as number;
    expect(huge.value).toBe(model.coordinateRange[2 * j + 1]);
    // Plantarflexion test (direction -1) against a tiny torque: the dorsiflexors resist at once at the dorsiflexed end.
    const start = passiveEndRange(model, data, { ...dorsiflexion(1e-9), direction: -1 });
    expect(['start', 'tissues']).toContain(start.limitedBy);
  });

  it('shortening the triceps surae puts the end range exactly at the requested angle', () => {
    const test = dorsiflexion(10);
    const muscles = ['gastrocnemius_medial_r', 'gastrocnemius_lateral_r', 'soleus_r'].map((name) => model.tissueIndex.get(name) as number);
    const perUnit = muscles.map((m) => model.muscleOptimalFiberLength[m]);
    const target = -5 * DEG;
    const result = muscleShorteningForEndRange(model, data, test, target, muscles, perUnit);
    expect(result.scale).toBeGreaterThan(0);
    expect(result.resistanceBeforeNm).toBeLessThan(10);
    expect(result.resistanceAfterNm).toBeCloseTo(10, 8);
    // Already tight enough at a more dorsiflexed angle: no shortening.
    const none = muscleShorteningForEndRange(model, data, test, 20 * DEG, muscles, perUnit);
    expect(none.scale).toBe(0);
    expect(none.resistanceBeforeNm).toBeGreaterThanOrEqual(10);
  });

  it('rejects muscles that do not resist the motion, passive tissues and unknown coordinates', () => {
    const test = dorsiflexion(10);
    const tibialisAnterior = model.tissueIndex.get('tibialis_anterior_r') as number;
    const fascia = model.tissueIndex.get('plantar_fascia_r') as number;
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as KinechainError).code;
      }
      return 'none';
    };
    expect(codeOf(() => muscleShorteningForEndRange(model, data, test, 0, [tibialisAnterior], [0.01]))).toBe('UNSUPPORTED');
    expect(codeOf(() => muscleShorteningForEndRange(model, data, test, 0, [fascia], [0.01]))).toBe('UNSUPPORTED');
    expect(codeOf(() => passiveEndRange(model, data, { ...test, coordinate: 'ankle_angle' }))).toBe('UNKNOWN_NAME');
    expect(codeOf(() => passiveEndRange(model, data, { ...test, endRangeTorqueNm: -1 }))).toBe('OUT_OF_RANGE');
  });

  it('throws OUT_OF_RANGE when no shortening can reach the torque', () => {
    // Even with its tendon slack length almost zero the soleus cannot resist 1e30 N m.
    const soleus = model.tissueIndex.get('soleus_r') as number;
    let code = 'none';
    try {
      muscleShorteningForEndRange(model, data, dorsiflexion(1e30), -45 * DEG, [soleus], [0.01]);
    } catch (error) {
      code = (error as KinechainError).code;
    }
    expect(code).toBe('OUT_OF_RANGE');
  });
});
