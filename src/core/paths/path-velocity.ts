/**
 * Lengthening velocity of each tissue path from the moment arms:
 * dL/dt = sum_j (dL/dq_j) qd_j = -sum_j r_j qd_j.
 *
 * Needs momentArms at the current q. Fills data.tissueVelocity [ntissue] (m/s, lengthening
 * positive). Allocates nothing.
 */
import type { SkeletonModel, TissueData, TissueModel } from '../model/model.js';

/** `qd` [nq]: generalised velocities (rad/s or m/s). */
export function pathVelocity(model: TissueModel & SkeletonModel, data: TissueData, qd: Float64Array): void {
  const nq = model.nq;
  const momentArm = data.tissueMomentArm;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    const row = tissue * nq;
    let velocity = 0;
    for (let j = 0; j < nq; j++) velocity -= momentArm[row + j] * qd[j];
    data.tissueVelocity[tissue] = velocity;
  }
}
