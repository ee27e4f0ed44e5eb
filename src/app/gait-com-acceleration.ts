/**
 * Centre-of-mass accelerations of every body along a motion, without differentiating
 * the kinematics by hand: the centre of mass c_b(q) is evaluated along the second-order
 * path q(s) = q + s qd + s^2/2 qdd at s = -h, 0, +h and differenced,
 *
 *   a_b = (c_b(q(h)) - 2 c_b(q(0)) + c_b(q(-h))) / h^2,
 *
 * which equals d^2/ds^2 c_b(q(s)) at s = 0 = J qdd + qd^T H qd (the true acceleration)
 * up to O(h^2). Used for the d'Alembert forces -m a of a joint reaction in motion.
 * Leaves forward kinematics at q in data.
 */
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import type { SkeletonData, SkeletonModel } from '../core/model/model.js';

/** Default step along the path (s; with qd in rad/s the path moves about 1e-3 rad). */
export const CENTER_OF_MASS_STEP = 1e-3;

/** Writes every body's centre of mass in ground into out [nbody*3] (needs forwardKinematics). */
export function bodyCentersOfMass(model: SkeletonModel, data: SkeletonData, out: Float64Array): void {
  const p = data.bodyPosition;
  const R = data.bodyRotation;
  const c = model.bodyCom;
  for (let b = 0; b < model.nbody; b++) {
    const r = 9 * b;
    for (let i = 0; i < 3; i++) out[3 * b + i] = p[3 * b + i] + R[r + 3 * i] * c[3 * b] + R[r + 3 * i + 1] * c[3 * b + 1] + R[r + 3 * i + 2] * c[3 * b + 2];
  }
}

/** Scratch of centerOfMassAccelerations for one model. */
export interface CenterOfMassScratch {
  readonly shifted: Float64Array; // [nq]
  readonly plus: Float64Array; // [nbody*3]
  readonly minus: Float64Array; // [nbody*3]
}

export function makeCenterOfMassScratch(model: SkeletonModel): CenterOfMassScratch {
  return { shifted: new Float64Array(model.nq), plus: new Float64Array(3 * model.nbody), minus: new Float64Array(3 * model.nbody) };
}

/**
 * Centre-of-mass positions (position [nbody*3]) and accelerations (acceleration
 * [nbody*3]) in ground at q, qd, qdd [nq]. Allocates nothing.
 */
export function centerOfMassAccelerations(
  model: SkeletonModel,
  data: SkeletonData,
  scratch: CenterOfMassScratch,
  q: ArrayLike<number>,
  qd: ArrayLike<number>,
  qdd: ArrayLike<number>,
  position: Float64Array,
  acceleration: Float64Array,
  step = CENTER_OF_MASS_STEP,
): void {
  const { shifted, plus, minus } = scratch;
  const nq = model.nq;
  for (let j = 0; j < nq; j++) shifted[j] = q[j] + step * qd[j] + 0.5 * step * step * qdd[j];
  forwardKinematics(model, data, shifted);
  bodyCentersOfMass(model, data, plus);
  for (let j = 0; j < nq; j++) shifted[j] = q[j] - step * qd[j] + 0.5 * step * step * qdd[j];
  forwardKinematics(model, data, shifted);
  bodyCentersOfMass(model, data, minus);
  forwardKinematics(model, data, q);
  bodyCentersOfMass(model, data, position);
  const inverseStep = 1 / (step * step);
  for (let i = 0; i < 3 * model.nbody; i++) acceleration[i] = (plus[i] - 2 * position[i] + minus[i]) * inverseStep;
}
