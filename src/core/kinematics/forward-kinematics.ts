/**
 * forwardKinematics(model, data, q): pose of every body in ground and the space
 * jacobian column (spatial axis) of every coordinate.
 *
 * One pass over bodies in topological order (parents first). Per body:
 *   1. jointTransform places the child offset frame M (R_G_M, origin c = joint centre);
 *   2. the body frame follows from M's pose in the body: R_G_B = R_G_M R_B_M^T,
 *      p_G_B = c - R_G_B p_B_M;
 *   3. the spatial axis of each coordinate j of the joint is, in ground at the ground
 *      origin (Featherstone 2008, sec. 2.9 and 4.4; MuJoCo's cdof without the com shift):
 *        w_j = sum over rotation axes k driven by j of f_k'(q_j) u_k
 *        v_j = sum over translation axes k driven by j of f_k'(q_j) t_k + c x w_j
 *      i.e. d(pose)/dq_j: a point p of any body the coordinate moves has velocity
 *      (v_j + w_j x p) qd_j. A coordinate that drives several axes gets their sum;
 *      the rotation axes u_k are the current ground directions (after the preceding
 *      rotations), which is exactly the derivative of the body-fixed product.
 */
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { AxisKind } from '../model/model.js';
import { KinechainError } from '../errors.js';
import { mat3MultiplyTransposeBInPlace } from '../math/mat3.js';
import { jointTransform } from './joint-transform.js';

/** Builds the spatial axes of body b's coordinates from the axes recorded by jointTransform. */
function coordinateAxes(model: SkeletonModel, data: SkeletonData, b: number): void {
  const motion = data.coordinateMotion;
  const axisWorld = data.scratch.axisWorld;
  const axisSlope = data.scratch.axisSlope;
  const firstCoordinate = model.jointCoordAdr[b];
  const endCoordinate = firstCoordinate + model.jointCoordNum[b];
  for (let i = 6 * firstCoordinate; i < 6 * endCoordinate; i++) motion[i] = 0;

  const firstAxis = model.jointAxisAdr[b];
  const endAxis = firstAxis + model.jointAxisNum[b];
  for (let k = firstAxis; k < endAxis; k++) {
    const j = model.axisCoordinate[k];
    if (j < 0) continue;
    const slope = axisSlope[k];
    // Rotations feed the angular part, translations the linear part (at the joint centre for now).
    const o = 6 * j + (model.axisKind[k] === AxisKind.rotation ? 0 : 3);
    motion[o] += slope * axisWorld[3 * k];
    motion[o + 1] += slope * axisWorld[3 * k + 1];
    motion[o + 2] += slope * axisWorld[3 * k + 2];
  }

  // Shift the linear part from the joint centre c to the ground origin: v_O = v_c + c x w.
  const center = data.scratch.jointCenter;
  const cx = center[3 * b];
  const cy = center[3 * b + 1];
  const cz = center[3 * b + 2];
  for (let j = firstCoordinate; j < endCoordinate; j++) {
    const o = 6 * j;
    const wx = motion[o];
    const wy = motion[o + 1];
    const wz = motion[o + 2];
    motion[o + 3] += cy * wz - cz * wy;
    motion[o + 4] += cz * wx - cx * wz;
    motion[o + 5] += cx * wy - cy * wx;
  }
}

/** Body frame from the child offset frame M: R_G_B = R_G_M R_B_M^T, p_G_B = c - R_G_B p_B_M. */
function placeBodyFrame(model: SkeletonModel, data: SkeletonData, b: number): void {
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const flags = data.scratch.frameFlags;
  const center = data.scratch.jointCenter;
  const child = model.jointChildFrame;
  const rb = 9 * b;
  if (flags[3 * b + 1] !== 1) mat3MultiplyTransposeBInPlace(rotation, rb, child, 12 * b);
  let px = center[3 * b];
  let py = center[3 * b + 1];
  let pz = center[3 * b + 2];
  if (flags[3 * b + 2] !== 1) {
    const lx = child[12 * b + 9];
    const ly = child[12 * b + 10];
    const lz = child[12 * b + 11];
    px -= rotation[rb] * lx + rotation[rb + 1] * ly + rotation[rb + 2] * lz;
    py -= rotation[rb + 3] * lx + rotation[rb + 4] * ly + rotation[rb + 5] * lz;
    pz -= rotation[rb + 6] * lx + rotation[rb + 7] * ly + rotation[rb + 8] * lz;
  }
  position[3 * b] = px;
  position[3 * b + 1] = py;
  position[3 * b + 2] = pz;
}

/**
 * Copies q [nq] into data.q and fills data.bodyRotation [nbody*9], data.bodyPosition
 * [nbody*3], data.coordinateMotion [nq*6] and the kinematic scratch (make-skeleton-data.ts).
 */
export function forwardKinematics(model: SkeletonModel, data: SkeletonData, q: ArrayLike<number>): void {
  if (q.length < model.nq) {
    throw new KinechainError('MALFORMED_INPUT', `q has ${q.length} values but the model has ${model.nq} coordinates`);
  }
  const ownQ = data.q;
  if (q !== ownQ) for (let j = 0; j < model.nq; j++) ownQ[j] = q[j];
  for (let b = 1; b < model.nbody; b++) {
    jointTransform(model, data, b, ownQ);
    placeBodyFrame(model, data, b);
    coordinateAxes(model, data, b);
  }
}
