/**
 * Moment arms r = -dL/dq of every tissue about every coordinate, computed analytically.
 *
 * A path is a chain of straight segments between "effective points": its path points and,
 * where a segment wraps, the tangent points T1, T2 on the cylinder (treated as fixed in the
 * cylinder's body: the wrapped path is a shortest path, so by the envelope theorem sliding
 * of T1, T2 on the surface does not change its length to first order). A straight segment
 * A -> B with unit direction e changes length at dL = e . (v_B - v_A). Coordinate j moves a
 * point X on a body it supports with velocity (v_j + w_j x X) qd_j (data.coordinateMotion,
 * world axes, linear part at the ground origin). If j moves both A and B, the two terms
 * cancel exactly (e . (w_j x (B - A)) = 0), so only coordinates that move exactly one end
 * contribute, by +-(e . v_j + w_j . (A x e)). The arc on the cylinder adds nothing.
 *
 * Needs forwardKinematics (coordinateMotion) and pathLength (pointWorld, wrapActive,
 * wrapPointWorld) at the same q. Fills data.tissueMomentArm [ntissue*nq], row per tissue.
 * Only the coordinates of joints between the bodies of consecutive effective points are
 * visited (those that support one end and not the other in bodyCoordinateSupport); the
 * rest of the row is zero. Allocates nothing.
 */
import type { SkeletonData, SkeletonModel, TissueData, TissueModel } from '../model/model.js';

/** Moment arms of all tissues. */
export function momentArms(model: TissueModel & SkeletonModel, data: SkeletonData & TissueData): void {
  for (let tissue = 0; tissue < model.ntissue; tissue++) tissueMomentArms(model, data, tissue);
}

/** Moment arms of one tissue into data.tissueMomentArm[tissue*nq .. +nq]. */
export function tissueMomentArms(
  model: TissueModel & SkeletonModel,
  data: SkeletonData & TissueData,
  tissue: number,
): void {
  const nq = model.nq;
  const row = tissue * nq;
  data.tissueMomentArm.fill(0, row, row + nq);
  const pointWorld = data.pointWorld;
  const wrapPointWorld = data.wrapPointWorld;
  const firstPoint = model.tissuePointAdr[tissue];
  const pointEnd = firstPoint + model.tissuePointNum[tissue];
  const firstWrap = model.tissueWrapAdr[tissue];
  const wrapEnd = firstWrap + model.tissueWrapNum[tissue];

  for (let point = firstPoint; point + 1 < pointEnd; point++) {
    const startBody = model.pointBody[point];
    const endBody = model.pointBody[point + 1];
    let activeWrap = -1;
    for (let wrap = firstWrap; wrap < wrapEnd; wrap++) {
      if (model.wrapFirstPoint[wrap] === point && data.wrapActive[wrap] === 1) {
        activeWrap = wrap;
        break;
      }
    }
    if (activeWrap < 0) {
      addSegment(model, data, row, startBody, pointWorld, point * 3, endBody, pointWorld, point * 3 + 3);
    } else {
      const wrapBody = model.wrapBody[activeWrap];
      addSegment(model, data, row, startBody, pointWorld, point * 3, wrapBody, wrapPointWorld, activeWrap * 6);
      addSegment(model, data, row, wrapBody, wrapPointWorld, activeWrap * 6 + 3, endBody, pointWorld, point * 3 + 3);
    }
  }
}

/**
 * Adds -dL/dq of the straight segment A (on startBody) -> B (on endBody) to the moment-arm
 * row starting at `row`.
 */
function addSegment(
  model: SkeletonModel,
  data: SkeletonData & TissueData,
  row: number,
  startBody: number,
  start: Float64Array,
  startAdr: number,
  endBody: number,
  end: Float64Array,
  endAdr: number,
): void {
  // Points on one rigid body keep their distance: no contribution.
  if (startBody === endBody) return;
  const ax = start[startAdr];
  const ay = start[startAdr + 1];
  const az = start[startAdr + 2];
  let ex = end[endAdr] - ax;
  let ey = end[endAdr + 1] - ay;
  let ez = end[endAdr + 2] - az;
  const length = Math.sqrt(ex * ex + ey * ey + ez * ez);
  // Coincident points: the direction is undefined and the segment's length is at a
  // minimum (zero) -- it contributes no first-order change.
  if (!(length > 0)) return;
  ex /= length;
  ey /= length;
  ez /= length;
  // Moment of the line about the ground origin, m = A x e (same for any point on the line).
  const mx = ay * ez - az * ey;
  const my = az * ex - ax * ez;
  const mz = ax * ey - ay * ex;

  // The coordinates that move exactly one end are those of the joints on the tree path
  // between the two bodies (bodyCoordinateSupport differs between them exactly there).
  // Walk both ends up to their common ancestor: parents precede children, so the body
  // with the larger index is never an ancestor of the other and its joint is on the path.
  const parent = model.bodyParent;
  const coordAdr = model.jointCoordAdr;
  const coordNum = model.jointCoordNum;
  const motion = data.coordinateMotion;
  const momentArm = data.tissueMomentArm;
  let startSide = startBody;
  let endSide = endBody;
  while (startSide !== endSide) {
    // r = -dL/dq: minus when only the end moves, plus when only the start moves.
    let body: number;
    let sign: number;
    if (endSide > startSide) {
      body = endSide;
      sign = -1;
      endSide = parent[endSide];
    } else {
      body = startSide;
      sign = 1;
      startSide = parent[startSide];
    }
    const first = coordAdr[body];
    const last = first + coordNum[body];
    for (let j = first; j < last; j++) {
      const s = j * 6;
      // dL/dq_j of this segment: e . (v_j + w_j x X) = e . v_j + w_j . (X x e) on the moved side.
      const rate =
        ex * motion[s + 3] + ey * motion[s + 4] + ez * motion[s + 5] + mx * motion[s] + my * motion[s + 1] + mz * motion[s + 2];
      momentArm[row + j] += sign * rate;
    }
  }
}
