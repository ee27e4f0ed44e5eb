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
 * Conditional points that are inactive are skipped (the segment runs between the active
 * points around them; the switch itself is a jump in length with no derivative). A moving
 * point also moves within its body: component k of its body-frame location changes at
 * pointLocationRate per unit of its coordinate c, adding e . R_ground_body[:, k] * rate to
 * dL/dq_c of each segment it ends (addPointMotion).
 *
 * Needs forwardKinematics (coordinateMotion) and pathLength (pointWorld, pointActive,
 * pointLocationRate, wrapActive, wrapSegmentStart, wrapPointWorld) at the same q. Fills data.tissueMomentArm [ntissue*nq], row per tissue.
 * Only the coordinates of joints between the bodies of consecutive effective points are
 * visited (those that support one end and not the other in bodyCoordinateSupport); the
 * rest of the row is zero. Allocates nothing.
 *
 * Ellipsoid wraps follow OpenSim's planar path (ellipsoid-wrap.ts), which is not a
 * geodesic: its tangent points do not act as fixed points. For such a segment the gradient
 * of its length w.r.t. its two end points is taken by central finite differences (step
 * 1e-5 of the ellipsoid's mean semi-axis; error ~1e-10 relative), with the ellipsoid held
 * in place, and combined with the coordinates' point velocities (addEllipsoidSegment).
 */
import { WrapKind, type SkeletonData, type SkeletonModel, type TissueData, type TissueModel } from '../model/model.js';
import { NO_WRAP, ellipsoidWrap } from './ellipsoid-wrap.js';
import { ellipsoidPose } from './path-length.js';

// Scratch for ellipsoid-wrapped segments (module level: no allocation per call).
/** [12] ellipsoid pose in ground (centre, R_ground_ellipsoid). */
const ellipsoidInGround = new Float64Array(12);
/** [6] perturbed start then end point of the segment (ground). */
const perturbed = new Float64Array(6);
/** [6] gradient of the segment's length w.r.t. its start then end point (ground). */
const lengthGradient = new Float64Array(6);
/** [6] tangent points written by the perturbed evaluations (discarded). */
const discardedTangents = new Float64Array(6);
/** Finite-difference step as a fraction of the ellipsoid's mean semi-axis. */
const RELATIVE_STEP = 1e-5;

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

  // Only paths with conditional or moving points need the points' own motion.
  const variable = model.tissueHasVariablePoints[tissue] === 1;
  // Segments between consecutive active points (inactive conditional points are skipped).
  let start = -1;
  for (let end = firstPoint; end < pointEnd; end++) {
    if (data.pointActive[end] === 0) continue;
    if (start < 0) {
      start = end;
      continue;
    }
    const startBody = model.pointBody[start];
    const endBody = model.pointBody[end];
    let activeWrap = -1;
    for (let wrap = firstWrap; wrap < wrapEnd; wrap++) {
      if (data.wrapSegmentStart[wrap] === start && data.wrapActive[wrap] === 1) {
        activeWrap = wrap;
        break;
      }
    }
    if (activeWrap >= 0 && model.wrapKind[activeWrap] === WrapKind.ellipsoid) {
      addEllipsoidSegment(model, data, row, start, end, activeWrap, variable);
    } else if (activeWrap < 0) {
      addSegment(model, data, row, variable, startBody, pointWorld, start, endBody, pointWorld, end);
    } else {
      const wrapBody = model.wrapBody[activeWrap];
      addSegment(model, data, row, variable, startBody, pointWorld, start, wrapBody, wrapPointWorld, -1, activeWrap * 6);
      addSegment(model, data, row, variable, wrapBody, wrapPointWorld, -1, endBody, pointWorld, end, activeWrap * 6 + 3);
    }
    start = end;
  }
}

/**
 * Adds -dL/dq of the straight segment A (on startBody) -> B (on endBody) to the moment-arm
 * row starting at `row`. An end that is a path point is given by its global index
 * (startPoint / endPoint, its ground position at index*3 of its array) so that a moving
 * point adds its own motion; a wrap tangent point is given by -1 and its array offset
 * (tangentAdr). `variable`: the path has moving points (else their motion is skipped).
 */
function addSegment(
  model: TissueModel & SkeletonModel,
  data: SkeletonData & TissueData,
  row: number,
  variable: boolean,
  startBody: number,
  start: Float64Array,
  startPoint: number,
  endBody: number,
  end: Float64Array,
  endPoint: number,
  tangentAdr = 0,
): void {
  const startAdr = startPoint >= 0 ? startPoint * 3 : tangentAdr;
  const endAdr = endPoint >= 0 ? endPoint * 3 : tangentAdr;
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
  // A moving end also moves within its body: dL/dq_c += +-e . R_ground_body dx_body/dq_c.
  if (variable && startPoint >= 0) addPointMotion(model, data, row, startPoint, -ex, -ey, -ez);
  if (variable && endPoint >= 0) addPointMotion(model, data, row, endPoint, ex, ey, ez);
  // Points on one rigid body keep their distance under the joints: nothing more.
  if (startBody === endBody) return;
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

/**
 * Adds -dL/dq of the segment start -> end (path points) wrapped over ellipsoid `wrap`. With g_P, g_S
 * the gradients of its length L(P, S) w.r.t. the end points (ellipsoid fixed), moving all
 * three rigidly leaves L unchanged, so coordinate j contributes
 *   dL/dq_j = (m_P - m_W) g_P . u_j(P) + (m_S - m_W) g_S . u_j(S),   u_j(X) = v_j + w_j x X,
 * with m_X = 1 when j moves X's body (bodyCoordinateSupport); a moving end adds
 * g_X . R_ground_body dx_body/dq_c for its coordinates c.
 */
function addEllipsoidSegment(
  model: TissueModel & SkeletonModel,
  data: SkeletonData & TissueData,
  row: number,
  start: number,
  end: number,
  wrap: number,
  variable: boolean,
): void {
  const pointWorld = data.pointWorld;
  ellipsoidPose(model, data, wrap, ellipsoidInGround);
  const step = (RELATIVE_STEP * (model.wrapRadii[wrap * 3] + model.wrapRadii[wrap * 3 + 1] + model.wrapRadii[wrap * 3 + 2])) / 3;
  for (let k = 0; k < 6; k++) {
    for (let i = 0; i < 3; i++) {
      perturbed[i] = pointWorld[start * 3 + i];
      perturbed[3 + i] = pointWorld[end * 3 + i];
    }
    perturbed[k] += step;
    const forward = wrappedLength(model, wrap);
    perturbed[k] -= 2 * step;
    const backward = wrappedLength(model, wrap);
    lengthGradient[k] = (forward - backward) / (2 * step);
  }

  const nq = model.nq;
  const support = model.bodyCoordinateSupport;
  if (variable) {
    addPointMotion(model, data, row, start, lengthGradient[0], lengthGradient[1], lengthGradient[2]);
    addPointMotion(model, data, row, end, lengthGradient[3], lengthGradient[4], lengthGradient[5]);
  }
  const startBody = model.pointBody[start] * nq;
  const endBody = model.pointBody[end] * nq;
  const wrapBody = model.wrapBody[wrap] * nq;
  const motion = data.coordinateMotion;
  const momentArm = data.tissueMomentArm;
  for (let j = 0; j < nq; j++) {
    const wrapMoves = support[wrapBody + j];
    const startWeight = support[startBody + j] - wrapMoves;
    const endWeight = support[endBody + j] - wrapMoves;
    if (startWeight === 0 && endWeight === 0) continue;
    const s = j * 6;
    let rate = 0;
    for (let side = 0; side < 2; side++) {
      const weight = side === 0 ? startWeight : endWeight;
      if (weight === 0) continue;
      const p = (side === 0 ? start : end) * 3;
      const x = pointWorld[p];
      const y = pointWorld[p + 1];
      const z = pointWorld[p + 2];
      // u_j(X) = v_j + w_j x X
      const ux = motion[s + 3] + motion[s + 1] * z - motion[s + 2] * y;
      const uy = motion[s + 4] + motion[s + 2] * x - motion[s] * z;
      const uz = motion[s + 5] + motion[s] * y - motion[s + 1] * x;
      const g = side * 3;
      rate += weight * (lengthGradient[g] * ux + lengthGradient[g + 1] * uy + lengthGradient[g + 2] * uz);
    }
    momentArm[row + j] -= rate;
  }
}

/** Length of the perturbed segment (perturbed [6]) over ellipsoid `wrap`: wrapped, or straight if it no longer wraps. */
function wrappedLength(model: TissueModel, wrap: number): number {
  const wrapped = ellipsoidWrap(
    perturbed,
    0,
    perturbed,
    3,
    ellipsoidInGround,
    model.wrapRadii,
    wrap * 3,
    model.wrapSideAxis[wrap],
    model.wrapSign[wrap],
    discardedTangents,
    0,
  );
  if (wrapped !== NO_WRAP) return wrapped;
  return Math.hypot(perturbed[3] - perturbed[0], perturbed[4] - perturbed[1], perturbed[5] - perturbed[2]);
}

/**
 * Adds -g . dX/dq_c for the moving components of path point `point` (X its ground
 * position, g = dL/dX given as gx, gy, gz): component k moves X along column k of
 * R_ground_body at data.pointLocationRate[point*3 + k] per unit of its coordinate c.
 */
function addPointMotion(
  model: TissueModel & SkeletonModel,
  data: SkeletonData & TissueData,
  row: number,
  point: number,
  gx: number,
  gy: number,
  gz: number,
): void {
  const rotation = data.bodyRotation;
  const r = model.pointBody[point] * 9;
  for (let k = 0; k < 3; k++) {
    const slot = point * 3 + k;
    const coordinate = model.pointMovingCoordinate[slot];
    if (coordinate < 0) continue;
    const rate = data.pointLocationRate[slot];
    data.tissueMomentArm[row + coordinate] -= (gx * rotation[r + k] + gy * rotation[r + 3 + k] + gz * rotation[r + 6 + k]) * rate;
  }
}
