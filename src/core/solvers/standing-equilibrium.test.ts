import { describe, expect, it } from 'vitest';
import {
  makeStandingEquilibrium,
  setStandingLimits,
  solveStandingEquilibrium,
  standingLagrangian,
  type StandingLimits,
} from './standing-equilibrium.js';
import { compile } from '../../spec/compile.js';
import { makeData } from '../model/make-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { centreOfPressure, makeFootSupport, PYRAMID_EDGES } from '../contact/foot-support.js';
import { isKinechainError } from '../errors.js';
import { buildBody, DEFAULT_SUBJECT } from '../../library/default-body.js';
import { baselineScenario } from '../../library/scenario.js';
import { defaultFootContactPoints } from '../../library/foot-contact.js';

const spec = buildBody(DEFAULT_SUBJECT);
const model = compile(spec);
const LOCKED = ['midtarsal_angle_r', 'mtp_angle_r', 'midtarsal_angle_l', 'mtp_angle_l'];
const baseline: StandingLimits = baselineScenario(spec);

function setup(limits: StandingLimits = baseline) {
  const data = makeData(model);
  const support = makeFootSupport(model, defaultFootContactPoints(DEFAULT_SUBJECT), { friction: 0.6 });
  const solver = makeStandingEquilibrium(model, support, { lockedCoordinates: LOCKED });
  setStandingLimits(solver, model, limits);
  return { data, support, solver };
}

const tissue = (name: string): number => model.tissueIndex.get(name) as number;
const coordinate = (name: string): number => model.coordinateIndex.get(name) as number;

describe('standing equilibrium: the reference pose', () => {
  const { data, support, solver } = setup();
  const result = solveStandingEquilibrium(solver, model, data, model.coordinateDefault);

  it('balances every coordinate, the six pelvis coordinates included', () => {
    expect(['optimal', 'needs-reserves']).toContain(result.status);
    expect(result.maxEquilibriumResidual).toBeLessThan(1e-6);
    for (const name of ['pelvis_tilt', 'pelvis_list', 'pelvis_rotation', 'pelvis_tx', 'pelvis_ty', 'pelvis_tz']) {
      expect(Math.abs(result.equilibriumResidual[coordinate(name)])).toBeLessThan(1e-6);
      // Whole-body balance is met by the floor, not by reserves.
      expect(Math.abs(result.reserveForce[coordinate(name)])).toBeLessThan(1e-4);
    }
    // Locks act only on the locked coordinates.
    for (let j = 0; j < model.nq; j++) {
      if (!LOCKED.includes(model.coordinateName[j])) expect(result.lockForce[j]).toBe(0);
    }
  });

  it('the floor carries the body weight, pushes only, and keeps friction inside the pyramid', () => {
    let vertical = 0;
    for (let p = 0; p < support.npoint; p++) {
      const [fx, fy, fz] = result.contactForce.subarray(3 * p, 3 * p + 3);
      expect(fy).toBeGreaterThanOrEqual(0);
      expect(Math.abs(fx)).toBeLessThanOrEqual(0.6 * fy + 1e-9);
      expect(Math.abs(fz)).toBeLessThanOrEqual(0.6 * fy + 1e-9);
      vertical += fy;
    }
    expect(Math.abs(vertical - solver.bodyWeightN)).toBeLessThan(1e-4);
    expect(result.footLoadN[0] + result.footLoadN[1]).toBeCloseTo(vertical, 9);
  });

  it('activations lie in [0, 1] and every tension is written into data', () => {
    for (let index = 0; index < solver.nMuscle; index++) {
      expect(result.activation[index]).toBeGreaterThanOrEqual(0);
      expect(result.activation[index]).toBeLessThanOrEqual(1);
      expect(data.tissueForce[solver.muscleTissue[index]]).toBe(result.muscleForce[index]);
    }
    const achilles = tissue('achilles_tendon_r');
    let sum = 0;
    for (const muscle of ['gastrocnemius_medial_r', 'gastrocnemius_lateral_r', 'soleus_r']) sum += data.tissueForce[tissue(muscle)];
    expect(data.tissueForce[achilles]).toBeCloseTo(sum, 9);
  });
});

describe('standing equilibrium: limits from a scenario', () => {
  it('a heel limit caps the heel share and moves that foot\u2019s centre of pressure forward', () => {
    const free = setup();
    const freeResult = solveStandingEquilibrium(free.solver, model, free.data, model.coordinateDefault);
    const cop = new Float64Array(3);
    centreOfPressure(free.support, freeResult.contactForce, { side: 'r' }, cop);
    const freeCop = cop[0];
    const freeShare = freeResult.heelLoadN[0] / freeResult.footLoadN[0];
    const limit = 0.5 * freeShare;
    const limited = setup({ ...baseline, footLoading: { ...baseline.footLoading, maxHeelLoadFraction: { r: limit, l: 1 } } });
    const result = solveStandingEquilibrium(limited.solver, model, limited.data, model.coordinateDefault);
    expect(result.maxEquilibriumResidual).toBeLessThan(1e-6);
    expect(result.heelLoadN[0]).toBeLessThanOrEqual(limit * result.footLoadN[0] + 1e-6);
    centreOfPressure(limited.support, result.contactForce, { side: 'r' }, cop);
    expect(cop[0]).toBeGreaterThan(freeCop + 1e-3);
  });

  it('a force cap on a muscle holds and others take over; a cap below the passive force is reported', () => {
    const free = setup();
    solveStandingEquilibrium(free.solver, model, free.data, model.coordinateDefault);
    const erector = tissue('erector_spinae_thoracic_r');
    const freeForce = free.data.tissueForce[erector];
    expect(freeForce).toBeGreaterThan(1);
    const cap = 0.5 * freeForce;
    const capped = setup({ ...baseline, tissueForceLimitN: { erector_spinae_thoracic_r: cap } });
    const result = solveStandingEquilibrium(capped.solver, model, capped.data, model.coordinateDefault);
    expect(result.maxEquilibriumResidual).toBeLessThan(1e-6);
    expect(capped.data.tissueForce[erector]).toBeLessThanOrEqual(cap + 1e-6);
    expect(result.unreachableLimits).toBe(0);
    // The Achilles tendon carries the triceps' passive force: a cap under it cannot be met here.
    const passive = free.data.tissueForce[tissue('achilles_tendon_r')];
    const low = setup({ ...baseline, tissueForceLimitN: { achilles_tendon_r: 0.5 * passive } });
    const lowResult = solveStandingEquilibrium(low.solver, model, low.data, model.coordinateDefault);
    expect(lowResult.maxEquilibriumResidual).toBeLessThan(1e-6);
    expect(lowResult.unreachableLimits).toBe(1);
    expect(lowResult.limitExcessN[0]).toBeGreaterThan(0);
  });

  it('resting activation is a floor under the activation', () => {
    const toned = setup({ ...baseline, restingActivation: { flexor_digitorum_brevis_r: 0.2, flexor_digitorum_brevis_l: 0.2 } });
    const result = solveStandingEquilibrium(toned.solver, model, toned.data, model.coordinateDefault);
    expect(result.maxEquilibriumResidual).toBeLessThan(1e-6);
    expect(toned.data.tissueActivation[tissue('flexor_digitorum_brevis_r')]).toBeGreaterThanOrEqual(0.2);
  });
});

describe('standing equilibrium: sensitivity of the optimum to the pose', () => {
  it('the Lagrangian with the solution held fixed has the derivative of the optimal value (envelope theorem)', () => {
    const { data, solver } = setup();
    const q = Float64Array.from(model.coordinateDefault);
    const value = (qq: Float64Array): number => solveStandingEquilibrium(solver, model, data, qq, { reserves: 'penalty' }).objective;
    const lagrangianAt = (qq: Float64Array): number => {
      forwardKinematics(model, data, qq);
      pathLength(model, data);
      momentArms(model, data);
      return standingLagrangian(solver, model, data);
    };
    const h = 1e-5;
    for (const name of ['lumbar_extension', 'neck_extension']) {
      const j = coordinate(name);
      value(q);
      const plus = Float64Array.from(q);
      plus[j] += h;
      const minus = Float64Array.from(q);
      minus[j] -= h;
      const envelope = (lagrangianAt(plus) - lagrangianAt(minus)) / (2 * h);
      const numeric = (value(plus) - value(minus)) / (2 * h);
      expect(Math.abs(envelope - numeric)).toBeLessThan(1e-4 * (1 + Math.abs(numeric)));
    }
  });
});

describe('standing equilibrium: bad input', () => {
  it('names what is wrong', () => {
    const codes: string[] = [];
    const attempt = (run: () => unknown): void => {
      try {
        run();
        codes.push('none');
      } catch (error) {
        codes.push(isKinechainError(error) ? error.code : 'other');
      }
    };
    const { solver, support } = setup();
    attempt(() => setStandingLimits(solver, model, { ...baseline, tissueForceLimitN: { achilles: 100 } }));
    attempt(() => setStandingLimits(solver, model, { ...baseline, restingActivation: { plantar_fascia_r: 0.1 } }));
    attempt(() => setStandingLimits(solver, model, { ...baseline, restingActivation: { soleus_r: 2 } }));
    attempt(() => setStandingLimits(solver, model, { ...baseline, tissueForceLimitN: { soleus_r: -1 } }));
    attempt(() => makeStandingEquilibrium(model, support, { lockedCoordinates: ['arch_r'] }));
    attempt(() => makeStandingEquilibrium(model, support, { contactWeight: 0 }));
    expect(codes).toEqual(['UNKNOWN_NAME', 'OUT_OF_RANGE', 'OUT_OF_RANGE', 'OUT_OF_RANGE', 'UNKNOWN_NAME', 'OUT_OF_RANGE']);
    expect(PYRAMID_EDGES).toBe(4);
  });
});
