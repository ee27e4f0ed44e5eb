/**
 * Conditional (OpenSim ConditionalPathPoint) and moving (MovingPathPoint) path points:
 * moment arms are -dL/dq (central differences, 1e-6 relative) with moving points, across
 * (not at) a conditional point's switch, and on wrapped segments; path velocity is dL/dt;
 * an inactive conditional point is exactly a removed point; constant location functions
 * are exactly a fixed point.
 */
import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from './path-length.js';
import { momentArms } from './moment-arm.js';
import { pathVelocity } from './path-velocity.js';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { compileTissues } from '../../spec/compile-tissues.js';
import { ModelSpecSchema, type ModelSpecInput } from '../../spec/schema.js';
import { KinechainError } from '../errors.js';
import { HUMERUS_LENGTH, twoLinkArmInput } from '../../../test/fixtures/two-link-arm.js';
import { buildTissueModel, lengthsAt, type TissueTestData, type TissueTestModel } from '../../../test/fixtures/tissue-model.js';

type TissueInput = NonNullable<ModelSpecInput['tissues']>[number];
type PointInput = TissueInput['path']['points'][number];
type WrapInput = NonNullable<TissueInput['path']['wraps']>[number];

const MUSCLE_LAW = { type: 'muscle', maxIsometricForceN: 500, optimalFiberLengthM: 0.1, tendonSlackLengthM: 0.1 } as const;

function muscle(name: string, points: TissueInput['path']['points'], wraps: TissueInput['path']['wraps'] = []): TissueInput {
  return { name, kind: 'muscle', region: 'arm', side: 'r', path: { points, wraps }, law: MUSCLE_LAW, source: 'assumption: test path' };
}

const ELBOW_CYLINDER: WrapInput = {
  type: 'cylinder',
  name: 'elbow_cylinder',
  body: 'humerus',
  center: [0, -HUMERUS_LENGTH, 0],
  axis: [0, 0, 1],
  radiusM: 0.022,
  sign: 1,
  between: [0, 1],
};

const ELBOW_ELLIPSOID: WrapInput = {
  type: 'ellipsoid',
  name: 'elbow_ellipsoid',
  body: 'humerus',
  center: [0, -HUMERUS_LENGTH, 0],
  radiiM: [0.022, 0.026, 0.2],
  between: [0, 1],
};

/** A moving olecranon: x and y follow the elbow (splines), z is fixed. */
const MOVING_OLECRANON: PointInput = {
  body: 'forearm',
  location: [-0.022, 0.025, -0.006],
  movingLocation: {
    x: { coordinate: 'elbow_flexion', function: { type: 'naturalCubicSpline', x: [0, 1, 2, 2.6], y: [-0.022, -0.025, -0.021, -0.018] } },
    y: { coordinate: 'elbow_flexion', function: { type: 'simmSpline', x: [0, 1.2, 2.6], y: [0.025, 0.03, 0.027] } },
  },
};

function variablePointsArm(): ModelSpecInput {
  const input = twoLinkArmInput();
  input.tissues = [
    ...(input.tissues ?? []),
    muscle('moving_flexor', [
      { body: 'ground', location: [0.02, 1.43, 0.01] },
      {
        body: 'humerus',
        location: [0.03, -0.06, 0.005],
        movingLocation: {
          x: { coordinate: 'elbow_flexion', function: { type: 'naturalCubicSpline', x: [0, 0.8, 1.6, 2.6], y: [0.03, 0.036, 0.041, 0.038] } },
          y: { coordinate: 'shoulder_z', function: { type: 'linear', slope: 0.01, intercept: -0.06 } },
          z: { coordinate: 'elbow_flexion', function: { type: 'multiplier', scale: 0.5, function: { type: 'simmSpline', x: [0, 1, 2.6], y: [0.01, 0.02, 0.012] } } },
        },
      },
      {
        body: 'forearm',
        location: [0.018, -0.045, 0],
        movingLocation: { y: { coordinate: 'elbow_flexion', function: { type: 'linear', slope: 0.004, intercept: -0.045 } } },
      },
    ]),
    muscle('conditional_flexor', [
      { body: 'humerus', location: [0.02, -0.1, 0.01] },
      { body: 'humerus', location: [0.045, -0.24, 0.0], activeRange: { coordinate: 'elbow_flexion', min: 0.5, max: 1.5 } },
      { body: 'forearm', location: [0.02, -0.05, 0.004] },
    ]),
    muscle('moving_triceps', [{ body: 'humerus', location: [-0.025, -0.08, 0.012] }, MOVING_OLECRANON], [ELBOW_CYLINDER]),
    muscle('moving_triceps_ellipsoid', [{ body: 'humerus', location: [-0.025, -0.08, 0.012] }, MOVING_OLECRANON], [ELBOW_ELLIPSOID]),
    // The wrap is given on [1, 2]; point 1 is conditional, so while it is off the wrap acts on 0 -> 2.
    muscle(
      'conditional_triceps',
      [
        { body: 'humerus', location: [-0.025, -0.08, 0.012] },
        { body: 'humerus', location: [-0.028, -0.18, 0.012], activeRange: { coordinate: 'shoulder_x', min: -0.2, max: 0.2 } },
        { body: 'forearm', location: [-0.022, 0.025, -0.006] },
      ],
      [{ ...ELBOW_CYLINDER, between: [1, 2] }],
    ),
  ];
  return input;
}

const arm = buildTissueModel(ModelSpecSchema.parse(variablePointsArm()));

function tissue(name: string): number {
  return arm.model.tissueIndex.get(name) as number;
}

function pose(shoulder: [number, number, number], elbow: number): Float64Array {
  const q = new Float64Array(arm.model.nq);
  q[arm.model.coordinateIndex.get('shoulder_x') as number] = shoulder[0];
  q[arm.model.coordinateIndex.get('shoulder_y') as number] = shoulder[1];
  q[arm.model.coordinateIndex.get('shoulder_z') as number] = shoulder[2];
  q[arm.model.coordinateIndex.get('elbow_flexion') as number] = elbow;
  return q;
}

function evaluate(model: TissueTestModel, data: TissueTestData, q: ArrayLike<number>): void {
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
}

/** r = -dL/dq against central differences (step 1e-5), 1e-6 relative with a 0.1 mm floor. */
function expectMomentArmsMatchFiniteDifferences(q: Float64Array, tissues: readonly string[]): void {
  const { model, data } = arm;
  evaluate(model, data, q);
  const analytic = Float64Array.from(data.tissueMomentArm);
  const step = 1e-5;
  for (let j = 0; j < model.nq; j++) {
    const plus = Float64Array.from(q);
    const minus = Float64Array.from(q);
    plus[j] += step;
    minus[j] -= step;
    const lengthPlus = lengthsAt(model, data, plus);
    const lengthMinus = lengthsAt(model, data, minus);
    for (const name of tissues) {
      const t = tissue(name);
      const numeric = -(lengthPlus[t] - lengthMinus[t]) / (2 * step);
      const r = analytic[t * model.nq + j];
      expect(Math.abs(r - numeric) / Math.max(Math.abs(r), 1e-4), `${name} / ${model.coordinateName[j]}`).toBeLessThan(1e-6);
    }
  }
}

describe('moving path points', () => {
  it('give moment arms equal to -dL/dq, including the coordinates that move the points within their bodies', () => {
    for (const elbow of [0.3, 1.1, 2.0]) {
      expectMomentArmsMatchFiniteDifferences(pose([0.2, -0.3, 0.4], elbow), ['moving_flexor', 'moving_triceps']);
    }
  });

  it('the moving terms matter: a fixed copy of the point at the same place has a different elbow moment arm', () => {
    const q = pose([0.2, -0.3, 0.4], 1.1);
    evaluate(arm.model, arm.data, q);
    const elbow = arm.model.coordinateIndex.get('elbow_flexion') as number;
    const moving = arm.data.tissueMomentArm[tissue('moving_flexor') * arm.model.nq + elbow];
    const first = arm.model.tissuePointAdr[tissue('moving_flexor')];
    const frozen = variablePointsArm();
    const flexor = (frozen.tissues ?? []).find((candidate) => candidate.name === 'moving_flexor') as TissueInput;
    flexor.path.points = flexor.path.points.map((point, k) => ({ body: point.body, location: localLocation(first + k) }));
    const fixed = buildTissueModel(ModelSpecSchema.parse(frozen));
    evaluate(fixed.model, fixed.data, q);
    const t = fixed.model.tissueIndex.get('moving_flexor') as number;
    expect(fixed.data.tissueLength[t]).toBeCloseTo(arm.data.tissueLength[tissue('moving_flexor')], 14);
    expect(Math.abs(fixed.data.tissueMomentArm[t * fixed.model.nq + elbow] - moving)).toBeGreaterThan(1e-4);
  });

  it('stop at the ends of their coordinate range (clamped as OpenSim), and the moment arms still match', () => {
    const inside = lengthsAt(arm.model, arm.data, pose([0, 0, 0], 2.6));
    // Beyond elbow 2.6 only the forearm turns; the point's own motion has stopped.
    evaluate(arm.model, arm.data, pose([0, 0, 0], 2.7));
    const rate = arm.data.pointLocationRate;
    const first = arm.model.tissuePointAdr[tissue('moving_flexor')];
    // x and z follow the elbow (stopped); y follows shoulder_z (inside its range: slope 0.01); the insertion follows the elbow.
    expect(Array.from(rate.subarray(first * 3 + 3, first * 3 + 9))).toEqual([0, 0.01, 0, 0, 0, 0]);
    expect(inside[tissue('moving_flexor')]).not.toBe(arm.data.tissueLength[tissue('moving_flexor')]);
    expectMomentArmsMatchFiniteDifferences(pose([0.1, 0.2, 0.3], 2.7), ['moving_flexor', 'moving_triceps']);
  });

  it('keep moment arms exact on a cylinder-wrapped and an ellipsoid-wrapped segment', () => {
    for (const elbow of [2.1, 2.4]) {
      const q = pose([-0.3, 0.5, 0.8], elbow);
      evaluate(arm.model, arm.data, q);
      const first = arm.model.tissueWrapAdr[tissue('moving_triceps')];
      const ellipsoid = arm.model.tissueWrapAdr[tissue('moving_triceps_ellipsoid')];
      expect(arm.data.wrapActive[first]).toBe(1);
      expect(arm.data.wrapActive[ellipsoid]).toBe(1);
      expectMomentArmsMatchFiniteDifferences(q, ['moving_triceps', 'moving_triceps_ellipsoid']);
    }
  });

  it('with constant location functions are a fixed point, bit for bit', () => {
    const constantInput = variablePointsArm();
    const fixedInput = variablePointsArm();
    const location: [number, number, number] = [0.031, -0.058, 0.006];
    const constant = (value: number) => ({ coordinate: 'elbow_flexion', function: { type: 'constant' as const, value } });
    const replace = (input: ModelSpecInput, point: TissueInput['path']['points'][number]) => {
      const flexor = (input.tissues ?? []).find((candidate) => candidate.name === 'moving_flexor') as TissueInput;
      flexor.path.points[1] = point;
    };
    replace(constantInput, {
      body: 'humerus',
      location: [9, 9, 9],
      movingLocation: { x: constant(location[0]), y: constant(location[1]), z: constant(location[2]) },
    });
    replace(fixedInput, { body: 'humerus', location });
    const withConstants = buildTissueModel(ModelSpecSchema.parse(constantInput));
    const withFixed = buildTissueModel(ModelSpecSchema.parse(fixedInput));
    for (const elbow of [0.4, 1.7]) {
      const q = pose([0.2, -0.1, 0.5], elbow);
      evaluate(withConstants.model, withConstants.data, q);
      evaluate(withFixed.model, withFixed.data, q);
      expect(withConstants.data.tissueLength).toEqual(withFixed.data.tissueLength);
      expect(withConstants.data.pointWorld).toEqual(withFixed.data.pointWorld);
      expect(withConstants.data.tissueMomentArm).toEqual(withFixed.data.tissueMomentArm);
    }
    expect(withConstants.model.tissueReferenceLength).toEqual(withFixed.model.tissueReferenceLength);
  });
});

describe('conditional path points', () => {
  it('give moment arms equal to -dL/dq on both sides of the switch (not at it)', () => {
    for (const elbow of [0.45, 0.55, 1.45, 1.55]) {
      expectMomentArmsMatchFiniteDifferences(pose([0.2, -0.3, 0.4], elbow), ['conditional_flexor']);
    }
    for (const shoulderX of [-0.25, -0.15, 0.15, 0.25]) {
      const q = pose([shoulderX, 0.5, 0.8], 2.3);
      evaluate(arm.model, arm.data, q);
      expect(arm.data.wrapActive[arm.model.tissueWrapAdr[tissue('conditional_triceps')]]).toBe(1);
      expectMomentArmsMatchFiniteDifferences(q, ['conditional_triceps']);
    }
  });

  it('switch on exactly over [min, max] and jump in length there', () => {
    const flexor = tissue('conditional_flexor');
    const via = arm.model.tissuePointAdr[flexor] + 1;
    const activeAt = (elbow: number) => {
      lengthsAt(arm.model, arm.data, pose([0, 0, 0], elbow));
      return arm.data.pointActive[via];
    };
    expect([0.4999, 0.5, 1.0, 1.5, 1.5001].map(activeAt)).toEqual([0, 1, 1, 1, 0]);
    const below = lengthsAt(arm.model, arm.data, pose([0, 0, 0], 0.5 - 1e-9))[flexor];
    const at = lengthsAt(arm.model, arm.data, pose([0, 0, 0], 0.5))[flexor];
    expect(at - below).toBeGreaterThan(1e-4);
  });

  it('outside its range change the length exactly as removing the point does, wrapped or not', () => {
    const removedInput = variablePointsArm();
    for (const candidate of removedInput.tissues ?? []) {
      if (candidate.name === 'conditional_flexor' || candidate.name === 'conditional_triceps') {
        candidate.path.points.splice(1, 1);
        candidate.path.wraps = (candidate.path.wraps ?? []).map((wrap) => ({ ...wrap, between: [0, 1] }));
      }
    }
    const removed = buildTissueModel(ModelSpecSchema.parse(removedInput));
    for (const [shoulderX, elbow] of [
      [0.5, 0.2],
      [-0.4, 2.3],
      [0.3, 1.9],
    ]) {
      const q = pose([shoulderX, 0.5, 0.8], elbow);
      evaluate(arm.model, arm.data, q);
      evaluate(removed.model, removed.data, q);
      for (const name of ['conditional_flexor', 'conditional_triceps']) {
        const t = tissue(name);
        const r = removed.model.tissueIndex.get(name) as number;
        expect(arm.data.tissueLength[t], name).toBe(removed.data.tissueLength[r]);
        expect(arm.data.tissueMomentArm.subarray(t * arm.model.nq, (t + 1) * arm.model.nq)).toEqual(
          removed.data.tissueMomentArm.subarray(r * removed.model.nq, (r + 1) * removed.model.nq),
        );
      }
    }
  });
});

describe('path velocity with conditional and moving points', () => {
  it('equals dL/dt by central differences along a motion', () => {
    const q0 = pose([0.1, -0.2, 0.3], 1.0);
    const qd = Float64Array.from([0.7, -0.4, 0.9, 1.3]);
    const { model, data } = arm;
    evaluate(model, data, q0);
    pathVelocity(model, data, qd);
    const velocity = Float64Array.from(data.tissueVelocity);
    const h = 1e-6;
    const at = (dt: number) => lengthsAt(model, data, q0.map((value, j) => value + qd[j] * dt));
    const plus = at(h);
    const minus = at(-h);
    for (const name of ['moving_flexor', 'conditional_flexor', 'moving_triceps', 'conditional_triceps']) {
      const t = tissue(name);
      const numeric = (plus[t] - minus[t]) / (2 * h);
      expect(Math.abs(velocity[t] - numeric) / Math.max(Math.abs(numeric), 1e-4), name).toBeLessThan(1e-6);
    }
  });
});

describe('compiling conditional and moving points', () => {
  function compileWith(point: TissueInput['path']['points'][number]): unknown {
    const input = twoLinkArmInput();
    input.tissues = [muscle('probe', [{ body: 'ground', location: [0, 1.4, 0.05] }, point, { body: 'forearm', location: [0, -0.1, 0] }])];
    const spec = ModelSpecSchema.parse(input);
    try {
      compileTissues(spec, compileSkeleton(spec));
      return null;
    } catch (error) {
      return error;
    }
  }

  it('rejects an unknown coordinate, a reversed range and a bad function, naming the tissue and point', () => {
    const unknown = compileWith({ body: 'humerus', location: [0, -0.1, 0], activeRange: { coordinate: 'elbow_flex', min: 0, max: 1 } });
    expect(unknown).toBeInstanceOf(KinechainError);
    expect((unknown as KinechainError).code).toBe('INVALID_SPEC');
    expect((unknown as Error).message).toMatch(/tissue "probe": path point 1 activeRange names unknown coordinate "elbow_flex".*elbow_flexion/);
    const reversed = compileWith({ body: 'humerus', location: [0, -0.1, 0], activeRange: { coordinate: 'elbow_flexion', min: 1, max: 0 } });
    expect((reversed as Error).message).toMatch(/activeRange \[1, 0\]; give finite min <= max/);
    const badSpline = compileWith({
      body: 'humerus',
      location: [0, -0.1, 0],
      movingLocation: { z: { coordinate: 'elbow_flexion', function: { type: 'naturalCubicSpline', x: [0, 0], y: [1, 2] } } },
    });
    expect((badSpline as KinechainError).code).toBe('INVALID_SPEC');
    expect((badSpline as Error).message).toMatch(/movingLocation\.z.*strictly increasing/);
    expect(compileWith({ body: 'humerus', location: [0, -0.1, 0], activeRange: { coordinate: 'elbow_flexion', min: 0, max: 1 } })).toBeNull();
  });
});

/** Body-frame location of global point `point` at the pose of the last evaluation (from pointWorld). */
function localLocation(point: number): [number, number, number] {
  const body = arm.model.pointBody[point];
  const rotation = arm.data.bodyRotation.subarray(body * 9, body * 9 + 9);
  const origin = arm.data.bodyPosition.subarray(body * 3, body * 3 + 3);
  const d = [0, 1, 2].map((i) => arm.data.pointWorld[point * 3 + i] - origin[i]);
  // x_body = R^T (x_ground - origin)
  return [0, 1, 2].map((k) => rotation[k] * d[0] + rotation[3 + k] * d[1] + rotation[6 + k] * d[2]) as [number, number, number];
}
