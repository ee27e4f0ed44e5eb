/**
 * The per-joint kernel shared by every joint type: place the child offset frame M of
 * body b's joint in ground, given its parent body's pose.
 *
 * A joint connects a frame F fixed in the parent (the parent offset frame) to a frame M
 * fixed in the child (the child offset frame). Its transform X_F_M is "translation then
 * rotation", as OpenSim's CustomJoint (Simbody FunctionBasedMobilizer):
 *   p_F_M = sum over translation axes of f_k(q) t_k          (t_k in F)
 *   R_F_M = R(a_1, f_1(q)) R(a_2, f_2(q)) R(a_3, f_3(q))      (body-fixed sequence)
 * so the rotations turn about M's origin, which the translations have placed.
 *
 * Besides the pose this records what the jacobians and dynamics need, so they never
 * redo it: each axis's direction in ground and the first and second derivatives of its
 * function (data.scratch, see make-skeleton-data.ts).
 */
import { FunctionType, AxisKind, type SkeletonData, type SkeletonModel } from '../model/model.js';
import { evaluateFunction } from '../math/functions.js';
import { mat3FromAxisAngle, mat3MultiplyInPlace } from '../math/mat3.js';

/**
 * Evaluates the function of axis k at the current coordinates into
 * scratch.axisValue/axisSlope/axisCurvature[k]. Linear functions (every built-in joint)
 * take an inline fast path.
 */
function evaluateAxisFunction(model: SkeletonModel, data: SkeletonData, k: number, q: ArrayLike<number>): void {
  const scratch = data.scratch;
  const coordinate = model.axisCoordinate[k];
  const f = model.axisFunction[k];
  // An axis without a coordinate is a fixed offset: its function is evaluated at 0 and does not move.
  const x = coordinate >= 0 ? q[coordinate] : 0;
  if (model.functionType[f] === FunctionType.linear) {
    const adr = model.functionParamAdr[f];
    const slope = model.functionParams[adr];
    scratch.axisValue[k] = slope * x + model.functionParams[adr + 1];
    scratch.axisSlope[k] = coordinate >= 0 ? slope : 0;
    scratch.axisCurvature[k] = 0;
    return;
  }
  const value = scratch.functionValue;
  evaluateFunction(model, f, x, value, 0);
  scratch.axisValue[k] = value[0];
  scratch.axisSlope[k] = coordinate >= 0 ? value[1] : 0;
  scratch.axisCurvature[k] = coordinate >= 0 ? value[2] : 0;
}

/**
 * Writes R_ground_M of body b's joint into data.bodyRotation[9b..] and the origin of M
 * into scratch.jointCenter[3b..]; fills the scratch entries of the joint's axes.
 * Requires the parent's bodyRotation/bodyPosition to be current.
 */
export function jointTransform(model: SkeletonModel, data: SkeletonData, b: number, q: ArrayLike<number>): void {
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const scratch = data.scratch;
  const axisWorld = scratch.axisWorld;
  const axisValue = scratch.axisValue;
  const center = scratch.jointCenter;
  const frame = model.jointParentFrame;
  const parent = model.bodyParent[b];
  const rb = 9 * b;
  const rp = 9 * parent;
  const fo = 12 * b;

  // Parent offset frame F in ground: R_G_F = R_G_parent R_parent_F, p_G_F = p_parent + R_G_parent p_parent_F.
  if (scratch.frameFlags[3 * b] === 1) {
    for (let i = 0; i < 9; i++) rotation[rb + i] = rotation[rp + i];
  } else {
    for (let r = 0; r < 3; r++) {
      const a0 = rotation[rp + 3 * r];
      const a1 = rotation[rp + 3 * r + 1];
      const a2 = rotation[rp + 3 * r + 2];
      rotation[rb + 3 * r] = a0 * frame[fo] + a1 * frame[fo + 3] + a2 * frame[fo + 6];
      rotation[rb + 3 * r + 1] = a0 * frame[fo + 1] + a1 * frame[fo + 4] + a2 * frame[fo + 7];
      rotation[rb + 3 * r + 2] = a0 * frame[fo + 2] + a1 * frame[fo + 5] + a2 * frame[fo + 8];
    }
  }
  const lx = frame[fo + 9];
  const ly = frame[fo + 10];
  const lz = frame[fo + 11];
  let cx = position[3 * parent] + rotation[rp] * lx + rotation[rp + 1] * ly + rotation[rp + 2] * lz;
  let cy = position[3 * parent + 1] + rotation[rp + 3] * lx + rotation[rp + 4] * ly + rotation[rp + 5] * lz;
  let cz = position[3 * parent + 2] + rotation[rp + 6] * lx + rotation[rp + 7] * ly + rotation[rp + 8] * lz;

  const first = model.jointAxisAdr[b];
  const end = first + model.jointAxisNum[b];
  const direction = model.axisDirection;

  // Translations, along F's axes: rotation[rb..] still holds R_G_F here.
  for (let k = first; k < end; k++) {
    if (model.axisKind[k] !== AxisKind.translation) continue;
    evaluateAxisFunction(model, data, k, q);
    const dx = direction[3 * k];
    const dy = direction[3 * k + 1];
    const dz = direction[3 * k + 2];
    const tx = rotation[rb] * dx + rotation[rb + 1] * dy + rotation[rb + 2] * dz;
    const ty = rotation[rb + 3] * dx + rotation[rb + 4] * dy + rotation[rb + 5] * dz;
    const tz = rotation[rb + 6] * dx + rotation[rb + 7] * dy + rotation[rb + 8] * dz;
    axisWorld[3 * k] = tx;
    axisWorld[3 * k + 1] = ty;
    axisWorld[3 * k + 2] = tz;
    const value = axisValue[k];
    cx += value * tx;
    cy += value * ty;
    cz += value * tz;
  }
  center[3 * b] = cx;
  center[3 * b + 1] = cy;
  center[3 * b + 2] = cz;

  // Rotations, body-fixed: each axis is expressed in the frame left by the previous ones,
  // so its ground direction is the running product times the constant axis.
  const axisRotation = scratch.axisRotation;
  for (let k = first; k < end; k++) {
    if (model.axisKind[k] !== AxisKind.rotation) continue;
    evaluateAxisFunction(model, data, k, q);
    const dx = direction[3 * k];
    const dy = direction[3 * k + 1];
    const dz = direction[3 * k + 2];
    axisWorld[3 * k] = rotation[rb] * dx + rotation[rb + 1] * dy + rotation[rb + 2] * dz;
    axisWorld[3 * k + 1] = rotation[rb + 3] * dx + rotation[rb + 4] * dy + rotation[rb + 5] * dz;
    axisWorld[3 * k + 2] = rotation[rb + 6] * dx + rotation[rb + 7] * dy + rotation[rb + 8] * dz;
    mat3FromAxisAngle(axisRotation, 0, direction, 3 * k, axisValue[k]);
    mat3MultiplyInPlace(rotation, rb, axisRotation, 0);
  }
}
