/**
 * Places one tissue's path points in ground at the current pose, including conditional
 * points (OpenSim ConditionalPathPoint) and moving points (OpenSim MovingPathPoint).
 *
 * - A fixed point: x_ground = R_ground_body x_body + body origin.
 * - A conditional point is part of the path only while its coordinate q lies in
 *   [min, max] (closed interval); it is still placed (for drawing) but marked inactive in
 *   data.pointActive, and path length and moment arms skip it.
 * - A moving point's location component k is f_k(clamp(q_c, range of c)) with c the
 *   component's coordinate (as OpenSim's MovingPathPoint::getLocation); its rate
 *   d x_k / d q_c = f_k'(q_c) inside the range and 0 outside (clamped: the point does not
 *   move) goes to data.pointLocationRate, for moment arms. At a range end the rate is the
 *   one-sided derivative from inside.
 *
 * Needs forwardKinematics (data.q, bodyRotation, bodyPosition). Fills data.pointWorld,
 * data.pointActive and data.pointLocationRate for points [firstPoint, pointEnd).
 * Allocates nothing.
 */
import type { SkeletonData, TissueData, TissueModel } from '../model/model.js';
import { evaluateFunction } from '../math/functions.js';

/** [3] value and derivatives of one location function (module scratch). */
const functionValue = new Float64Array(3);
/** [3] body-frame location of the point being placed (module scratch). */
const local = new Float64Array(3);

export function placePathPoints(
  model: TissueModel,
  data: SkeletonData & TissueData,
  firstPoint: number,
  pointEnd: number,
  variable: boolean,
): void {
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const pointWorld = data.pointWorld;
  const location = model.pointLocation;
  for (let point = firstPoint; point < pointEnd; point++) {
    const p = point * 3;
    local[0] = location[p];
    local[1] = location[p + 1];
    local[2] = location[p + 2];
    if (variable) placeVariablePoint(model, data, point);
    const body = model.pointBody[point];
    const r = body * 9;
    const o = body * 3;
    const x = local[0];
    const y = local[1];
    const z = local[2];
    pointWorld[p] = rotation[r] * x + rotation[r + 1] * y + rotation[r + 2] * z + position[o];
    pointWorld[p + 1] = rotation[r + 3] * x + rotation[r + 4] * y + rotation[r + 5] * z + position[o + 1];
    pointWorld[p + 2] = rotation[r + 6] * x + rotation[r + 7] * y + rotation[r + 8] * z + position[o + 2];
  }
}

/** Activity and moving components of `point`; overwrites `local` where components move. */
function placeVariablePoint(model: TissueModel, data: SkeletonData & TissueData, point: number): void {
  const q = data.q;
  const activeCoordinate = model.pointActiveCoordinate[point];
  if (activeCoordinate >= 0) {
    const value = q[activeCoordinate];
    const range = model.pointActiveRange;
    data.pointActive[point] = value >= range[point * 2] && value <= range[point * 2 + 1] ? 1 : 0;
  } else {
    data.pointActive[point] = 1;
  }
  const rate = data.pointLocationRate;
  for (let k = 0; k < 3; k++) {
    const slot = point * 3 + k;
    const coordinate = model.pointMovingCoordinate[slot];
    if (coordinate < 0) {
      rate[slot] = 0;
      continue;
    }
    const min = model.pointMovingRange[slot * 2];
    const max = model.pointMovingRange[slot * 2 + 1];
    const value = q[coordinate];
    const clamped = value < min ? min : value > max ? max : value;
    evaluateFunction(model.pathFunctions, model.pointMovingFunction[slot], clamped, functionValue, 0);
    local[k] = functionValue[0];
    rate[slot] = clamped === value ? functionValue[1] : 0;
  }
}
