import { describe, expect, it } from 'vitest';
import { compileSkeleton } from './compile-skeleton.js';
import { AxisKind, JointType } from '../core/model/model.js';
import { isKinechainError } from '../core/errors.js';
import { ModelSpecSchema, type ModelSpec } from './schema.js';
import { jointChainSpec } from '../../test/fixtures/joint-chain.js';
import { doublePendulumSpec } from '../../test/fixtures/pendulum.js';

function compileError(spec: ModelSpec): { code: string; message: string } {
  try {
    compileSkeleton(spec);
  } catch (error) {
    if (isKinechainError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected compileSkeleton to throw');
}

/** A deep copy of the joint chain spec, changed by `edit`. */
function edited(edit: (spec: ModelSpec) => void): ModelSpec {
  const spec = structuredClone(jointChainSpec());
  edit(spec);
  return spec;
}

function body(spec: ModelSpec, name: string) {
  const found = spec.bodies.find((b) => b.name === name);
  if (!found) throw new Error(`no body ${name}`);
  return found;
}

function customJoint(spec: ModelSpec, bodyName: string) {
  const joint = body(spec, bodyName).joint;
  if (joint.type !== 'custom') throw new Error('not custom');
  return joint;
}

describe('compileSkeleton structure', () => {
  const model = compileSkeleton(jointChainSpec());

  it('puts ground first as a weld and every parent before its children', () => {
    expect(model.bodyName[0]).toBe('ground');
    expect(model.bodyParent[0]).toBe(-1);
    expect(model.jointType[0]).toBe(JointType.weld);
    for (let b = 1; b < model.nbody; b++) expect(model.bodyParent[b]).toBeLessThan(b);
    expect(model.bodyName).toEqual(['ground', 'pelvis', 'thigh', 'shank', 'foot', 'toe', 'toe_tip', 'trunk', 'arm']);
  });

  it('numbers coordinates by body order and records their bodies and support', () => {
    expect(model.nq).toBe(6 + 2 + 1 + 2 + 1 + 3 + 1);
    expect(model.coordinateName.slice(0, 8)).toEqual([
      'pelvis_tilt', 'pelvis_list', 'pelvis_rotation', 'pelvis_tx', 'pelvis_ty', 'pelvis_tz', 'hip_flexion', 'hip_rotation',
    ]);
    const knee = model.coordinateIndex.get('knee_angle') as number;
    expect(model.coordinateBody[knee]).toBe(model.bodyIndex.get('shank'));
    const arm = model.bodyIndex.get('arm') as number;
    const supported = model.coordinateName.filter((_, j) => model.bodyCoordinateSupport[arm * model.nq + j] === 1);
    expect(supported).toEqual([
      'pelvis_tilt', 'pelvis_list', 'pelvis_rotation', 'pelvis_tx', 'pelvis_ty', 'pelvis_tz',
      'lumbar_bending', 'lumbar_rotation', 'lumbar_extension', 'arm_flexion',
    ]);
  });

  it('sums the masses', () => {
    const spec = jointChainSpec();
    expect(model.totalMass).toBeCloseTo(spec.bodies.reduce((sum, b) => sum + b.massKg, 0), 12);
  });

  it('compiles custom joint axes rotations first, in order, normalised', () => {
    const hip = model.bodyIndex.get('thigh') as number;
    const first = model.jointAxisAdr[hip];
    expect(model.jointAxisNum[hip]).toBe(6);
    const kinds = Array.from(model.axisKind.subarray(first, first + 6));
    expect(kinds).toEqual([0, 0, 0, 1, 1, 1].map((k) => (k === 0 ? AxisKind.rotation : AxisKind.translation)));
    expect(Array.from(model.axisDirection.subarray(3 * first, 3 * first + 3))).toEqual([0, 0, 1]);
    const second = Array.from(model.axisDirection.subarray(3 * first + 3, 3 * first + 6));
    expect(Math.hypot(...second)).toBeCloseTo(1, 15);
    // The constant translation listed first in the spec is now the first translation, with no coordinate.
    expect(model.axisCoordinate[first + 3]).toBe(-1);
    expect(model.axisCoordinate[first + 1]).toBe(model.coordinateIndex.get('hip_flexion'));
  });

  it('expands the free joint as Z, X, Y rotations then X, Y, Z translations', () => {
    const pelvis = model.bodyIndex.get('pelvis') as number;
    const first = model.jointAxisAdr[pelvis];
    const directions = Array.from(model.axisDirection.subarray(3 * first, 3 * first + 18));
    expect(directions).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(model.axisCoordinate.subarray(first, first + 6))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stores offset frames as body-fixed X-Y-Z rotations', () => {
    const model2 = compileSkeleton(doublePendulumSpec());
    const link2 = model2.bodyIndex.get('link2') as number;
    expect(Array.from(model2.jointParentFrame.subarray(12 * link2 + 9, 12 * link2 + 12))).toEqual([0, -0.8, 0]);
    const pelvis = model.bodyIndex.get('pelvis') as number;
    const [x, y, z] = [0.1, -0.2, 0.3];
    const r = model.jointParentFrame.subarray(12 * pelvis, 12 * pelvis + 9);
    // Third column of Rx Ry Rz is Rx Ry e_z = [sin y, -sin x cos y, cos x cos y].
    expect(r[2]).toBeCloseTo(Math.sin(y), 15);
    expect(r[5]).toBeCloseTo(-Math.sin(x) * Math.cos(y), 15);
    expect(r[8]).toBeCloseTo(Math.cos(x) * Math.cos(y), 15);
    // First row is [cos y cos z, -cos y sin z, sin y].
    expect(r[1]).toBeCloseTo(-Math.cos(y) * Math.sin(z), 15);
  });

  it('accepts a minimal one-body spec', () => {
    const spec = ModelSpecSchema.parse({
      name: 'block',
      bodies: [{ name: 'block', parent: 'ground', massKg: 1, centerOfMass: [0, 0, 0], inertia: [1, 1, 1, 0, 0, 0], joint: { name: 'fix', type: 'weld' } }],
    });
    const model1 = compileSkeleton(spec);
    expect(model1.nq).toBe(0);
    expect(model1.nbody).toBe(2);
  });
});

describe('compileSkeleton rejects bad specs with INVALID_SPEC naming the culprit', () => {
  const cases: [string, (spec: ModelSpec) => void, string[]][] = [
    ['duplicate body', (s) => (body(s, 'arm').name = 'trunk'), ['duplicate body', 'trunk']],
    ['duplicate joint', (s) => (body(s, 'arm').joint.name = 'lumbar'), ['duplicate joint', 'lumbar']],
    [
      'duplicate coordinate',
      (s) => {
        const joint = body(s, 'arm').joint;
        if (joint.type === 'revolute') joint.coordinates[0].name = 'knee_angle';
      },
      ['duplicate coordinate', 'knee_angle', 'knee', 'shoulder'],
    ],
    ['reserved body name', (s) => (body(s, 'arm').name = 'ground'), ['reserved', 'ground']],
    ['unknown parent', (s) => (body(s, 'arm').parent = 'trunc'), ['arm', 'unknown parent', 'trunc', 'did you mean "trunk"']],
    ['cycle', (s) => (body(s, 'pelvis').parent = 'toe_tip'), ['cycle', 'pelvis', 'toe_tip']],
    ['self parent', (s) => (body(s, 'arm').parent = 'arm'), ['cycle', 'arm']],
    [
      'inverted range',
      (s) => {
        const joint = body(s, 'arm').joint;
        if (joint.type === 'revolute') joint.coordinates[0].range = [1, -1];
      },
      ['arm_flexion', 'shoulder', 'inverted range'],
    ],
    [
      'empty range',
      (s) => {
        const joint = body(s, 'arm').joint;
        if (joint.type === 'revolute') joint.coordinates[0].range = [0.5, 0.5];
      },
      ['arm_flexion', 'empty'],
    ],
    [
      'default outside range',
      (s) => {
        const joint = body(s, 'arm').joint;
        if (joint.type === 'revolute') joint.coordinates[0].defaultValue = 3.5;
      },
      ['arm_flexion', 'defaultValue 3.5', 'outside'],
    ],
    ['NaN mass', (s) => (body(s, 'foot').massKg = Number.NaN), ['foot', 'massKg', 'finite']],
    ['NaN centre of mass', (s) => (body(s, 'foot').centerOfMass = [0, Number.NaN, 0]), ['foot', 'centerOfMass[1]']],
    ['infinite location', (s) => (body(s, 'toe').joint.locationInParent = [Infinity, 0, 0]), ['mtp', 'location']],
    [
      'NaN range',
      (s) => {
        const joint = body(s, 'trunk').joint;
        if (joint.type === 'ball') joint.coordinates[1].range = [Number.NaN, 1];
      },
      ['lumbar_rotation', 'range'],
    ],
    [
      'NaN spline value',
      (s) => {
        const f = customJoint(s, 'shank').spatialTransform[3].function;
        if (f.type === 'naturalCubicSpline') f.y[2] = Number.NaN;
      },
      ['knee', 'axis', 'y[2]'],
    ],
    [
      'non-increasing knots',
      (s) => {
        const f = customJoint(s, 'shank').spatialTransform[4].function;
        if (f.type === 'naturalCubicSpline') f.x[2] = -1.0;
      },
      ['knee', 'strictly increasing'],
    ],
    [
      'knot length mismatch',
      (s) => {
        const f = customJoint(s, 'shank').spatialTransform[4].function;
        if (f.type === 'naturalCubicSpline') f.y.pop();
      },
      ['knee', '4 x values but 3 y values'],
    ],
    [
      'four rotation axes',
      (s) => {
        const joint = customJoint(s, 'shank');
        joint.spatialTransform[5] = { kind: 'rotation', axis: [1, 0, 0], coordinate: null, function: { type: 'constant', value: 0 } };
      },
      ['knee', '4 rotation', 'at most 3'],
    ],
    [
      'four translation axes',
      (s) => {
        const joint = customJoint(s, 'shank');
        joint.spatialTransform[1] = { kind: 'translation', axis: [1, 0, 0], coordinate: null, function: { type: 'constant', value: 0 } };
      },
      ['knee', '4 translation'],
    ],
    [
      'axis coordinate not on the joint',
      (s) => (customJoint(s, 'shank').spatialTransform[0].coordinate = 'hip_flexion'),
      ['knee', 'hip_flexion', 'not declared on this joint'],
    ],
    [
      'zero-length axis',
      (s) => (customJoint(s, 'thigh').spatialTransform[2].axis = [0, 0, 0]),
      ['hip', 'zero-length'],
    ],
    [
      'zero-length revolute axis',
      (s) => {
        const joint = body(s, 'arm').joint;
        if (joint.type === 'revolute') joint.axis = [0, 0, 0];
      },
      ['shoulder', 'zero-length'],
    ],
    [
      'unused custom coordinate',
      (s) => customJoint(s, 'shank').coordinates.push({ name: 'knee_spare', kind: 'rotational', range: [-1, 1], defaultValue: 0, locked: false }),
      ['knee_spare', 'knee', 'drives no transform axis'],
    ],
    [
      'translational coordinate on a revolute joint',
      (s) => {
        const joint = body(s, 'arm').joint;
        if (joint.type === 'revolute') joint.coordinates[0].kind = 'translational';
      },
      ['arm_flexion', 'shoulder', 'must be rotational'],
    ],
  ];

  it.each(cases)('%s', (_label, edit, fragments) => {
    const error = compileError(edited(edit));
    expect(error.code).toBe('INVALID_SPEC');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });
});
