/**
 * Small rigid-transform helpers for reading OpenSim frames: body-fixed X-Y-Z angles to
 * and from rotation matrices, and composition of fixed offsets. Import-time only (they
 * allocate); the engine's allocation-free versions live in core/math.
 *
 * A transform is { rotation: R_parent_frame (row-major 3x3), origin: frame origin in
 * the parent (m) }; a point p in the frame is R p + origin in the parent.
 */
import { mat3FromBodyFixedXYZ } from '../../core/math/mat3.js';
import type { OsimVec3 } from './osim-model.js';

export interface RigidTransform {
  rotation: number[];
  origin: OsimVec3;
}

/** R = Rx(x) Ry(y) Rz(z), OpenSim's body-fixed X-Y-Z sequence. */
export function rotationFromXYZ(angles: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  mat3FromBodyFixedXYZ(out, 0, angles[0], angles[1], angles[2]);
  return out;
}

/**
 * Body-fixed X-Y-Z angles of a rotation (inverse of rotationFromXYZ), with y in
 * [-pi/2, pi/2]. At y = +-pi/2 (gimbal lock) x is set to 0 and z carries the rest.
 */
export function xyzFromRotation(r: readonly number[]): OsimVec3 {
  const sy = Math.max(-1, Math.min(1, r[2]));
  const y = Math.asin(sy);
  if (Math.abs(sy) < 1 - 1e-12) {
    return [Math.atan2(-r[5], r[8]), y, Math.atan2(-r[1], r[0])];
  }
  // cos y = 0: R = [[0, 0, sy], [., ., 0], [., ., 0]]; with x = 0, z = atan2(R10, R11).
  return [0, y, Math.atan2(r[3], r[4])];
}

export function multiplyRotations(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    }
  }
  return out;
}

export function rotateVector(r: readonly number[], v: readonly number[]): OsimVec3 {
  return [
    r[0] * v[0] + r[1] * v[1] + r[2] * v[2],
    r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
    r[6] * v[0] + r[7] * v[1] + r[8] * v[2],
  ];
}

/** parent ∘ child: the child frame's pose in parent's parent. */
export function composeTransforms(parent: RigidTransform, child: RigidTransform): RigidTransform {
  const moved = rotateVector(parent.rotation, child.origin);
  return {
    rotation: multiplyRotations(parent.rotation, child.rotation),
    origin: [parent.origin[0] + moved[0], parent.origin[1] + moved[1], parent.origin[2] + moved[2]],
  };
}

export function identityTransform(): RigidTransform {
  return { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
}
