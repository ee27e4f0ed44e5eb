/**
 * Generalised gravity: the generalised forces G(q) needed to hold a pose against
 * gravity (what rnea returns with zero velocity and acceleration), G = dV/dq with V the
 * potential energy. The force gravity itself exerts is -G.
 *
 * With zero velocity every body's spatial acceleration is the ground's, [0; -g], so the
 * net force needed on the subtree moved by coordinate j is that of a point mass M_j at
 * the subtree's centre of mass: [h_j x (-g); -M_j g] with h_j = sum(m c) over the
 * subtree. Then G_j = S_j . that force: one backward pass for the subtree sums, no
 * inertia transforms.
 */
import { KinechainError } from '../errors.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { subtreeMassMoments } from '../kinematics/center-of-mass.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';

/** G(q) into out [nq] at the pose of the last forwardKinematics call. */
export function generalizedGravityWithCurrentKinematics(model: SkeletonModel, data: SkeletonData, out: Float64Array): void {
  if (out.length < model.nq) {
    throw new KinechainError('MALFORMED_INPUT', `gravity output has ${out.length} entries; the model has ${model.nq} coordinates`);
  }
  const subtree = subtreeMassMoments(model, data);
  const motion = data.coordinateMotion;
  const gx = model.gravity[0];
  const gy = model.gravity[1];
  const gz = model.gravity[2];
  for (let j = 0; j < model.nq; j++) {
    const s = 4 * model.coordinateBody[j];
    const mass = subtree[s];
    const hx = subtree[s + 1];
    const hy = subtree[s + 2];
    const hz = subtree[s + 3];
    // Force [h x (-g); -M g] on the subtree, projected on the coordinate's spatial axis.
    const nx = -(hy * gz - hz * gy);
    const ny = -(hz * gx - hx * gz);
    const nz = -(hx * gy - hy * gx);
    const m = 6 * j;
    out[j] =
      motion[m] * nx + motion[m + 1] * ny + motion[m + 2] * nz - mass * (motion[m + 3] * gx + motion[m + 4] * gy + motion[m + 5] * gz);
  }
}

/** G(q) into out [nq] (N m or N): runs forwardKinematics(q) first. */
export function generalizedGravity(model: SkeletonModel, data: SkeletonData, q: ArrayLike<number>, out: Float64Array): void {
  forwardKinematics(model, data, q);
  generalizedGravityWithCurrentKinematics(model, data, out);
}
