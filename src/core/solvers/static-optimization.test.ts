import { describe, expect, it } from 'vitest';
import {
  makeStaticOptimization,
  solveStaticOptimization,
  solveStaticOptimizationAtPose,
  type StaticOptimizationOptions,
} from './static-optimization.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { rnea } from '../dynamics/rnea.js';
import { tissueForces, tissueGeneralizedForces } from '../tissues/tissue-forces.js';
import { makeMuscleParameters, makeMuscleState, readMuscleParameters, rigidTendonMuscle } from '../tissues/hill-muscle.js';
import { passiveTissueForce } from '../tissues/passive-law.js';
import { isKinechainError } from '../errors.js';
import { buildTissueModel, type TissueTestData, type TissueTestModel } from '../../../test/fixtures/tissue-model.js';
import {
  SINGLE_JOINT_MAX_FORCE,
  elbowMomentArmAtZero,
  singleJointSpec,
  type SingleJointTissue,
} from '../../../test/fixtures/single-joint-muscles.js';
import { twoLinkArmSpec } from '../../../test/fixtures/two-link-arm.js';
import { calfSeriesTendonSpec } from '../../../test/fixtures/calf-series-tendon.js';
import { seededRandom } from '../../../test/fixtures/joint-chain.js';

const ELBOW = 0;
const WRIST = 1;

/** The single-joint model at elbow flexion `elbow` (rad), zero velocity, kinematics and moment arms done. */
function singleJoint(tissues: readonly SingleJointTissue[], elbow = 0, options: { lockWrist?: boolean } = {}) {
  const { model, data } = buildTissueModel(singleJointSpec(tissues, options));
  forwardKinematics(model, data, [elbow, 0]);
  pathLength(model, data);
  momentArms(model, data);
  data.tissueVelocity.fill(0);
  const tissue = (name: string): number => model.tissueIndex.get(name) as number;
  const momentArm = (name: string, coordinate = ELBOW): number => data.tissueMomentArm[tissue(name) * model.nq + coordinate];
  return { model, data, tissue, momentArm };
}

/** Active capacity k = F(a=1) - F(a=0) and passive force p = F(a=0) along the tendon, from the Hill model directly. */
function hillCapacity(model: TissueTestModel, data: TissueTestData, tissue: number): { capacity: number; passive: number } {
  const params = readMuscleParameters(model, tissue, makeMuscleParameters());
  const state = makeMuscleState();
  const full = rigidTendonMuscle(params, data.tissueLength[tissue], 0, 1, state);
  const passive = rigidTendonMuscle(params, data.tissueLength[tissue], 0, 0, state);
  return { capacity: full - passive, passive };
}

function torques(nq: number, values: Record<number, number>): Float64Array {
  const tau = new Float64Array(nq);
  for (const [j, value] of Object.entries(values)) tau[Number(j)] = value;
  return tau;
}

function expectKinechainError(run: () => unknown, code: string): void {
  try {
    run();
  } catch (error) {
    expect(isKinechainError(error)).toBe(true);
    if (isKinechainError(error)) expect(error.code).toBe(code);
    return;
  }
  throw new Error(`expected a KinechainError ${code}`);
}

describe('static optimisation: one joint, closed forms', () => {
  it('the model moment arms match the straight-line closed form (the tests below rely on them)', () => {
    const { momentArm } = singleJoint(['flexor_a', 'flexor_b', 'extensor', 'anterior_ligament']);
    for (const name of ['flexor_a', 'flexor_b', 'extensor', 'anterior_ligament'] as const) {
      expect(momentArm(name)).toBeCloseTo(elbowMomentArmAtZero(name), 12);
    }
    expect(momentArm('flexor_a')).toBeGreaterThan(0);
    expect(momentArm('extensor')).toBeLessThan(0);
  });

  it('antagonist pair: only the agonist activates, a = tau / (r F0) (ideal muscles)', () => {
    const { model, data, tissue } = singleJoint(['flexor_a', 'extensor']);
    const solver = makeStaticOptimization(model, { forceModel: 'ideal' });
    const rFlexor = elbowMomentArmAtZero('flexor_a');
    const rExtensor = elbowMomentArmAtZero('extensor');

    let result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: 20 }));
    expect(result.status).toBe('optimal');
    expect(data.tissueActivation[tissue('flexor_a')]).toBeCloseTo(20 / (rFlexor * SINGLE_JOINT_MAX_FORCE.flexor_a), 12);
    expect(data.tissueActivation[tissue('extensor')]).toBe(0);
    expect(data.tissueForce[tissue('flexor_a')]).toBeCloseTo(20 / rFlexor, 9);

    result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: -15 }));
    expect(result.status).toBe('optimal');
    expect(data.tissueActivation[tissue('flexor_a')]).toBe(0);
    expect(data.tissueActivation[tissue('extensor')]).toBeCloseTo(-15 / (rExtensor * SINGLE_JOINT_MAX_FORCE.extensor), 12);
    // The wrist (no muscle, zero demand) is a consistent empty equation.
    expect(Math.abs(result.coordinateResidual[WRIST])).toBe(0);
  });

  it('antagonist pair with Hill muscles: a = (tau - r p) / (r k) with k, p from the muscle model', () => {
    const { model, data, tissue } = singleJoint(['flexor_a', 'extensor'], 0.4);
    const solver = makeStaticOptimization(model);
    const flexor = tissue('flexor_a');
    const extensor = tissue('extensor');
    const { capacity, passive } = hillCapacity(model, data, flexor);
    // Flexion stretches the extensor: its passive force resists and the flexor must make up for it.
    const extensorPassive = hillCapacity(model, data, extensor).passive;
    expect(extensorPassive).toBeGreaterThan(0);
    const r = data.tissueMomentArm[flexor * model.nq + ELBOW];
    const rExtensor = data.tissueMomentArm[extensor * model.nq + ELBOW];
    const tau = 12;
    const result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: tau }));
    expect(result.status).toBe('optimal');
    expect(data.tissueActivation[flexor]).toBeCloseTo((tau - r * passive - rExtensor * extensorPassive) / (r * capacity), 12);
    expect(data.tissueActivation[tissue('extensor')]).toBe(0);
  });

  it('two synergists share the load as a_i proportional to F0_i r_i (sum a^2)', () => {
    const { model, data, tissue } = singleJoint(['flexor_a', 'flexor_b']);
    const solver = makeStaticOptimization(model, { forceModel: 'ideal' });
    const k = [
      elbowMomentArmAtZero('flexor_a') * SINGLE_JOINT_MAX_FORCE.flexor_a,
      elbowMomentArmAtZero('flexor_b') * SINGLE_JOINT_MAX_FORCE.flexor_b,
    ];
    const tau = 18;
    const result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: tau }));
    expect(result.status).toBe('optimal');
    const a = [data.tissueActivation[tissue('flexor_a')], data.tissueActivation[tissue('flexor_b')]];
    const sumSquares = k[0] * k[0] + k[1] * k[1];
    expect(a[0]).toBeCloseTo((tau * k[0]) / sumSquares, 12);
    expect(a[1]).toBeCloseTo((tau * k[1]) / sumSquares, 12);
    expect(a[0] / a[1]).toBeCloseTo(k[0] / k[1], 10);
    expect(result.objective).toBeCloseTo((tau * tau) / sumSquares, 12);
  });
});

describe('static optimisation: equilibrium', () => {
  it('sum r F + reserves = tau at the solution, and tissueForces reproduces the forces written', () => {
    const { model, data } = singleJoint(['flexor_a', 'flexor_b', 'extensor', 'anterior_ligament'], 0.6);
    const solver = makeStaticOptimization(model, { reserves: { optimalForce: 1, coordinates: ['elbow_flexion', 'wrist_flexion'] } });
    const random = seededRandom(31);
    for (let trial = 0; trial < 20; trial++) {
      const tau = torques(model.nq, { [ELBOW]: (random() * 2 - 1) * 40, [WRIST]: (random() * 2 - 1) * 2 });
      const result = solveStaticOptimization(solver, model, data, tau);
      expect(result.status).toBe('optimal');
      expect(result.maxEquationResidual).toBeLessThanOrEqual(1e-9 * 40);
      // Independent evaluation of the same activations by the tissue-force code.
      const written = Float64Array.from(data.tissueForce);
      tissueForces(model, data);
      for (let t = 0; t < model.ntissue; t++) expect(data.tissueForce[t]).toBeCloseTo(written[t], 9);
      const generalized = new Float64Array(model.nq);
      tissueGeneralizedForces(model, data, generalized);
      for (let j = 0; j < model.nq; j++) {
        expect(generalized[j] + result.actuatorGeneralizedForce[j]).toBeCloseTo(tau[j], 9);
      }
    }
  });

  it('two-link arm under gravity (rnea): muscles at the elbow, residuals at the shoulder', () => {
    const { model, data } = buildTissueModel(twoLinkArmSpec());
    const q = [0.2, -0.1, 0.7, 1.1];
    const zero = new Float64Array(model.nq);
    rnea(model, data, q, zero, zero);
    const tau = Float64Array.from(data.generalizedForce);
    const solver = makeStaticOptimization(model, { residuals: { optimalForce: 1 } });
    expect(Array.from(solver.actuatorCoordinate)).toEqual([0, 1, 2]);
    const result = solveStaticOptimizationAtPose(solver, model, data, q, undefined, tau);
    expect(result.status).toBe('optimal');
    const generalized = new Float64Array(model.nq);
    tissueGeneralizedForces(model, data, generalized);
    for (let j = 0; j < model.nq; j++) {
      expect(Math.abs(generalized[j] + result.actuatorGeneralizedForce[j] - tau[j])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(tau[j])));
    }
    // Holding the forearm up against gravity needs the elbow flexor.
    expect(data.tissueActivation[model.tissueIndex.get('biceps_brachii') as number]).toBeGreaterThan(0);
  });

  it('a series tendon carries the sum of its muscles (calf)', () => {
    const { model, data } = buildTissueModel(calfSeriesTendonSpec());
    const solver = makeStaticOptimization(model, { coordinates: ['ankle_angle'] });
    const ankle = model.coordinateIndex.get('ankle_angle') as number;
    const q = [0.1, 0.05, 0];
    // A first solve evaluates the muscles at the pose (with no dorsiflexor, zero demand is
    // infeasible: the calf's passive tension plantarflexes).
    const probe = solveStaticOptimizationAtPose(solver, model, data, q, undefined, new Float64Array(model.nq));
    expect(probe.status).toBe('infeasible');
    const gastrocnemius = model.tissueIndex.get('gastrocnemius') as number;
    const soleus = model.tissueIndex.get('soleus') as number;
    const rGastrocnemius = data.tissueMomentArm[gastrocnemius * model.nq + ankle];
    const rSoleus = data.tissueMomentArm[soleus * model.nq + ankle];
    expect(rSoleus).toBeLessThan(0);
    const strength = rGastrocnemius * solver.muscleCapacity[0] + rSoleus * solver.muscleCapacity[1];
    const passive = rGastrocnemius * solver.musclePassive[0] + rSoleus * solver.musclePassive[1];
    // A plantarflexion demand: the passive moment plus 60% of the active strength.
    const tau = new Float64Array(model.nq);
    tau[ankle] = passive + 0.6 * strength;
    const result = solveStaticOptimizationAtPose(solver, model, data, q, undefined, tau);
    expect(result.status).toBe('optimal');
    const achilles = model.tissueIndex.get('achilles_tendon') as number;
    expect(data.tissueForce[achilles]).toBeCloseTo(data.tissueForce[gastrocnemius] + data.tissueForce[soleus], 9);
    expect(Math.abs(result.coordinateResidual[ankle])).toBeLessThanOrEqual(1e-9 * Math.abs(tau[ankle]));
  });
});

describe('static optimisation: reserves, saturation and infeasibility', () => {
  it('a reserve takes its closed-form share, and the excess once the muscle saturates', () => {
    const { model, data, tissue } = singleJoint(['flexor_a']);
    const optimalForce = 2;
    const solver = makeStaticOptimization(model, {
      forceModel: 'ideal',
      reserves: { optimalForce, coordinates: ['elbow_flexion'] },
      coordinates: ['elbow_flexion'],
    });
    const k = elbowMomentArmAtZero('flexor_a') * SINGLE_JOINT_MAX_FORCE.flexor_a;
    const saturation = (k * k + optimalForce * optimalForce) / k;
    // Below saturation: min a^2 + u^2 s.t. k a + o u = tau.
    let tau = 0.5 * saturation;
    let result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: tau }));
    expect(result.status).toBe('optimal');
    expect(data.tissueActivation[tissue('flexor_a')]).toBeCloseTo((k * tau) / (k * k + optimalForce * optimalForce), 12);
    expect(result.actuatorForce[0]).toBeCloseTo((optimalForce * optimalForce * tau) / (k * k + optimalForce * optimalForce), 12);
    expect(result.actuatorForce[0]).toBeLessThan(0.01 * tau);
    // Beyond: the muscle is at a = 1 and the reserve carries the rest.
    tau = 1.5 * saturation;
    result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: tau }));
    expect(result.status).toBe('optimal');
    expect(data.tissueActivation[tissue('flexor_a')]).toBe(1);
    expect(result.actuatorForce[0]).toBeCloseTo(tau - k, 10);
    expect(result.actuatorControl[0]).toBeCloseTo((tau - k) / optimalForce, 10);
  });

  it('without a reserve, a demand beyond the muscle is infeasible: a = 1 and the deficit is reported', () => {
    const { model, data, tissue } = singleJoint(['flexor_a']);
    const solver = makeStaticOptimization(model, { forceModel: 'ideal' });
    const k = elbowMomentArmAtZero('flexor_a') * SINGLE_JOINT_MAX_FORCE.flexor_a;
    const result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: k + 10 }));
    expect(result.status).toBe('infeasible');
    expect(data.tissueActivation[tissue('flexor_a')]).toBe(1);
    expect(result.coordinateResidual[ELBOW]).toBeCloseTo(10, 9);
    expect(result.maxEquationResidual).toBeCloseTo(10, 9);
  });

  it('a coordinate no muscle crosses is infeasible unless a reserve drives it or it is left out', () => {
    const { model, data, tissue } = singleJoint(['flexor_a', 'flexor_b', 'extensor']);
    const tau = torques(model.nq, { [ELBOW]: 10, [WRIST]: 3 });
    let solver = makeStaticOptimization(model, { forceModel: 'ideal' });
    let result = solveStaticOptimization(solver, model, data, tau);
    expect(result.status).toBe('infeasible');
    expect(result.coordinateResidual[WRIST]).toBeCloseTo(3, 12);
    expect(Math.abs(result.coordinateResidual[ELBOW])).toBeLessThan(1e-6);
    for (const value of result.activation) expect(Number.isFinite(value)).toBe(true);
    const elbowActivation = data.tissueActivation[tissue('flexor_a')];

    solver = makeStaticOptimization(model, { forceModel: 'ideal', reserves: { optimalForce: 1, coordinates: ['wrist_flexion'] } });
    result = solveStaticOptimization(solver, model, data, tau);
    expect(result.status).toBe('optimal');
    expect(result.actuatorForce[0]).toBeCloseTo(3, 12);
    expect(data.tissueActivation[tissue('flexor_a')]).toBeCloseTo(elbowActivation, 8);

    solver = makeStaticOptimization(model, { forceModel: 'ideal', coordinates: ['elbow_flexion'] });
    result = solveStaticOptimization(solver, model, data, tau);
    expect(result.status).toBe('optimal');
    // Not enforced, but still reported.
    expect(result.coordinateResidual[WRIST]).toBe(3);

    const locked = singleJoint(['flexor_a', 'flexor_b', 'extensor'], 0, { lockWrist: true });
    solver = makeStaticOptimization(locked.model, { forceModel: 'ideal' });
    expect(Array.from(solver.equationCoordinate)).toEqual([ELBOW]);
    expect(solveStaticOptimization(solver, locked.model, locked.data, tau).status).toBe('optimal');
  });
});

describe('static optimisation: passive forces and activation bounds', () => {
  it('a taut ligament in front of the joint lowers the flexor activation by its moment', () => {
    // Extended by 0.1 rad, the ligament in front of the elbow is stretched further.
    const { model, data, tissue, momentArm } = singleJoint(['flexor_a', 'anterior_ligament'], -0.1);
    const ligament = tissue('anterior_ligament');
    const ligamentForce = passiveTissueForce(
      data.tissueLength[ligament],
      0,
      model.passiveSlackLength[ligament],
      model.passiveStiffness[ligament],
      model.passiveToeStrain[ligament],
      model.passiveDamping[ligament],
    );
    expect(ligamentForce).toBeGreaterThan(0);
    const tau = torques(model.nq, { [ELBOW]: 15 });
    const flexor = tissue('flexor_a');
    const { capacity, passive } = hillCapacity(model, data, flexor);
    const withLigament = makeStaticOptimization(model);
    const withoutLigament = makeStaticOptimization(model, { passiveTissues: false });
    solveStaticOptimization(withLigament, model, data, tau);
    const activationWith = data.tissueActivation[flexor];
    expect(data.tissueForce[ligament]).toBeCloseTo(ligamentForce, 12);
    solveStaticOptimization(withoutLigament, model, data, tau);
    const activationWithout = data.tissueActivation[flexor];
    const r = momentArm('flexor_a');
    expect(activationWith).toBeCloseTo((15 - momentArm('anterior_ligament') * ligamentForce - r * passive) / (r * capacity), 12);
    expect(activationWithout).toBeCloseTo((15 - r * passive) / (r * capacity), 12);
    expect(activationWith).toBeLessThan(activationWithout);
  });

  it("a stretched muscle's own passive force lowers its activation", () => {
    const { model, data, tissue } = singleJoint(['flexor_b'], -0.3);
    const flexor = tissue('flexor_b');
    const { capacity, passive } = hillCapacity(model, data, flexor);
    expect(passive).toBeGreaterThan(10);
    const r = data.tissueMomentArm[flexor * model.nq + ELBOW];
    const tau = torques(model.nq, { [ELBOW]: 10 });
    const physiological = makeStaticOptimization(model, { coordinates: ['elbow_flexion'] });
    const openSimLike = makeStaticOptimization(model, { coordinates: ['elbow_flexion'], musclePassiveForce: false });
    solveStaticOptimization(physiological, model, data, tau);
    const withPassive = data.tissueActivation[flexor];
    solveStaticOptimization(openSimLike, model, data, tau);
    const withoutPassive = data.tissueActivation[flexor];
    expect(withPassive).toBeCloseTo((10 - r * passive) / (r * capacity), 12);
    expect(withoutPassive).toBeCloseTo(10 / (r * capacity), 12);
    expect(withPassive).toBeLessThan(withoutPassive);
  });

  it('activations stay within [minActivation, maxActivation] and bounds bind when needed', () => {
    const { model, data } = singleJoint(['flexor_a', 'flexor_b', 'extensor'], 0.2);
    const options: StaticOptimizationOptions = {
      minActivation: 0.05,
      maxActivation: 0.6,
      reserves: { optimalForce: 1, coordinates: ['elbow_flexion'] },
    };
    const solver = makeStaticOptimization(model, options);
    const random = seededRandom(41);
    let atUpper = 0;
    let atLower = 0;
    for (let trial = 0; trial < 40; trial++) {
      const tau = torques(model.nq, { [ELBOW]: (random() * 2 - 1) * 60 });
      const result = solveStaticOptimization(solver, model, data, tau);
      expect(result.status).toBe('optimal');
      for (const a of result.activation) {
        expect(a).toBeGreaterThanOrEqual(0.05);
        expect(a).toBeLessThanOrEqual(0.6);
        if (a === 0.6) atUpper++;
        if (a === 0.05) atLower++;
      }
      expect(result.maxEquationResidual).toBeLessThanOrEqual(1e-9 * 60);
    }
    expect(atUpper).toBeGreaterThan(0);
    expect(atLower).toBeGreaterThan(0);
  });
});

describe('static optimisation: activation exponent p != 2', () => {
  for (const p of [3, 1.5]) {
    it(`synergists follow a_i proportional to (F0_i r_i)^(1/(p-1)) for p = ${p}`, () => {
      const { model, data, tissue } = singleJoint(['flexor_a', 'flexor_b', 'extensor']);
      const solver = makeStaticOptimization(model, { forceModel: 'ideal', activationExponent: p, coordinates: ['elbow_flexion'] });
      const k = [
        elbowMomentArmAtZero('flexor_a') * SINGLE_JOINT_MAX_FORCE.flexor_a,
        elbowMomentArmAtZero('flexor_b') * SINGLE_JOINT_MAX_FORCE.flexor_b,
      ];
      const tau = 15;
      const result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: tau }));
      expect(result.status).toBe('optimal');
      expect(result.exponentIterations).toBeGreaterThan(0);
      const power = 1 / (p - 1);
      const denominator = k[0] ** (1 + power) + k[1] ** (1 + power);
      expect(data.tissueActivation[tissue('flexor_a')]).toBeCloseTo((tau * k[0] ** power) / denominator, 8);
      expect(data.tissueActivation[tissue('flexor_b')]).toBeCloseTo((tau * k[1] ** power) / denominator, 8);
      expect(data.tissueActivation[tissue('extensor')]).toBe(0);
      expect(result.maxEquationResidual).toBeLessThanOrEqual(1e-9 * tau);
    });
  }

  it('p = 3 meets the KKT conditions of sum a^3 with bounds on the Hill model', () => {
    const { model, data } = singleJoint(['flexor_a', 'flexor_b', 'extensor', 'anterior_ligament'], 0.5);
    const solver = makeStaticOptimization(model, { activationExponent: 3, maxActivation: 0.4, coordinates: ['elbow_flexion'] });
    for (const tau of [5, 12, -8]) {
      const result = solveStaticOptimization(solver, model, data, torques(model.nq, { [ELBOW]: tau }));
      expect(result.status).toBe('optimal');
      expect(result.maxEquationResidual).toBeLessThanOrEqual(1e-9 * Math.abs(tau));
      // One equation: 3 a_i^2 = lambda A_i for free muscles (A_i = r_i k_i), with the sign
      // conditions at the bounds; lambda from the free muscle with the largest |A_i|.
      const column = Array.from(solver.muscleTissue, (t, i) => data.tissueMomentArm[t * model.nq + ELBOW] * solver.muscleCapacity[i]);
      const a = result.activation;
      let lambda = 0;
      let largest = 0;
      a.forEach((value, i) => {
        if (value > 1e-9 && value < 0.4 - 1e-9 && Math.abs(column[i]) > largest) {
          largest = Math.abs(column[i]);
          lambda = (3 * value * value) / column[i];
        }
      });
      expect(largest).toBeGreaterThan(0);
      a.forEach((value, i) => {
        const stationarity = 3 * value * value - lambda * column[i];
        if (value <= 1e-12) expect(stationarity).toBeGreaterThanOrEqual(-1e-7);
        else if (value >= 0.4 - 1e-12) expect(stationarity).toBeLessThanOrEqual(1e-7);
        else expect(Math.abs(stationarity)).toBeLessThanOrEqual(1e-7);
      });
    }
  });
});

describe('static optimisation: warm start and bad input', () => {
  it('warm-started solves of a sequence agree with cold solves, with fewer QP iterations', () => {
    const { model, data } = singleJoint(['flexor_a', 'flexor_b', 'extensor', 'anterior_ligament'], 0.2);
    const options: StaticOptimizationOptions = { maxActivation: 0.5, reserves: { optimalForce: 1, coordinates: ['elbow_flexion', 'wrist_flexion'] } };
    const warm = makeStaticOptimization(model, options);
    const cold = makeStaticOptimization(model, options);
    let warmIterations = 0;
    let coldIterations = 0;
    for (let frame = 0; frame < 30; frame++) {
      const tau = torques(model.nq, { [ELBOW]: 40 + 0.2 * frame, [WRIST]: 0.1 * Math.sin(frame) });
      const coldResult = solveStaticOptimization(cold, model, data, tau, { warmStart: false });
      const coldActivation = Float64Array.from(coldResult.activation);
      coldIterations += coldResult.qpIterations;
      const warmResult = solveStaticOptimization(warm, model, data, tau);
      warmIterations += warmResult.qpIterations;
      for (let i = 0; i < coldActivation.length; i++) expect(warmResult.activation[i]).toBeCloseTo(coldActivation[i], 12);
    }
    expect(warmIterations).toBeLessThan(coldIterations);
  });

  it('rejects unknown or locked coordinates, a bad exponent, NaN targets and a mismatched model', () => {
    const { model, data } = singleJoint(['flexor_a']);
    expectKinechainError(() => makeStaticOptimization(model, { coordinates: ['knee_angle'] }), 'UNKNOWN_NAME');
    expectKinechainError(() => makeStaticOptimization(model, { activationExponent: 1 }), 'OUT_OF_RANGE');
    expectKinechainError(() => makeStaticOptimization(model, { maxActivation: 1.5 }), 'OUT_OF_RANGE');
    expectKinechainError(
      () => makeStaticOptimization(model, { coordinates: ['elbow_flexion'], reserves: { optimalForce: 1, coordinates: ['wrist_flexion'] } }),
      'OUT_OF_RANGE',
    );
    expectKinechainError(() => makeStaticOptimization(model, { reserves: { optimalForce: 0 } }), 'OUT_OF_RANGE');
    expectKinechainError(() => makeStaticOptimization(model, { residuals: { optimalForce: 1, coordinates: ['wrist_flexion'] } }), 'OUT_OF_RANGE');
    const locked = singleJoint(['flexor_a'], 0, { lockWrist: true });
    expectKinechainError(() => makeStaticOptimization(locked.model, { coordinates: ['wrist_flexion'] }), 'OUT_OF_RANGE');
    const solver = makeStaticOptimization(model);
    expectKinechainError(() => solveStaticOptimization(solver, model, data, [Number.NaN, 0]), 'NOT_FINITE');
    expectKinechainError(() => solveStaticOptimization(solver, model, data, [1]), 'MALFORMED_INPUT');
    const other = singleJoint(['flexor_a', 'extensor']);
    expectKinechainError(() => solveStaticOptimization(solver, other.model, other.data, [1, 0]), 'MALFORMED_INPUT');
  });
});
