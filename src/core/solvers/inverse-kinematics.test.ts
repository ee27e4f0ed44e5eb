import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { ModelSpecSchema, type ModelSpec } from '../../spec/schema.js';
import type { SkeletonModel } from '../model/model.js';
import { makeSkeletonData } from '../model/make-skeleton-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { bodyPointPosition } from '../kinematics/jacobian.js';
import { isKinechainError, type KinechainError } from '../errors.js';
import { jointChainSpec, seededRandom } from '../../../test/fixtures/joint-chain.js';
import { InverseKinematicsSolver, type InverseKinematicsCoupling, type InverseKinematicsMarker, type InverseKinematicsProblem } from './inverse-kinematics.js';

const chain = compileSkeleton(jointChainSpec());

/** Four non-coplanar markers on every moving body of the chain. */
function chainMarkers(model: SkeletonModel, weight = 1): InverseKinematicsMarker[] {
  const offsets = [
    [0.06, 0.01, 0.0],
    [0.0, 0.07, 0.02],
    [0.01, -0.02, 0.08],
    [-0.05, -0.04, -0.03],
  ];
  const markers: InverseKinematicsMarker[] = [];
  for (let b = 1; b < model.nbody; b++) {
    offsets.forEach((offset, k) => {
      markers.push({ name: `${model.bodyName[b]}_${k}`, body: model.bodyName[b], location: [offset[0] + 0.01 * b, offset[1] - 0.02 * b, offset[2]], weight });
    });
  }
  return markers;
}

/** Ground positions [nmarker*3] of the markers at pose q. */
function markerPositions(model: SkeletonModel, markers: readonly InverseKinematicsMarker[], q: Float64Array): Float64Array {
  const data = makeSkeletonData(model);
  forwardKinematics(model, data, q);
  const out = new Float64Array(3 * markers.length);
  markers.forEach((marker, i) => bodyPointPosition(data, model.bodyIndex.get(marker.body) as number, marker.location, out, 3 * i));
  return out;
}

/** A pose of the chain well inside every range and inside one linear piece of the hip rotation. */
function chainPose(random: () => number): Float64Array {
  const q = new Float64Array(chain.nq);
  for (let j = 0; j < chain.nq; j++) {
    const min = chain.coordinateRange[2 * j];
    const max = chain.coordinateRange[2 * j + 1];
    q[j] = min + (max - min) * (0.25 + 0.5 * random());
  }
  q[chain.coordinateIndex.get('hip_rotation') as number] = 0.3 + 0.4 * random();
  return q;
}

function perturbed(q: Float64Array, random: () => number, size: number): Float64Array {
  return Float64Array.from(q, (value) => value + size * (2 * random() - 1));
}

/**
 * The objective written out independently of the solver: weighted marker errors
 * normalised by the total weight of the markers seen, coordinate tasks, penalties.
 */
function objective(
  model: SkeletonModel,
  problem: InverseKinematicsProblem,
  observations: Float64Array,
  q: Float64Array,
  targets: number[] = [],
  penalty?: (q: Float64Array) => number,
): number {
  const positions = markerPositions(model, problem.markers, q);
  let sum = 0;
  let total = 0;
  problem.markers.forEach((marker, i) => {
    if (Number.isNaN(observations[3 * i]) || marker.weight === 0) return;
    total += marker.weight;
    for (let a = 0; a < 3; a++) sum += marker.weight * (positions[3 * i + a] - observations[3 * i + a]) ** 2;
  });
  let value = total > 0 ? sum / (2 * total) : 0;
  (problem.coordinateTasks ?? []).forEach((task, t) => {
    value += (task.weight * (q[model.coordinateIndex.get(task.coordinate) as number] - targets[t]) ** 2) / 2;
  });
  if (penalty) value += penalty(q);
  return value;
}

/** Central-difference gradient of the objective over the given coordinates. */
function objectiveGradient(f: (q: Float64Array) => number, q: Float64Array, coordinates: number[]): number[] {
  const h = 1e-6;
  return coordinates.map((j) => {
    const plus = Float64Array.from(q);
    const minus = Float64Array.from(q);
    plus[j] += h;
    minus[j] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** Deterministic marker noise of a few millimetres. */
function noisy(observations: Float64Array, random: () => number, size = 0.004): Float64Array {
  return Float64Array.from(observations, (value) => value + size * (2 * random() - 1));
}

function thrown(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

const allCoordinates = Array.from({ length: chain.nq }, (_, j) => j);

describe('InverseKinematicsSolver: exact marker data', () => {
  it('recovers the poses that generated the markers to 1e-8, joint by joint', () => {
    const markers = chainMarkers(chain);
    const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
    const random = seededRandom(11);
    for (let trial = 0; trial < 6; trial++) {
      const truth = chainPose(random);
      const q = perturbed(truth, random, 0.15);
      const result = solver.solve(markerPositions(chain, markers, truth), q);
      expect(result.status).toBe('converged');
      for (let j = 0; j < chain.nq; j++) expect(Math.abs(q[j] - truth[j]), chain.coordinateName[j]).toBeLessThan(1e-8);
      expect(result.cost).toBeLessThan(1e-20);
      expect(result.activeMarkers).toBe(markers.length);
      for (const error of solver.markerSquaredError) expect(error).toBeLessThan(1e-20);
    }
  });

  it('reaches the pose from the default pose as well (a first frame)', () => {
    const markers = chainMarkers(chain);
    const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
    const truth = new Float64Array(chain.nq);
    const random = seededRandom(5);
    for (let j = 0; j < chain.nq; j++) truth[j] = 0.3 * (2 * random() - 1);
    truth[chain.coordinateIndex.get('hip_rotation') as number] = 0.4;
    truth[chain.coordinateIndex.get('knee_angle') as number] = -0.6;
    truth[chain.coordinateIndex.get('pelvis_ty') as number] = 0.8;
    const q = Float64Array.from(chain.coordinateDefault);
    expect(solver.solve(markerPositions(chain, markers, truth), q).status).toBe('converged');
    for (let j = 0; j < chain.nq; j++) expect(Math.abs(q[j] - truth[j]), chain.coordinateName[j]).toBeLessThan(1e-8);
  });

  it('skips missing (NaN) markers and still recovers the pose', () => {
    const markers = chainMarkers(chain);
    const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
    const random = seededRandom(2);
    const truth = chainPose(random);
    const observations = markerPositions(chain, markers, truth);
    // One marker missing on each of three bodies (three remain: the body is still determined).
    const missing = [1, 6, 13];
    for (const i of missing) observations.fill(Number.NaN, 3 * i, 3 * i + 3);
    const q = perturbed(truth, random, 0.1);
    const result = solver.solve(observations, q);
    expect(result.status).toBe('converged');
    expect(result.activeMarkers).toBe(markers.length - missing.length);
    for (let j = 0; j < chain.nq; j++) expect(Math.abs(q[j] - truth[j]), chain.coordinateName[j]).toBeLessThan(1e-8);
    for (const i of missing) {
      expect(solver.markerSquaredError[i]).toBe(0);
      // The model marker is still placed, where the true pose puts it.
      const expected = markerPositions(chain, markers, truth);
      for (let a = 0; a < 3; a++) expect(solver.markerPosition[3 * i + a]).toBeCloseTo(expected[3 * i + a], 9);
    }
  });

  it('reports no-observations and leaves q alone when every marker is missing', () => {
    const markers = chainMarkers(chain);
    const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
    const q = chainPose(seededRandom(4));
    const before = Float64Array.from(q);
    const result = solver.solve(new Float64Array(3 * markers.length).fill(Number.NaN), q);
    expect(result.status).toBe('no-observations');
    expect(Array.from(q)).toEqual(Array.from(before));
  });

  it('converges at once from its own solution (warm start)', () => {
    const markers = chainMarkers(chain);
    const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
    const random = seededRandom(8);
    const truth = chainPose(random);
    const observations = noisy(markerPositions(chain, markers, truth), random);
    const q = perturbed(truth, random, 0.1);
    solver.solve(observations, q);
    const first = Float64Array.from(q);
    const again = solver.solve(observations, q);
    expect(again.iterations).toBeLessThanOrEqual(2);
    for (let j = 0; j < chain.nq; j++) expect(q[j]).toBeCloseTo(first[j], 12);
  });
});

describe('InverseKinematicsSolver: noisy data reaches the weighted least-squares optimum', () => {
  const random = seededRandom(21);
  const truth = chainPose(random);
  const baseMarkers = chainMarkers(chain);
  const observations = noisy(markerPositions(chain, baseMarkers, truth), random);

  it('is a stationary point of the objective written out independently', () => {
    const markers = baseMarkers.map((marker, i) => ({ ...marker, weight: 1 + (i % 4) }));
    const problem = { markers, boundedCoordinates: 'none' as const };
    const solver = new InverseKinematicsSolver(chain, problem);
    const q = perturbed(truth, random, 0.1);
    expect(solver.solve(observations, q).status).toBe('converged');
    const f = (qq: Float64Array) => objective(chain, problem, observations, qq);
    expect(solver.result.cost).toBeCloseTo(f(q), 14);
    // F ~ 1e-6 m^2; its gradient at the optimum vanishes to finite-difference accuracy.
    for (const g of objectiveGradient(f, q, allCoordinates)) expect(Math.abs(g)).toBeLessThan(1e-10);
    // And no coordinate step lowers it.
    for (const j of allCoordinates) {
      for (const step of [-1e-4, 1e-4]) {
        const moved = Float64Array.from(q);
        moved[j] += step;
        expect(f(moved)).toBeGreaterThan(f(q));
      }
    }
  });

  it('depends on relative weights only (the marker term is normalised by the total weight)', () => {
    const markers = baseMarkers.map((marker, i) => ({ ...marker, weight: 1 + (i % 3) }));
    const scaled = markers.map((marker) => ({ ...marker, weight: 7 * marker.weight }));
    const q1 = Float64Array.from(truth);
    const q2 = Float64Array.from(truth);
    const solver1 = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
    const solver2 = new InverseKinematicsSolver(chain, { markers: scaled, boundedCoordinates: 'none' });
    solver1.solve(observations, q1);
    solver2.solve(observations, q2);
    for (let j = 0; j < chain.nq; j++) expect(Math.abs(q1[j] - q2[j])).toBeLessThan(1e-10);
    expect(solver2.result.cost).toBeCloseTo(solver1.result.cost, 15);
  });

  it('fits a marker more closely when its weight rises, and ignores a marker of weight 0', () => {
    const marker = 9;
    const errorWith = (weight: number) => {
      const markers = baseMarkers.map((m, i) => (i === marker ? { ...m, weight } : m));
      const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none' });
      const q = Float64Array.from(truth);
      solver.solve(observations, q);
      return { error: solver.markerSquaredError[marker], q };
    };
    const light = errorWith(1);
    const heavy = errorWith(50);
    expect(heavy.error).toBeLessThan(light.error);
    // Weight 0 = the marker left out (NaN), but its error is still reported.
    const zero = errorWith(0);
    const withoutObservation = Float64Array.from(observations);
    withoutObservation.fill(Number.NaN, 3 * marker, 3 * marker + 3);
    const solver = new InverseKinematicsSolver(chain, { markers: baseMarkers, boundedCoordinates: 'none' });
    const q = Float64Array.from(truth);
    solver.solve(withoutObservation, q);
    for (let j = 0; j < chain.nq; j++) expect(Math.abs(zero.q[j] - q[j])).toBeLessThan(1e-10);
    expect(zero.error).toBeGreaterThan(0);
  });

  it('weighs coordinate tasks against the normalised marker term', () => {
    const tasks = [
      { coordinate: 'knee_angle', weight: 0.02 },
      { coordinate: 'lumbar_rotation', weight: 5 },
    ];
    const targets = [truth[chain.coordinateIndex.get('knee_angle') as number] + 0.2, 0.1];
    const problem = { markers: baseMarkers, coordinateTasks: tasks, boundedCoordinates: 'none' as const };
    const solver = new InverseKinematicsSolver(chain, problem);
    const q = Float64Array.from(truth);
    expect(solver.solve(observations, q, targets).status).toBe('converged');
    const f = (qq: Float64Array) => objective(chain, problem, observations, qq, targets);
    expect(solver.result.cost).toBeCloseTo(f(q), 14);
    for (const g of objectiveGradient(f, q, allCoordinates)) expect(Math.abs(g)).toBeLessThan(1e-10);
    // The heavy task wins over the markers, the light one gives way to them.
    const knee = q[chain.coordinateIndex.get('knee_angle') as number];
    expect(Math.abs(q[chain.coordinateIndex.get('lumbar_rotation') as number] - 0.1)).toBeLessThan(0.01);
    expect(knee - truth[chain.coordinateIndex.get('knee_angle') as number]).toBeGreaterThan(0);
    expect(knee - targets[0]).toBeLessThan(0);
  });
});

describe('InverseKinematicsSolver: bounds, locks and couplings', () => {
  it('stops a bounded coordinate at its range and lets an unbounded one go past it', () => {
    const random = seededRandom(31);
    const truth = chainPose(random);
    const knee = chain.coordinateIndex.get('knee_angle') as number;
    truth[knee] = 0.15; // inside the chain's range [-2, 0.2]
    const spec = jointChainSpec();
    const shank = spec.bodies.find((body) => body.name === 'shank') as ModelSpec['bodies'][number];
    if (shank.joint.type !== 'custom') throw new Error('fixture changed');
    shank.joint.coordinates[0].range = [-2, 0.05];
    const model = compileSkeleton(ModelSpecSchema.parse(spec));
    const markers = chainMarkers(model);
    const observations = noisy(markerPositions(model, markers, truth), random, 0.001);
    const start = perturbed(truth, random, 0.05);
    start[knee] = 0;

    const bounded = new InverseKinematicsSolver(model, { markers, boundedCoordinates: ['knee_angle'] });
    const q = Float64Array.from(start);
    expect(bounded.solve(observations, q).status).toBe('converged');
    expect(q[knee]).toBe(0.05);
    // KKT: the objective still falls towards the outside of the range (positive multiplier).
    const problem = { markers };
    const f = (qq: Float64Array) => objective(model, problem, observations, qq);
    const others = allCoordinates.filter((j) => j !== knee);
    for (const g of objectiveGradient(f, q, others)) expect(Math.abs(g)).toBeLessThan(1e-10);
    expect(objectiveGradient(f, q, [knee])[0]).toBeLessThan(-1e-6);

    const free = new InverseKinematicsSolver(model, { markers, boundedCoordinates: 'none' });
    const unbounded = Float64Array.from(start);
    free.solve(observations, unbounded);
    expect(unbounded[knee]).toBeGreaterThan(0.1);
    expect(free.result.cost).toBeLessThan(bounded.result.cost);
    // 'all' (the default) bounds it too.
    const byDefault = new InverseKinematicsSolver(model, { markers });
    const qDefault = Float64Array.from(start);
    byDefault.solve(observations, qDefault);
    expect(qDefault[knee]).toBe(0.05);
  });

  it('holds a locked coordinate at its default value whatever the start and the markers say', () => {
    const spec = jointChainSpec();
    const arm = spec.bodies.find((body) => body.name === 'arm') as ModelSpec['bodies'][number];
    if (arm.joint.type !== 'revolute') throw new Error('fixture changed');
    arm.joint.coordinates[0].locked = true;
    arm.joint.coordinates[0].defaultValue = 0.3;
    const model = compileSkeleton(ModelSpecSchema.parse(spec));
    const random = seededRandom(41);
    const truth = chainPose(random);
    const armIndex = model.coordinateIndex.get('arm_flexion') as number;
    truth[armIndex] = 1.1;
    const markers = chainMarkers(model);
    const solver = new InverseKinematicsSolver(model, { markers, boundedCoordinates: 'none', coordinateTasks: [{ coordinate: 'arm_flexion', weight: 100 }] });
    const q = perturbed(truth, random, 0.05);
    q[armIndex] = 2;
    const observations = markerPositions(model, markers, truth);
    expect(solver.solve(observations, q, [1.1]).status).toBe('converged');
    expect(q[armIndex]).toBe(0.3);
    // The arm's markers cannot be fitted, and the task on the locked coordinate is dropped
    // (as OpenSim does): the other coordinates minimise the markers' objective alone.
    expect(solver.markerSquaredError[markers.findIndex((marker) => marker.body === 'arm')]).toBeGreaterThan(1e-4);
    const f = (qq: Float64Array) => objective(model, { markers }, observations, qq);
    const others = allCoordinates.filter((j) => j !== armIndex);
    for (const g of objectiveGradient(f, q, others)) expect(Math.abs(g)).toBeLessThan(1e-10);
  });

  const coupling: InverseKinematicsCoupling = {
    dependent: 'ankle_flexion',
    independent: 'knee_angle',
    function: { type: 'naturalCubicSpline', x: [-2, -1, 0, 0.2], y: [-0.5, -0.1, 0.2, 0.25] },
  };
  const couplingValue = (knee: number) => {
    // Evaluate the spline through the solver itself would be circular: use the markers'
    // exact fit instead (below) and check q_dep against the same function via a tiny model.
    const spec = ModelSpecSchema.parse({
      name: 'probe',
      bodies: [
        {
          name: 'probe',
          parent: 'ground',
          massKg: 1,
          centerOfMass: [0, 0, 0],
          inertia: [1, 1, 1, 0, 0, 0],
          joint: {
            name: 'probe',
            type: 'custom',
            coordinates: [{ name: 'x', kind: 'rotational', range: [-3, 3] }],
            spatialTransform: [{ kind: 'translation', axis: [1, 0, 0], coordinate: 'x', function: coupling.function }],
          },
        },
      ],
    });
    const model = compileSkeleton(spec);
    const data = makeSkeletonData(model);
    forwardKinematics(model, data, [knee]);
    return data.bodyPosition[3];
  };

  it('enforces an exact coupling q_dep = f(q_ind) and recovers a coupled pose', () => {
    const random = seededRandom(51);
    const truth = chainPose(random);
    const knee = chain.coordinateIndex.get('knee_angle') as number;
    const ankle = chain.coordinateIndex.get('ankle_flexion') as number;
    truth[ankle] = couplingValue(truth[knee]);
    const markers = chainMarkers(chain);
    const solver = new InverseKinematicsSolver(chain, { markers, boundedCoordinates: 'none', couplings: [coupling] });
    const q = perturbed(truth, random, 0.1);
    expect(solver.solve(markerPositions(chain, markers, truth), q).status).toBe('converged');
    for (let j = 0; j < chain.nq; j++) expect(Math.abs(q[j] - truth[j]), chain.coordinateName[j]).toBeLessThan(1e-8);
    // With noise the coupling still holds exactly.
    const observations = noisy(markerPositions(chain, markers, truth), random);
    solver.solve(observations, q);
    expect(Math.abs(q[ankle] - couplingValue(q[knee]))).toBeLessThan(1e-14);
  });

  it('turns a finite constraint weight into a penalty W (q_dep - f(q_ind))^2 / 2', () => {
    const random = seededRandom(61);
    const truth = chainPose(random);
    const knee = chain.coordinateIndex.get('knee_angle') as number;
    const ankle = chain.coordinateIndex.get('ankle_flexion') as number;
    truth[ankle] = couplingValue(truth[knee]) + 0.2;
    const markers = chainMarkers(chain);
    const observations = markerPositions(chain, markers, truth);
    const weight = 0.05;
    const problem = { markers, boundedCoordinates: 'none' as const, couplings: [coupling], constraintWeight: weight };
    const solver = new InverseKinematicsSolver(chain, problem);
    const q = Float64Array.from(truth);
    expect(solver.solve(observations, q).status).toBe('converged');
    const penalty = (qq: Float64Array) => (weight * (qq[ankle] - couplingValue(qq[knee])) ** 2) / 2;
    const f = (qq: Float64Array) => objective(chain, problem, observations, qq, [], penalty);
    for (const g of objectiveGradient(f, q, allCoordinates)) expect(Math.abs(g)).toBeLessThan(1e-10);
    const gap = q[ankle] - couplingValue(q[knee]);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(0.2);
    // Weight 0 ignores the coupling: the markers are fitted exactly.
    const ignored = new InverseKinematicsSolver(chain, { ...problem, constraintWeight: 0 });
    const q0 = Float64Array.from(truth);
    ignored.solve(observations, q0);
    expect(Math.abs(q0[ankle] - truth[ankle])).toBeLessThan(1e-8);
  });
});

describe('InverseKinematicsSolver: bad input', () => {
  it('names what is wrong', () => {
    const markers = chainMarkers(chain);
    expect(thrown(() => new InverseKinematicsSolver(chain, { markers: [{ ...markers[0], body: 'femur' }] })).code).toBe('UNKNOWN_NAME');
    expect(thrown(() => new InverseKinematicsSolver(chain, { markers: [{ ...markers[0], weight: -1 }] })).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => new InverseKinematicsSolver(chain, { markers: [markers[0], markers[0]] })).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => new InverseKinematicsSolver(chain, { markers, coordinateTasks: [{ coordinate: 'knee', weight: 1 }] })).code).toBe('UNKNOWN_NAME');
    expect(thrown(() => new InverseKinematicsSolver(chain, { markers, accuracy: 0 })).code).toBe('OUT_OF_RANGE');
    const solver = new InverseKinematicsSolver(chain, { markers, coordinateTasks: [{ coordinate: 'knee_angle', weight: 1 }] });
    const q = Float64Array.from(chain.coordinateDefault);
    expect(thrown(() => solver.solve(new Float64Array(3), q, [0])).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => solver.solve(new Float64Array(3 * markers.length), q)).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => solver.solve(new Float64Array(3 * markers.length), q, [Number.NaN])).code).toBe('NOT_FINITE');
  });
});
