/**
 * What makes up a joint's compression and anterior shear: the joint reaction (core/
 * dynamics/joint-reaction.ts) is linear in its parts, R = -(F_gravity + F_tissues +
 * F_external), so each part's share of the compression and shear is its force projected
 * on the joint frame's axes (compression: -long-axis sign x Y component; anterior shear:
 * the X component). The tissues' share is split tissue by tissue by evaluating the
 * reaction with one tissue's tension at a time; the shares add up to the whole (checked
 * by the gait tests). External forces are split into the ground's (feet, absent above
 * L5/S1) and the d'Alembert forces -m a of the bodies (the inertial share).
 */
import { jointReaction, type ExternalPointForces, type JointReactionWorkspace } from '../core/dynamics/joint-reaction.js';
import type { SkeletonData, SkeletonModel, TissueData, TissueModel } from '../core/model/model.js';

export interface JointLoadShare {
  readonly compressionN: number;
  readonly anteriorShearN: number;
}

export interface TissueLoadShare extends JointLoadShare {
  readonly tissue: string;
  readonly tensionN: number;
}

export interface JointLoadBreakdown extends JointLoadShare {
  /** The weight of the bodies beyond the joint. */
  readonly gravity: JointLoadShare;
  /** The external forces (ground contact and d'Alembert forces of the bodies beyond the joint). */
  readonly external: JointLoadShare;
  /** Every tissue crossing the cut with a non-zero tension, largest compression first. */
  readonly tissues: readonly TissueLoadShare[];
  /** Sum of the tissue shares. */
  readonly tissuesTotal: JointLoadShare;
}

/** Compression and anterior shear of the force `part` the subtree receives (ground [3]), with the reaction's frame. */
function shareOf(reaction: JointReactionWorkspace['result'], part: Float64Array): JointLoadShare {
  const R = reaction.jointRotation;
  // The reaction is minus the parts: its joint-frame components are -R^T part.
  const x = -(R[0] * part[0] + R[3] * part[1] + R[6] * part[2]);
  const y = -(R[1] * part[0] + R[4] * part[1] + R[7] * part[2]);
  return { compressionN: reaction.longAxisSign * y + 0, anteriorShearN: -x + 0 };
}

/** The tissues' share of the compression of a reaction just evaluated (N). Allocates nothing. */
export function tissueCompression(reaction: JointReactionWorkspace['result']): number {
  const R = reaction.jointRotation;
  const part = reaction.tissueForce;
  return -reaction.longAxisSign * (R[1] * part[0] + R[4] * part[1] + R[7] * part[2]) + 0;
}

/**
 * The breakdown of the reaction at the joint of `body` at the pose in data (path points
 * and data.tissueForce as for jointReaction). data.tissueForce is restored afterwards.
 * Allocates (meant for a few reported instants, not a hot loop).
 */
export function jointLoadBreakdown(
  model: SkeletonModel & TissueModel,
  data: SkeletonData & TissueData,
  workspace: JointReactionWorkspace,
  body: number,
  external?: ExternalPointForces,
): JointLoadBreakdown {
  const saved = Float64Array.from(data.tissueForce);
  const whole = jointReaction(model, data, workspace, body, external);
  const compressionN = whole.compression;
  const anteriorShearN = whole.anteriorShear;
  const gravity = shareOf(whole, whole.gravityForce);
  const externalShare = shareOf(whole, whole.externalForce);
  const tissuesTotal = shareOf(whole, whole.tissueForce);
  const tissues: TissueLoadShare[] = [];
  try {
    for (let t = 0; t < model.ntissue; t++) {
      if (model.tissueActsOnSkeleton[t] === 0 || saved[t] === 0) continue;
      data.tissueForce.fill(0);
      data.tissueForce[t] = saved[t];
      const alone = jointReaction(model, data, workspace, body, external);
      const share = shareOf(alone, alone.tissueForce);
      if (share.compressionN === 0 && share.anteriorShearN === 0) continue;
      tissues.push({ tissue: model.tissueName[t], tensionN: saved[t], ...share });
    }
  } finally {
    data.tissueForce.set(saved);
    // Leave the workspace holding the whole reaction, as before the call.
    jointReaction(model, data, workspace, body, external);
  }
  tissues.sort((a, b) => b.compressionN - a.compressionN);
  return { compressionN, anteriorShearN, gravity, external: externalShare, tissues, tissuesTotal };
}
