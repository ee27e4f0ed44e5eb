/**
 * forwardKinematics(model, data, q): pose of every body in ground and the space
 * jacobian column (spatial axis) of every coordinate.
 *
 * One pass over bodies in topological order (parents first), each placed by the joint
 * kernel (joint-transform.ts) from its parent's pose. The spatial axis of coordinate j
 * (data.coordinateMotion, [angular; linear at the ground origin]) is d(pose)/dq_j:
 * a point p of any body the coordinate moves has velocity (v_j + w_j x p) qd_j, and a
 * coordinate that drives several transform axes (custom joints) gets their sum,
 * weighted by the axis functions' derivatives.
 *
 * The kernel also leaves in data.scratch what the jacobians and dynamics reuse (axis
 * directions, function slopes and curvatures, joint centres), so rnea and crba call
 * this once and never redo it.
 */
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { KinechainError } from '../errors.js';
import { placeBodies } from './joint-transform.js';

/**
 * Copies q [nq] into data.q and fills data.bodyRotation [nbody*9], data.bodyPosition
 * [nbody*3], data.coordinateMotion [nq*6] and the kinematic scratch (make-skeleton-data.ts).
 */
export function forwardKinematics(model: SkeletonModel, data: SkeletonData, q: ArrayLike<number>): void {
  const nq = model.nq;
  if (q.length < nq) {
    throw new KinechainError('MALFORMED_INPUT', `q has ${q.length} values but the model has ${nq} coordinates`);
  }
  const ownQ = data.q;
  if (q !== ownQ) for (let j = 0; j < nq; j++) ownQ[j] = q[j];
  const nbody = model.nbody;
  placeBodies(model, data, ownQ, 1, nbody);
}
