/**
 * Tissue path length: the path runs origin -> via points -> insertion through points in
 * bodies (fixed, conditional or moving: path-points.ts); a segment between two consecutive
 * active points may wrap over a cylinder fixed in a body (cylinder-wrap.ts) or an
 * ellipsoid (ellipsoid-wrap.ts). Needs forwardKinematics first (q, bodyRotation, bodyPosition).
 *
 * Fills data.pointWorld [npoint*3], data.pointActive [npoint], data.pointLocationRate
 * [npoint*3], data.tissueLength [ntissue], data.wrapActive, wrapSegmentStart/End [nwrap]
 * and, for active wraps, data.wrapPointWorld [nwrap*6]. Allocates nothing.
 */
import { WrapKind, type SkeletonData, type TissueData, type TissueModel } from '../model/model.js';
import { NO_WRAP, cylinderWrap } from './cylinder-wrap.js';
import { ellipsoidWrap } from './ellipsoid-wrap.js';
import { placePathPoints } from './path-points.js';

/** [6] cylinder centre then axis in ground for the wrap being evaluated (module scratch). */
const cylinderInGround = new Float64Array(6);

/** [12] ellipsoid centre then R_ground_ellipsoid (row-major) for the wrap being evaluated (module scratch). */
const ellipsoidInGround = new Float64Array(12);

/**
 * Pose of ellipsoid wrap `wrap` in ground into pose [12]: centre (m) then
 * R_ground_ellipsoid = R_ground_body R_body_ellipsoid (row-major). Needs forwardKinematics.
 */
export function ellipsoidPose(model: TissueModel, data: SkeletonData, wrap: number, pose: Float64Array): void {
  const rotation = data.bodyRotation;
  const r = model.wrapBody[wrap] * 9;
  const o = model.wrapBody[wrap] * 3;
  const w = wrap * 3;
  const local = model.wrapRotation;
  const l = wrap * 9;
  for (let i = 0; i < 3; i++) {
    pose[i] =
      rotation[r + i * 3] * model.wrapCenter[w] +
      rotation[r + i * 3 + 1] * model.wrapCenter[w + 1] +
      rotation[r + i * 3 + 2] * model.wrapCenter[w + 2] +
      data.bodyPosition[o + i];
    for (let j = 0; j < 3; j++) {
      pose[3 + i * 3 + j] =
        rotation[r + i * 3] * local[l + j] + rotation[r + i * 3 + 1] * local[l + 3 + j] + rotation[r + i * 3 + 2] * local[l + 6 + j];
    }
  }
}

/** Lengths of all tissues. */
export function pathLength(model: TissueModel, data: SkeletonData & TissueData): void {
  for (let tissue = 0; tissue < model.ntissue; tissue++) tissuePathLength(model, data, tissue);
}

/** Length of one tissue's path (m); also stored in data.tissueLength[tissue]. */
export function tissuePathLength(model: TissueModel, data: SkeletonData & TissueData, tissue: number): number {
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const pointWorld = data.pointWorld;
  const active = data.pointActive;
  const firstPoint = model.tissuePointAdr[tissue];
  const pointEnd = firstPoint + model.tissuePointNum[tissue];
  placePathPoints(model, data, firstPoint, pointEnd, model.tissueHasVariablePoints[tissue] === 1);

  // Straight segments between consecutive active points.
  let length = 0;
  let previous = -1;
  for (let point = firstPoint; point < pointEnd; point++) {
    if (active[point] === 0) continue;
    if (previous >= 0) length += segmentLength(pointWorld, previous, point);
    previous = point;
  }

  // Each wrap replaces its segment's straight length by the wrapped length. A wrap given on
  // points [i, i + 1] acts on the segment between the active points around it (the two
  // themselves unless a conditional one is inactive); if an earlier wrap of the path holds
  // that segment already, the later one is not evaluated.
  const firstWrap = model.tissueWrapAdr[tissue];
  const wrapEnd = firstWrap + model.tissueWrapNum[tissue];
  for (let wrap = firstWrap; wrap < wrapEnd; wrap++) {
    data.wrapActive[wrap] = 0;
    data.wrapSegmentStart[wrap] = -1;
    data.wrapSegmentEnd[wrap] = -1;
    let start = model.wrapFirstPoint[wrap];
    while (start >= firstPoint && active[start] === 0) start--;
    let end = model.wrapFirstPoint[wrap] + 1;
    while (end < pointEnd && active[end] === 0) end++;
    if (start < firstPoint || end >= pointEnd || segmentHeld(data, firstWrap, wrap, start)) continue;
    data.wrapSegmentStart[wrap] = start;
    data.wrapSegmentEnd[wrap] = end;
    let wrapped: number;
    if (model.wrapKind[wrap] === WrapKind.ellipsoid) {
      ellipsoidPose(model, data, wrap, ellipsoidInGround);
      wrapped = ellipsoidWrap(
        pointWorld,
        start * 3,
        pointWorld,
        end * 3,
        ellipsoidInGround,
        model.wrapRadii,
        wrap * 3,
        model.wrapSideAxis[wrap],
        model.wrapSign[wrap],
        data.wrapPointWorld,
        wrap * 6,
      );
    } else {
      const body = model.wrapBody[wrap];
      const r = body * 9;
      const o = body * 3;
      const w = wrap * 3;
      const cx = model.wrapCenter[w];
      const cy = model.wrapCenter[w + 1];
      const cz = model.wrapCenter[w + 2];
      const ax = model.wrapAxis[w];
      const ay = model.wrapAxis[w + 1];
      const az = model.wrapAxis[w + 2];
      cylinderInGround[0] = rotation[r] * cx + rotation[r + 1] * cy + rotation[r + 2] * cz + position[o];
      cylinderInGround[1] = rotation[r + 3] * cx + rotation[r + 4] * cy + rotation[r + 5] * cz + position[o + 1];
      cylinderInGround[2] = rotation[r + 6] * cx + rotation[r + 7] * cy + rotation[r + 8] * cz + position[o + 2];
      cylinderInGround[3] = rotation[r] * ax + rotation[r + 1] * ay + rotation[r + 2] * az;
      cylinderInGround[4] = rotation[r + 3] * ax + rotation[r + 4] * ay + rotation[r + 5] * az;
      cylinderInGround[5] = rotation[r + 6] * ax + rotation[r + 7] * ay + rotation[r + 8] * az;
      wrapped = cylinderWrap(
        pointWorld,
        start * 3,
        pointWorld,
        end * 3,
        cylinderInGround,
        0,
        cylinderInGround,
        3,
        model.wrapRadius[wrap],
        model.wrapSign[wrap],
        data.wrapPointWorld,
        wrap * 6,
      );
    }
    if (wrapped !== NO_WRAP) {
      data.wrapActive[wrap] = 1;
      length += wrapped - segmentLength(pointWorld, start, end);
    }
  }
  data.tissueLength[tissue] = length;
  return length;
}

/** Whether a wrap of the path before `wrap` (from firstWrap) was evaluated on the segment starting at `start`. */
function segmentHeld(data: TissueData, firstWrap: number, wrap: number, start: number): boolean {
  for (let other = firstWrap; other < wrap; other++) if (data.wrapSegmentStart[other] === start) return true;
  return false;
}

function segmentLength(pointWorld: Float64Array, from: number, to: number): number {
  const dx = pointWorld[to * 3] - pointWorld[from * 3];
  const dy = pointWorld[to * 3 + 1] - pointWorld[from * 3 + 1];
  const dz = pointWorld[to * 3 + 2] - pointWorld[from * 3 + 2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}
