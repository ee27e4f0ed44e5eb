/**
 * Geometry of the foot placed on its support during stance.
 *
 * The static contact solve (static-foot-loading.ts) places the foot bodies, posed by
 * forward kinematics at q, by a lift dy (m) and a tilt theta (rad) about the horizontal
 * axis k = forward x up through the ankle joint centre (the talus origin), forward being
 * the calcaneus's long axis projected on the floor. This file repeats that rigid motion
 * for single points (the navicular tuberosity, the midtarsal joint centre), and reads
 * the sagittal pitch of a body.
 */
import type { Data } from '../core/model/model.js';

/** Pivot (talus origin, ground) and pitch axis k for the placement of the foot; each [3]. */
export interface FootPlacementFrame {
  readonly pivot: Float64Array;
  readonly axis: Float64Array;
}

export function makeFootPlacementFrame(): FootPlacementFrame {
  return { pivot: new Float64Array(3), axis: new Float64Array(3) };
}

/** Fills the frame from the forward kinematics in data (talus and calcaneus body indices). */
export function setFootPlacementFrame(data: Data, talus: number, calcaneus: number, out: FootPlacementFrame): void {
  out.pivot[0] = data.bodyPosition[3 * talus];
  out.pivot[1] = data.bodyPosition[3 * talus + 1];
  out.pivot[2] = data.bodyPosition[3 * talus + 2];
  const r = 9 * calcaneus;
  const horizontal = Math.hypot(data.bodyRotation[r], data.bodyRotation[r + 6]);
  const fx = data.bodyRotation[r] / horizontal;
  const fz = data.bodyRotation[r + 6] / horizontal;
  // k = forward x up.
  out.axis[0] = -fz;
  out.axis[1] = 0;
  out.axis[2] = fx;
}

/**
 * Ground position (out [3]) of the point `local` [3] of `body` after the placement
 * (lift, tilt) of the foot: pivot + R(k, tilt) (p - pivot) + lift * up, with p the point
 * at the forward kinematics in data.
 */
export function placedFootPoint(
  data: Data,
  body: number,
  local: ArrayLike<number>,
  frame: FootPlacementFrame,
  liftM: number,
  tiltRad: number,
  out: Float64Array,
): void {
  const rb = 9 * body;
  const rot = data.bodyRotation;
  const pos = data.bodyPosition;
  const dx = rot[rb] * local[0] + rot[rb + 1] * local[1] + rot[rb + 2] * local[2] + pos[3 * body] - frame.pivot[0];
  const dy = rot[rb + 3] * local[0] + rot[rb + 4] * local[1] + rot[rb + 5] * local[2] + pos[3 * body + 1] - frame.pivot[1];
  const dz = rot[rb + 6] * local[0] + rot[rb + 7] * local[1] + rot[rb + 8] * local[2] + pos[3 * body + 2] - frame.pivot[2];
  // Rodrigues: v cos + (k x v) sin + k (k . v)(1 - cos).
  const kx = frame.axis[0];
  const ky = frame.axis[1];
  const kz = frame.axis[2];
  const c = Math.cos(tiltRad);
  const s = Math.sin(tiltRad);
  const along = (kx * dx + ky * dy + kz * dz) * (1 - c);
  out[0] = frame.pivot[0] + dx * c + (ky * dz - kz * dy) * s + kx * along;
  out[1] = frame.pivot[1] + dy * c + (kz * dx - kx * dz) * s + ky * along + liftM;
  out[2] = frame.pivot[2] + dz * c + (kx * dy - ky * dx) * s + kz * along;
}

/**
 * Nose-down pitch (rad) of a body's long axis (its X axis) in ground at the forward
 * kinematics in data: positive when its front end points below the horizontal (heel up).
 */
export function noseDownPitch(data: Data, body: number): number {
  const r = 9 * body;
  const rot = data.bodyRotation;
  return -Math.atan2(rot[r + 3], Math.hypot(rot[r], rot[r + 6]));
}
