/**
 * Tissue path length: the path runs origin -> via points -> insertion through points fixed
 * in bodies; a segment between two consecutive points may wrap over a cylinder fixed in a
 * body (cylinder-wrap.ts) or an ellipsoid (ellipsoid-wrap.ts). Needs forwardKinematics first (bodyRotation, bodyPosition).
 *
 * Fills data.pointWorld [npoint*3], data.tissueLength [ntissue], data.wrapActive [nwrap]
 * and, for active wraps, data.wrapPointWorld [nwrap*6]. Allocates nothing.
 */
import { WrapKind, type SkeletonData, type TissueData, type TissueModel } from '../model/model.js';
import { NO_WRAP, cylinderWrap } from './cylinder-wrap.js';
import { ellipsoidWrap } from './ellipsoid-wrap.js';

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
  const location = model.pointLocation;
  const firstPoint = model.tissuePointAdr[tissue];
  const pointEnd = firstPoint + model.tissuePointNum[tissue];

  // Path points to ground: x_ground = R_ground_body x_body + body origin.
  for (let point = firstPoint; point < pointEnd; point++) {
    const body = model.pointBody[point];
    const r = body * 9;
    const o = body * 3;
    const p = point * 3;
    const x = location[p];
    const y = location[p + 1];
    const z = location[p + 2];
    pointWorld[p] = rotation[r] * x + rotation[r + 1] * y + rotation[r + 2] * z + position[o];
    pointWorld[p + 1] = rotation[r + 3] * x + rotation[r + 4] * y + rotation[r + 5] * z + position[o + 1];
    pointWorld[p + 2] = rotation[r + 6] * x + rotation[r + 7] * y + rotation[r + 8] * z + position[o + 2];
  }

  let length = 0;
  for (let point = firstPoint + 1; point < pointEnd; point++) {
    length += segmentLength(pointWorld, point - 1, point);
  }

  // Each wrap replaces its segment's straight length by the wrapped length.
  const firstWrap = model.tissueWrapAdr[tissue];
  const wrapEnd = firstWrap + model.tissueWrapNum[tissue];
  for (let wrap = firstWrap; wrap < wrapEnd; wrap++) {
    if (model.wrapKind[wrap] === WrapKind.ellipsoid) {
      const first = model.wrapFirstPoint[wrap];
      ellipsoidPose(model, data, wrap, ellipsoidInGround);
      const wrapped = ellipsoidWrap(
        pointWorld,
        first * 3,
        pointWorld,
        first * 3 + 3,
        ellipsoidInGround,
        model.wrapRadii,
        wrap * 3,
        model.wrapSideAxis[wrap],
        model.wrapSign[wrap],
        data.wrapPointWorld,
        wrap * 6,
      );
      if (wrapped === NO_WRAP) {
        data.wrapActive[wrap] = 0;
      } else {
        data.wrapActive[wrap] = 1;
        length += wrapped - segmentLength(pointWorld, first, first + 1);
      }
      continue;
    }
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
    const first = model.wrapFirstPoint[wrap];
    const wrapped = cylinderWrap(
      pointWorld,
      first * 3,
      pointWorld,
      first * 3 + 3,
      cylinderInGround,
      0,
      cylinderInGround,
      3,
      model.wrapRadius[wrap],
      model.wrapSign[wrap],
      data.wrapPointWorld,
      wrap * 6,
    );
    if (wrapped === NO_WRAP) {
      data.wrapActive[wrap] = 0;
    } else {
      data.wrapActive[wrap] = 1;
      length += wrapped - segmentLength(pointWorld, first, first + 1);
    }
  }
  data.tissueLength[tissue] = length;
  return length;
}

function segmentLength(pointWorld: Float64Array, from: number, to: number): number {
  const dx = pointWorld[to * 3] - pointWorld[from * 3];
  const dy = pointWorld[to * 3 + 1] - pointWorld[from * 3 + 1];
  const dz = pointWorld[to * 3 + 2] - pointWorld[from * 3 + 2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}
