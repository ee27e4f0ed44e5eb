/**
 * The per-joint kernel shared by every joint type: place body b in ground from its
 * parent's pose, and build the spatial axes of its joint's coordinates.
 *
 * A joint connects a frame F fixed in the parent (the parent offset frame) to a frame M
 * fixed in the child (the child offset frame). Its transform X_F_M is "translation then
 * rotation", as OpenSim's CustomJoint (Simbody FunctionBasedMobilizer):
 *   p_F_M = sum over translation axes of f_k(q) t_k          (t_k in F)
 *   R_F_M = R(a_1, f_1(q)) R(a_2, f_2(q)) R(a_3, f_3(q))      (body-fixed sequence)
 * so the rotations turn about M's origin c (the joint centre) that the translations
 * have placed. The body frame then follows from M's fixed pose in the body:
 *   R_G_B = R_G_M R_B_M^T,  p_G_B = c - R_G_B p_B_M.
 *
 * Spatial axis of coordinate j, in ground at the ground origin (Featherstone 2008,
 * sec. 2.9 and 4.4), i.e. d(pose)/dq_j:
 *   rotation axis k driven by j:     f_k'(q_j) [u_k ; c x u_k]
 *   translation axis k driven by j:  f_k'(q_j) [0 ; t_k]
 * summed over the axes the coordinate drives. u_k is the axis's current ground
 * direction, after the joint's preceding rotations, which is exactly the derivative of
 * the body-fixed product with respect to f_k.
 *
 * Speed: this runs for every body on every forward-kinematics call (and so inside
 * rnea and crba), so the running rotation lives in nine locals, rotations about a
 * principal axis touch only two columns, and constant offset frames equal to the
 * identity are skipped (flags precomputed by makeSkeletonData).
 */
import { FunctionType, type SkeletonData, type SkeletonModel } from '../model/model.js';
import { evaluateFunction } from '../math/functions.js';
import { AxisShape } from '../model/make-skeleton-data.js';

/**
 * Places bodies firstBody..endBody-1, in order (bodyRotation, bodyPosition,
 * scratch.jointCenter), fills their joints' columns of data.coordinateMotion and their
 * axes' scratch entries (axisWorld, axisSlope, axisCurvature). Requires the pose of
 * firstBody's ancestors to be current. One call places a whole range so that the
 * model's and data's arrays are fetched once, not per body: in V8 those property loads
 * cost as much as the arithmetic.
 */
export function placeBodies(model: SkeletonModel, data: SkeletonData, q: Float64Array, firstBody: number, endBody: number): void {
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const motion = data.coordinateMotion;
  const scratch = data.scratch;
  const axisWorld = scratch.axisWorld;
  const axisSlope = scratch.axisSlope;
  const axisCurvature = scratch.axisCurvature;
  const axisShape = scratch.axisShape;
  const flags = scratch.frameFlags;
  const direction = model.axisDirection;
  const axisCoordinate = model.axisCoordinate;
  const axisFunction = model.axisFunction;
  const functionType = model.functionType;
  const functionParams = model.functionParams;
  const functionParamAdr = model.functionParamAdr;
  const bodyParent = model.bodyParent;
  const jointParentFrame = model.jointParentFrame;
  const jointChildFrame = model.jointChildFrame;
  const jointAxisAdr = model.jointAxisAdr;
  const jointAxisNum = model.jointAxisNum;
  const jointRotationNum = scratch.jointRotationNum;
  const axisFirstTouch = scratch.axisFirstTouch;
  const center = scratch.jointCenter;
  const value = scratch.functionValue;
  for (let b = firstBody; b < endBody; b++) {
    const parent = bodyParent[b];
    const rp = 9 * parent;
    const fo = 12 * b;

    // R_G_F = R_G_parent R_parent_F and the origin of F, in locals.
    let r00 = rotation[rp], r01 = rotation[rp + 1], r02 = rotation[rp + 2];
    let r10 = rotation[rp + 3], r11 = rotation[rp + 4], r12 = rotation[rp + 5];
    let r20 = rotation[rp + 6], r21 = rotation[rp + 7], r22 = rotation[rp + 8];
    const frame = jointParentFrame;
    const lx = frame[fo + 9];
    const ly = frame[fo + 10];
    const lz = frame[fo + 11];
    let cx = position[3 * parent] + r00 * lx + r01 * ly + r02 * lz;
    let cy = position[3 * parent + 1] + r10 * lx + r11 * ly + r12 * lz;
    let cz = position[3 * parent + 2] + r20 * lx + r21 * ly + r22 * lz;
    if (flags[3 * b] !== 1) {
      const f0 = frame[fo], f1 = frame[fo + 1], f2 = frame[fo + 2];
      const f3 = frame[fo + 3], f4 = frame[fo + 4], f5 = frame[fo + 5];
      const f6 = frame[fo + 6], f7 = frame[fo + 7], f8 = frame[fo + 8];
      let a0 = r00, a1 = r01, a2 = r02;
      r00 = a0 * f0 + a1 * f3 + a2 * f6;
      r01 = a0 * f1 + a1 * f4 + a2 * f7;
      r02 = a0 * f2 + a1 * f5 + a2 * f8;
      a0 = r10; a1 = r11; a2 = r12;
      r10 = a0 * f0 + a1 * f3 + a2 * f6;
      r11 = a0 * f1 + a1 * f4 + a2 * f7;
      r12 = a0 * f2 + a1 * f5 + a2 * f8;
      a0 = r20; a1 = r21; a2 = r22;
      r20 = a0 * f0 + a1 * f3 + a2 * f6;
      r21 = a0 * f1 + a1 * f4 + a2 * f7;
      r22 = a0 * f2 + a1 * f5 + a2 * f8;
    }

    // Translations first, along F's axes (the running rotation is still R_G_F), then the
    // rotations about the joint centre they leave. The axis list holds the rotations
    // first, so step through it as [translations..., rotations...].
    const firstAxis = jointAxisAdr[b];
    const axisNum = jointAxisNum[b];
    const rotationNum = jointRotationNum[b];
    const translationNum = axisNum - rotationNum;
    for (let step = 0; step < axisNum; step++) {
      const k = step < translationNum ? firstAxis + rotationNum + step : firstAxis + step - translationNum;
      const shape = axisShape[k];

      // Axis value f, slope f' and curvature f'' (linear functions inline).
      const j = axisCoordinate[k];
      const x = j >= 0 ? q[j] : 0;
      const f = axisFunction[k];
      let amount: number;
      let slope: number;
      let curvature = 0;
      if (functionType[f] === FunctionType.linear) {
        const adr = functionParamAdr[f];
        slope = functionParams[adr];
        amount = slope * x + functionParams[adr + 1];
      } else {
        evaluateFunction(model, f, x, value, 0);
        amount = value[0];
        slope = value[1];
        curvature = value[2];
      }
      if (j < 0) {
        slope = 0;
        curvature = 0;
      }
      axisSlope[k] = slope;
      axisCurvature[k] = curvature;

      // Ground direction of the axis: the running rotation times the constant axis.
      const dx = direction[3 * k];
      const dy = direction[3 * k + 1];
      const dz = direction[3 * k + 2];
      const ux = r00 * dx + r01 * dy + r02 * dz;
      const uy = r10 * dx + r11 * dy + r12 * dz;
      const uz = r20 * dx + r21 * dy + r22 * dz;
      axisWorld[3 * k] = ux;
      axisWorld[3 * k + 1] = uy;
      axisWorld[3 * k + 2] = uz;

      // The coordinate's column: the first axis (in this order) that a coordinate drives
      // sets it, later ones add to it (compile ensures every coordinate drives an axis).
      const m = 6 * j;
      const first = axisFirstTouch[k] === 1;
      if (shape === AxisShape.translation) {
        cx += amount * ux;
        cy += amount * uy;
        cz += amount * uz;
        if (j < 0) continue;
        if (first) {
          motion[m] = 0;
          motion[m + 1] = 0;
          motion[m + 2] = 0;
          motion[m + 3] = slope * ux;
          motion[m + 4] = slope * uy;
          motion[m + 5] = slope * uz;
        } else {
          motion[m + 3] += slope * ux;
          motion[m + 4] += slope * uy;
          motion[m + 5] += slope * uz;
        }
        continue;
      }
      if (j >= 0) {
        const wx = slope * ux;
        const wy = slope * uy;
        const wz = slope * uz;
        if (first) {
          motion[m] = wx;
          motion[m + 1] = wy;
          motion[m + 2] = wz;
          motion[m + 3] = cy * wz - cz * wy;
          motion[m + 4] = cz * wx - cx * wz;
          motion[m + 5] = cx * wy - cy * wx;
        } else {
          motion[m] += wx;
          motion[m + 1] += wy;
          motion[m + 2] += wz;
          motion[m + 3] += cy * wz - cz * wy;
          motion[m + 4] += cz * wx - cx * wz;
          motion[m + 5] += cx * wy - cy * wx;
        }
      }

      // Running rotation R <- R * R(axis, amount). About a principal axis only two
      // columns change: e.g. R Rx(t) keeps column 0 and turns columns 1, 2 by t.
      const c = Math.cos(amount);
      const s = Math.sin(amount);
      if (shape === AxisShape.rotationX) {
        const t0 = r01, t1 = r11, t2 = r21;
        r01 = c * t0 + s * r02; r02 = c * r02 - s * t0;
        r11 = c * t1 + s * r12; r12 = c * r12 - s * t1;
        r21 = c * t2 + s * r22; r22 = c * r22 - s * t2;
      } else if (shape === AxisShape.rotationY) {
        const t0 = r00, t1 = r10, t2 = r20;
        r00 = c * t0 - s * r02; r02 = s * t0 + c * r02;
        r10 = c * t1 - s * r12; r12 = s * t1 + c * r12;
        r20 = c * t2 - s * r22; r22 = s * t2 + c * r22;
      } else if (shape === AxisShape.rotationZ) {
        const t0 = r00, t1 = r10, t2 = r20;
        r00 = c * t0 + s * r01; r01 = c * r01 - s * t0;
        r10 = c * t1 + s * r11; r11 = c * r11 - s * t1;
        r20 = c * t2 + s * r21; r21 = c * r21 - s * t2;
      } else {
        // Rodrigues: A = c 1 + s [d]x + (1 - c) d d^T, then R <- R A.
        const v = 1 - c;
        const a00 = c + v * dx * dx, a01 = v * dx * dy - s * dz, a02 = v * dx * dz + s * dy;
        const a10 = v * dx * dy + s * dz, a11 = c + v * dy * dy, a12 = v * dy * dz - s * dx;
        const a20 = v * dx * dz - s * dy, a21 = v * dy * dz + s * dx, a22 = c + v * dz * dz;
        let t0 = r00, t1 = r01, t2 = r02;
        r00 = t0 * a00 + t1 * a10 + t2 * a20; r01 = t0 * a01 + t1 * a11 + t2 * a21; r02 = t0 * a02 + t1 * a12 + t2 * a22;
        t0 = r10; t1 = r11; t2 = r12;
        r10 = t0 * a00 + t1 * a10 + t2 * a20; r11 = t0 * a01 + t1 * a11 + t2 * a21; r12 = t0 * a02 + t1 * a12 + t2 * a22;
        t0 = r20; t1 = r21; t2 = r22;
        r20 = t0 * a00 + t1 * a10 + t2 * a20; r21 = t0 * a01 + t1 * a11 + t2 * a21; r22 = t0 * a02 + t1 * a12 + t2 * a22;
      }
    }
    center[3 * b] = cx;
    center[3 * b + 1] = cy;
    center[3 * b + 2] = cz;

    // Body frame from M: R_G_B = R_G_M R_B_M^T, p_G_B = c - R_G_B p_B_M.
    const child = jointChildFrame;
    if (flags[3 * b + 1] !== 1) {
      const m0 = child[fo], m1 = child[fo + 1], m2 = child[fo + 2];
      const m3 = child[fo + 3], m4 = child[fo + 4], m5 = child[fo + 5];
      const m6 = child[fo + 6], m7 = child[fo + 7], m8 = child[fo + 8];
      let a0 = r00, a1 = r01, a2 = r02;
      r00 = a0 * m0 + a1 * m1 + a2 * m2;
      r01 = a0 * m3 + a1 * m4 + a2 * m5;
      r02 = a0 * m6 + a1 * m7 + a2 * m8;
      a0 = r10; a1 = r11; a2 = r12;
      r10 = a0 * m0 + a1 * m1 + a2 * m2;
      r11 = a0 * m3 + a1 * m4 + a2 * m5;
      r12 = a0 * m6 + a1 * m7 + a2 * m8;
      a0 = r20; a1 = r21; a2 = r22;
      r20 = a0 * m0 + a1 * m1 + a2 * m2;
      r21 = a0 * m3 + a1 * m4 + a2 * m5;
      r22 = a0 * m6 + a1 * m7 + a2 * m8;
    }
    if (flags[3 * b + 2] !== 1) {
      const px = child[fo + 9];
      const py = child[fo + 10];
      const pz = child[fo + 11];
      cx -= r00 * px + r01 * py + r02 * pz;
      cy -= r10 * px + r11 * py + r12 * pz;
      cz -= r20 * px + r21 * py + r22 * pz;
    }
    const rb = 9 * b;
    rotation[rb] = r00;
    rotation[rb + 1] = r01;
    rotation[rb + 2] = r02;
    rotation[rb + 3] = r10;
    rotation[rb + 4] = r11;
    rotation[rb + 5] = r12;
    rotation[rb + 6] = r20;
    rotation[rb + 7] = r21;
    rotation[rb + 8] = r22;
    position[3 * b] = cx;
    position[3 * b + 1] = cy;
    position[3 * b + 2] = cz;
  }
}
