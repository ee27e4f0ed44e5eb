/**
 * makeSkeletonData(model) -> the skeleton part of Data: coordinates, body poses, the
 * space jacobian columns, generalised forces, the mass matrix, and the private scratch
 * of the kinematics and dynamics algorithms. Allocated once; the algorithms only write.
 *
 * Scratch keys (all Float64Array):
 * - forwardKinematics (read by jacobians, rnea, crba):
 *   axisWorld [naxis*3]      each transform axis in ground: rotation axes after the
 *                            preceding rotations of their joint, translation axes as
 *                            the parent offset frame's axes
 *   axisSlope [naxis]        f'(q) (0 for axes with no coordinate)
 *   axisCurvature [naxis]    f''(q)
 *   jointCenter [nbody*3]    origin of the child offset frame M in ground: the point the
 *                            joint's rotations turn about
 *   functionValue [3]        temporary [value, d1, d2] of one function evaluation
 *   axisShape [naxis]        constant per model: AxisShape code (below),
 *                            rotations about exact X, Y, Z take a cheaper path
 *   jointRotationNum [nbody] constant per model: number of rotation axes of each joint
 *   axisFirstTouch [naxis]   constant per model: 1 if the axis is the first, in the order
 *                            the kernel visits them (translations, then rotations), that
 *                            drives its coordinate (it sets the column; later axes add)
 *   frameFlags [nbody*3]     constant per model: 1 if the parent offset rotation is the
 *                            identity, 1 if the child offset rotation is the identity,
 *                            1 if the child offset origin is zero (skips multiplications)
 * - rnea / crba:
 *   bodyVelocity [nbody*6], bodyAcceleration [nbody*6], bodyForce [nbody*6]
 *                            spatial vectors in ground at the ground origin (spatial.ts)
 *   compositeInertia [nbody*10]   composite (subtree) spatial inertia in ground for crba
 *                                 (spatial.ts layout)
 *   spatialColumn [6]        temporary I*S column (crba)
 *   simpleJoint [nbody]      constant per model: 1 if the joint moves along at most one
 *                            axis with a function whose second derivative is zero, so
 *                            its S-dot qd vanishes (revolute, slider, weld)
 * - centre of mass:
 *   subtreeMass [nbody*4]    mass of each body's subtree and its first moment sum(m c) (3)
 */
import { AxisKind, FunctionType, type SkeletonData, type SkeletonModel } from './model.js';
import { mat3Identity, mat3IsIdentity } from '../math/mat3.js';

/** scratch.axisShape codes: the joint kernel turns about exact X, Y, Z axes with fewer operations. */
export const AxisShape = {
  rotationX: 0,
  rotationY: 1,
  rotationZ: 2,
  rotationGeneral: 3,
  translation: 4,
} as const;

function frameFlags(model: SkeletonModel): Float64Array {
  const flags = new Float64Array(model.nbody * 3);
  for (let b = 0; b < model.nbody; b++) {
    const child = 12 * b;
    flags[3 * b] = mat3IsIdentity(model.jointParentFrame, 12 * b) ? 1 : 0;
    flags[3 * b + 1] = mat3IsIdentity(model.jointChildFrame, child) ? 1 : 0;
    const origin = model.jointChildFrame;
    flags[3 * b + 2] = origin[child + 9] === 0 && origin[child + 10] === 0 && origin[child + 11] === 0 ? 1 : 0;
  }
  return flags;
}

function axisShapes(model: SkeletonModel): Float64Array {
  const shapes = new Float64Array(model.naxis);
  for (let k = 0; k < model.naxis; k++) {
    const [x, y, z] = model.axisDirection.subarray(3 * k, 3 * k + 3);
    if (model.axisKind[k] === AxisKind.translation) shapes[k] = AxisShape.translation;
    else if (x === 1 && y === 0 && z === 0) shapes[k] = AxisShape.rotationX;
    else if (x === 0 && y === 1 && z === 0) shapes[k] = AxisShape.rotationY;
    else if (x === 0 && y === 0 && z === 1) shapes[k] = AxisShape.rotationZ;
    else shapes[k] = AxisShape.rotationGeneral;
  }
  return shapes;
}

function jointRotationCounts(model: SkeletonModel): Float64Array {
  const counts = new Float64Array(model.nbody);
  for (let b = 0; b < model.nbody; b++) {
    for (let k = model.jointAxisAdr[b]; k < model.jointAxisAdr[b] + model.jointAxisNum[b]; k++) {
      if (model.axisKind[k] === AxisKind.rotation) counts[b]++;
    }
  }
  return counts;
}

function axisFirstTouches(model: SkeletonModel): Float64Array {
  const first = new Float64Array(model.naxis);
  const touched = new Set<number>();
  for (let b = 0; b < model.nbody; b++) {
    const start = model.jointAxisAdr[b];
    const end = start + model.jointAxisNum[b];
    const visitOrder: number[] = [];
    for (let k = start; k < end; k++) if (model.axisKind[k] === AxisKind.translation) visitOrder.push(k);
    for (let k = start; k < end; k++) if (model.axisKind[k] === AxisKind.rotation) visitOrder.push(k);
    for (const k of visitOrder) {
      const j = model.axisCoordinate[k];
      if (j < 0 || touched.has(j)) continue;
      touched.add(j);
      first[k] = 1;
    }
  }
  return first;
}

/** True when a function's second derivative is zero everywhere (multipliers unwrapped). */
function hasNoCurvature(model: SkeletonModel, f: number): boolean {
  let inner = f;
  while (model.functionType[inner] === FunctionType.multiplier) inner = model.functionInner[inner];
  const type = model.functionType[inner];
  return type === FunctionType.constant || type === FunctionType.linear || type === FunctionType.piecewiseLinear;
}

function simpleJoints(model: SkeletonModel): Float64Array {
  const simple = new Float64Array(model.nbody);
  for (let b = 0; b < model.nbody; b++) {
    let moving = 0;
    let curved = false;
    for (let k = model.jointAxisAdr[b]; k < model.jointAxisAdr[b] + model.jointAxisNum[b]; k++) {
      if (model.axisCoordinate[k] < 0) continue;
      moving++;
      if (!hasNoCurvature(model, model.axisFunction[k])) curved = true;
    }
    simple[b] = moving <= 1 && !curved ? 1 : 0;
  }
  return simple;
}

export function makeSkeletonData(model: SkeletonModel): SkeletonData {
  const { nbody, nq, naxis } = model;
  const bodyRotation = new Float64Array(nbody * 9);
  for (let b = 0; b < nbody; b++) mat3Identity(bodyRotation, 9 * b);
  const q = Float64Array.from(model.coordinateDefault);
  return {
    q,
    qd: new Float64Array(nq),
    qdd: new Float64Array(nq),
    bodyRotation,
    bodyPosition: new Float64Array(nbody * 3),
    coordinateMotion: new Float64Array(nq * 6),
    comPosition: new Float64Array(3),
    generalizedForce: new Float64Array(nq),
    massMatrix: new Float64Array(nq * nq),
    scratch: {
      axisWorld: new Float64Array(naxis * 3),
      axisSlope: new Float64Array(naxis),
      axisCurvature: new Float64Array(naxis),
      jointCenter: new Float64Array(nbody * 3),
      functionValue: new Float64Array(3),
      frameFlags: frameFlags(model),
      axisShape: axisShapes(model),
      jointRotationNum: jointRotationCounts(model),
      axisFirstTouch: axisFirstTouches(model),
      bodyVelocity: new Float64Array(nbody * 6),
      bodyAcceleration: new Float64Array(nbody * 6),
      bodyForce: new Float64Array(nbody * 6),
      compositeInertia: new Float64Array(nbody * 10),
      spatialColumn: new Float64Array(6),
      simpleJoint: simpleJoints(model),
      subtreeMass: new Float64Array(nbody * 4),
    },
  };
}
