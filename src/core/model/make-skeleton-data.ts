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
 *   axisValue [naxis]        f(q) of the axis (rad or m)
 *   axisSlope [naxis]        f'(q) (0 for axes with no coordinate)
 *   axisCurvature [naxis]    f''(q)
 *   jointCenter [nbody*3]    origin of the child offset frame M in ground: the point the
 *                            joint's rotations turn about
 *   axisRotation [9]         temporary rotation of one transform axis
 *   functionValue [3]        temporary [value, d1, d2] of one function evaluation
 *   frameFlags [nbody*3]     constant per model: 1 if the parent offset rotation is the
 *                            identity, 1 if the child offset rotation is the identity,
 *                            1 if the child offset origin is zero (skips multiplications)
 * - rnea / crba / generalizedGravity:
 *   bodyVelocity [nbody*6], bodyAcceleration [nbody*6], bodyForce [nbody*6]
 *                            spatial vectors in ground at the ground origin (spatial.ts)
 *   bodyInertiaGround [nbody*10]  spatial inertia of each body in ground (spatial.ts layout)
 *   compositeInertia [nbody*10]   composite (subtree) inertia for crba
 *   spatialColumn [6]        temporary I*S column (crba) or momentum I*v (rnea)
 *   jointVelocity [6]        temporary joint velocity sum_j S_j qd_j (rnea)
 * - centre of mass:
 *   subtreeMass [nbody*4]    mass of each body's subtree and its first moment sum(m c) (3)
 */
import type { SkeletonData, SkeletonModel } from './model.js';
import { mat3Identity, mat3IsIdentity } from '../math/mat3.js';

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
      axisValue: new Float64Array(naxis),
      axisSlope: new Float64Array(naxis),
      axisCurvature: new Float64Array(naxis),
      jointCenter: new Float64Array(nbody * 3),
      axisRotation: new Float64Array(9),
      functionValue: new Float64Array(3),
      frameFlags: frameFlags(model),
      bodyVelocity: new Float64Array(nbody * 6),
      bodyAcceleration: new Float64Array(nbody * 6),
      bodyForce: new Float64Array(nbody * 6),
      bodyInertiaGround: new Float64Array(nbody * 10),
      compositeInertia: new Float64Array(nbody * 10),
      spatialColumn: new Float64Array(6),
      jointVelocity: new Float64Array(6),
      subtreeMass: new Float64Array(nbody * 4),
    },
  };
}
