import { describe, expect, it } from 'vitest';
import {
  buildStandingProblem,
  evaluateStandingForces,
  makeStandingEquilibrium,
  ReserveTier,
  setStandingLimits,
  setStandingMirror,
  solveStandingEquilibrium,
  standingLagrangian,
  standingPoseColumns,
  type StandingLimits,
} from './standing-equilibrium.js';
import { compile } from '../../spec/compile.js';
import { makeData } from '../model/make-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { centreOfPressure, makeFootSupport, PYRAMID_EDGES, updateFootSupport } from '../contact/foot-support.js';
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
    // The envelope theorem needs a pose where the optimal value is differentiable. The
    // reference pose itself sits on a kink (a muscle's activation reaches its zero bound
    // there: the one-sided differences differ by about 3e-3), so the check is made 0.02 rad
    // away, where forward and backward differences agree.
    const q = Float64Array.from(model.coordinateDefault);
    for (const name of ['lumbar_extension', 'neck_extension']) q[coordinate(name)] += 0.02;
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

describe('standing equilibrium: reserves, mirror reduction and the pose-dependent part', () => {
  const mirrorOf = (name: string): string => (name.endsWith('_r') ? `${name.slice(0, -2)}_l` : name.endsWith('_l') ? `${name.slice(0, -2)}_r` : name);
  const partners = model.coordinateName.map((name) => model.coordinateIndex.get(mirrorOf(name)) as number);
  const signs = model.coordinateName.map((name, j) => (partners[j] === j && /(_list|_rotation|_bending|_tz)$/.test(name) ? -1 : 1));
  /**
   * The reference pose with the neck extended and the head flexed a little (about the
   * standing posture's), so that the head's weight asks for extension, which its extensors
   * (the only muscles at the atlanto-occipital joint) can give.
   */
  const heldPose = Float64Array.from(model.coordinateDefault);
  heldPose[coordinate('neck_extension')] = 0.25;
  heldPose[coordinate('head_extension')] = -0.07;

  it('exactly priced reserves are exactly 0 where the muscles and floor can hold the pose', () => {
    const exact = setup();
    const fallback = solveStandingEquilibrium(exact.solver, model, exact.data, heldPose);
    expect(fallback.status).toBe('optimal');
    const activation = Float64Array.from(fallback.activation);
    const priced = solveStandingEquilibrium(exact.solver, model, exact.data, heldPose, { reserves: 'exact-penalty' });
    expect(priced.status).toBe('optimal');
    expect(priced.maxReserve).toBe(0);
    for (let index = 0; index < exact.solver.nMuscle; index++) expect(Math.abs(priced.activation[index] - activation[index])).toBeLessThan(1e-9);
  });

  it('where the pose needs a reserve, it acts on the joints and the floor still carries the body weight', () => {
    // With the head and neck tipped back as far as they go, the head's weight acts well behind
    // its joint; the only head flexors, the small deep neck flexors (longus capitis), cannot
    // hold it, so a reserve must.
    const headTippedBack = Float64Array.from(model.coordinateDefault);
    for (const name of ['head_extension', 'neck_extension']) headTippedBack[coordinate(name)] = model.coordinateRange[2 * coordinate(name) + 1];
    const { data, solver } = setup();
    const result = solveStandingEquilibrium(solver, model, data, headTippedBack);
    expect(result.status).toBe('needs-reserves');
    expect(Math.abs(result.reserveForce[coordinate('head_extension')])).toBeGreaterThan(1e-3);
    for (const name of ['pelvis_tilt', 'pelvis_list', 'pelvis_rotation', 'pelvis_tx', 'pelvis_ty', 'pelvis_tz']) expect(result.reserveForce[coordinate(name)]).toBe(0);
    expect(Math.abs(result.footLoadN[0] + result.footLoadN[1] - solver.bodyWeightN)).toBeLessThan(1e-6 * solver.bodyWeightN);
    expect(result.maxEquilibriumResidual).toBeLessThan(1e-6);
  });

  it('the mirror-reduced QP gives the full solution of a symmetric problem', () => {
    const full = setup();
    const reference = solveStandingEquilibrium(full.solver, model, full.data, heldPose, { reserves: 'exact-penalty' });
    const activation = Float64Array.from(reference.activation);
    const contact = Float64Array.from(reference.contactForce);
    const objective = reference.objective;
    const mirrored = setup();
    setStandingMirror(mirrored.solver, partners, signs);
    const reduced = solveStandingEquilibrium(mirrored.solver, model, mirrored.data, heldPose, { reserves: 'exact-penalty' });
    expect(reduced.status).toBe(reference.status);
    expect(Math.abs(reduced.objective - objective)).toBeLessThan(1e-10 * objective);
    for (let index = 0; index < full.solver.nMuscle; index++) expect(Math.abs(reduced.activation[index] - activation[index])).toBeLessThan(1e-8);
    for (let k = 0; k < contact.length; k++) expect(Math.abs(reduced.contactForce[k] - contact[k])).toBeLessThan(1e-6);
    expect(reduced.maxEquilibriumResidual).toBeLessThan(1e-6);
    // The multipliers mirror too: the Lagrangian (envelope theorem) of both solves agrees.
    forwardKinematics(model, mirrored.data, heldPose);
    pathLength(model, mirrored.data);
    momentArms(model, mirrored.data);
    forwardKinematics(model, full.data, heldPose);
    pathLength(model, full.data);
    momentArms(model, full.data);
    expect(Math.abs(standingLagrangian(mirrored.solver, model, mirrored.data) - standingLagrangian(full.solver, model, full.data))).toBeLessThan(1e-9);
  });

  it('a warm start changes the path, not the solution', () => {
    const { data, solver } = setup();
    const pose = Float64Array.from(heldPose);
    pose[coordinate('lumbar_extension')] = 0.05;
    const cold = solveStandingEquilibrium(solver, model, data, pose, { reserves: 'exact-penalty', warmStart: false });
    const activation = Float64Array.from(cold.activation);
    solveStandingEquilibrium(solver, model, data, heldPose, { reserves: 'exact-penalty' });
    const warm = solveStandingEquilibrium(solver, model, data, pose, { reserves: 'exact-penalty' });
    for (let index = 0; index < solver.nMuscle; index++) expect(Math.abs(warm.activation[index] - activation[index])).toBeLessThan(1e-9);
  });

  it('standingPoseColumns gives the pose-dependent columns and targets exactly as buildStandingProblem', () => {
    const { data, solver } = setup({ ...baseline, tissueForceLimitN: { achilles_tendon_r: 300 }, footLoading: { ...baseline.footLoading, maxHeelLoadFraction: { r: 0.4, l: 1 } } });
    forwardKinematics(model, data, heldPose);
    pathLength(model, data);
    momentArms(model, data);
    evaluateStandingForces(solver, model, data);
    updateFootSupport(solver.support, model, data);
    buildStandingProblem(solver, model, data, ReserveTier.joints);
    const width = solver.nMuscle + solver.nEdge;
    const rows = solver.problem.m;
    const columns = new Float64Array(rows * width);
    const targets = new Float64Array(rows);
    standingPoseColumns(solver, model, data, columns, targets);
    const n = solver.problem.n;
    for (let row = 0; row < rows; row++) {
      expect(targets[row]).toBe(solver.problem.equalityTarget[row]);
      for (let v = 0; v < width; v++) expect(columns[row * width + v]).toBe(solver.problem.equalityMatrix[row * n + v]);
    }
  });
});
