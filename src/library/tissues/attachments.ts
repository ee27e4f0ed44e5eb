/**
 * Writing tissue attachments so they scale with the subject.
 *
 * Attachments are written for the right side and mirrored for the left (tissue-builder.ts).
 * Every helper returns a path point in metres in the body's frame, computed from a
 * fraction times a length that is itself proportional to stature, so doubling the stature
 * doubles every attachment coordinate.
 *
 * - `onBody(body, f)`: f in units of the body's attachment scale (stature for pelvis,
 *   lumbar, thorax, neck, head; segment length for femur, tibia, humerus, forearm, hand;
 *   foot length for the foot bodies), relative to the body origin.
 * - `atStanding(body, f)`: f is a reference-pose position in ground in units of stature
 *   (origin on the floor below the mid-hip), the natural way to place trunk landmarks.
 * - `onFoot(body, footPoint)`: a point in foot coordinates (foot-geometry.ts).
 * - `fromRajagopal(body, p)`: a point of the Rajagopal et al. 2016 OpenSim model
 *   (reference/opensim/models/Rajagopal2016.osim), moved to this body's frame and scaled:
 *   pelvis by hip width (and rotated by the standing pelvic tilt, see below), femur by
 *   thigh length, tibia by shank length.
 */
import { KinechainError } from '../../core/errors.js';
import type { PathPointSpec, WrapCylinderSpec } from '../../spec/schema.js';
import { AXIAL_PROPORTIONS, type BodyGeometry, type DefaultBodyName, type Vec3 } from '../body-geometry.js';
import type { FootVector } from '../foot-geometry.js';
import { literature } from '../literature-value.js';

/** Rajagopal 2016 hip joint centre in its pelvis frame (m); its mid-hip has z = 0. */
const RAJAGOPAL_HIP_CENTER: Vec3 = [-0.056276, -0.07849, 0.07726];
/** Rajagopal 2016 knee centre in the tibia frame (m). */
const RAJAGOPAL_KNEE_IN_TIBIA: Vec3 = [-0.0080895, -0.0035348, -0.00148474];
/** Rajagopal 2016 hip-to-knee and knee-to-ankle distances (m). */
const RAJAGOPAL_THIGH_M = 0.40443;
const RAJAGOPAL_SHANK_M = 0.3965;

/**
 * Rajagopal's pelvis frame has the anterior and posterior superior iliac spines about 6 deg
 * from level (its ASIS marker 1.7 cm below the PSIS marker over 16.5 cm); in standing the
 * ASIS-PSIS line tilts about 12 deg anteriorly, so its points are turned 6 deg anteriorly
 * (about +Z, negative angle) about the mid-hip to express them in the standing pelvis frame.
 */
export const RAJAGOPAL_PELVIS_STANDING_TILT = literature(
  (-6 * Math.PI) / 180,
  'rad',
  'assumption: ASIS-PSIS line about 12 deg in standing vs about 6 deg in the Rajagopal 2016 pelvis frame',
  [(-10 * Math.PI) / 180, (-2 * Math.PI) / 180],
);

export interface Attachments {
  onBody(body: DefaultBodyName, fraction: Vec3, label: string): PathPointSpec;
  atStanding(body: DefaultBodyName, worldFraction: Vec3, label: string): PathPointSpec;
  onFoot(body: DefaultBodyName, footPoint: FootVector, label: string): PathPointSpec;
  fromRajagopal(body: 'pelvis' | 'femur_r' | 'tibia_r', point: Vec3, label: string): PathPointSpec;
  /** Location (m) in `body` of a reference-pose ground point given as a fraction of stature. */
  standingLocation(body: DefaultBodyName, worldFraction: Vec3): Vec3;
  footLocation(body: DefaultBodyName, footPoint: FootVector): Vec3;
  rajagopalLocation(body: 'pelvis' | 'femur_r' | 'tibia_r', point: Vec3): Vec3;
  /** A wrapping cylinder on `body` (center in m, body frame). */
  cylinder(
    name: string,
    body: DefaultBodyName,
    center: Vec3,
    axis: Vec3,
    radiusM: number,
    sign: 1 | -1,
    between: [number, number],
  ): WrapCylinderSpec;
}

function round(value: number): number {
  // Keep specs readable and free of -0; 1e-12 m is far below any anatomical precision.
  const rounded = Math.round(value * 1e12) / 1e12;
  return rounded === 0 ? 0 : rounded;
}

function vec(v: Vec3): Vec3 {
  return [round(v[0]), round(v[1]), round(v[2])];
}

export function makeAttachments(geometry: BodyGeometry): Attachments {
  const H = geometry.heightM;
  const side = (body: DefaultBodyName): 'r' | 'l' => (body.endsWith('_l') ? 'l' : 'r');

  const standingLocation = (body: DefaultBodyName, worldFraction: Vec3): Vec3 => {
    const origin = geometry.originWorld[body];
    return vec([worldFraction[0] * H - origin[0], worldFraction[1] * H - origin[1], worldFraction[2] * H - origin[2]]);
  };
  const footLocation = (body: DefaultBodyName, footPoint: FootVector): Vec3 => {
    if (!/^(talus|calcn|forefoot|toes)_[rl]$/.test(body)) {
      throw new KinechainError('INTERNAL', `foot point requested on "${body}", which is not a foot body`);
    }
    const world = geometry.footPointWorld(side(body), footPoint);
    const origin = geometry.originWorld[body];
    return vec([world[0] - origin[0], world[1] - origin[1], world[2] - origin[2]]);
  };
  const rajagopalLocation = (body: 'pelvis' | 'femur_r' | 'tibia_r', point: Vec3): Vec3 => {
    if (body === 'pelvis') {
      const scale = (AXIAL_PROPORTIONS.hipHalfWidth.value * H) / RAJAGOPAL_HIP_CENTER[2];
      const x = point[0] - RAJAGOPAL_HIP_CENTER[0];
      const y = point[1] - RAJAGOPAL_HIP_CENTER[1];
      const tilt = RAJAGOPAL_PELVIS_STANDING_TILT.value;
      const c = Math.cos(tilt);
      const s = Math.sin(tilt);
      return vec([(c * x - s * y) * scale, (s * x + c * y) * scale, point[2] * scale]);
    }
    if (body === 'femur_r') {
      const scale = geometry.segmentLengthM.femur_r / RAJAGOPAL_THIGH_M;
      return vec([point[0] * scale, point[1] * scale, point[2] * scale]);
    }
    const scale = geometry.segmentLengthM.tibia_r / RAJAGOPAL_SHANK_M;
    return vec([
      (point[0] - RAJAGOPAL_KNEE_IN_TIBIA[0]) * scale,
      (point[1] - RAJAGOPAL_KNEE_IN_TIBIA[1]) * scale,
      (point[2] - RAJAGOPAL_KNEE_IN_TIBIA[2]) * scale,
    ]);
  };

  return {
    onBody(body, fraction, label) {
      const scale = geometry.attachmentScaleM[body];
      return { body, location: vec([fraction[0] * scale, fraction[1] * scale, fraction[2] * scale]), label };
    },
    atStanding(body, worldFraction, label) {
      return { body, location: standingLocation(body, worldFraction), label };
    },
    onFoot(body, footPoint, label) {
      return { body, location: footLocation(body, footPoint), label };
    },
    fromRajagopal(body, point, label) {
      return { body, location: rajagopalLocation(body, point), label };
    },
    standingLocation,
    footLocation,
    rajagopalLocation,
    cylinder(name, body, center, axis, radiusM, sign, between) {
      const norm = Math.hypot(axis[0], axis[1], axis[2]);
      return {
        type: 'cylinder',
        name,
        body,
        center: vec(center),
        axis: vec([axis[0] / norm, axis[1] / norm, axis[2] / norm]),
        radiusM: round(radiusM),
        sign,
        between,
      };
    },
  };
}

/**
 * Length (m) of a path through its points in the reference pose, ignoring wrapping: every
 * body frame is aligned with ground there, so a point's ground position is its body origin
 * plus its location. Used to turn a tendon stiffness in N/m into an axial rigidity E*A.
 */
export function referencePolylineLength(geometry: BodyGeometry, points: readonly PathPointSpec[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const oa = geometry.originWorld[a.body as DefaultBodyName];
    const ob = geometry.originWorld[b.body as DefaultBodyName];
    if (oa === undefined || ob === undefined) {
      throw new KinechainError('INTERNAL', `path point on unknown body "${oa === undefined ? a.body : b.body}"`);
    }
    length += Math.hypot(
      ob[0] + b.location[0] - oa[0] - a.location[0],
      ob[1] + b.location[1] - oa[1] - a.location[1],
      ob[2] + b.location[2] - oa[2] - a.location[2],
    );
  }
  return length;
}
