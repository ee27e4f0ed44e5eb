/**
 * OpenSim PathWrap over a WrapCylinder -> kinechain cylinder wrap on one path segment.
 *
 * Geometry: the wrap frame sits in its body at `translation` with body-fixed X-Y-Z
 * angles `xyz_body_rotation`; the cylinder's axis is the wrap frame's Z axis.
 *
 * Segment: OpenSim's `range` (1-based first and last path points; < 1 = the path's
 * ends) lets the wrap act on any segment between them, choosing at each pose the first
 * segment that cuts the cylinder, else the one whose wrap lengthens the path least.
 * kinechain wraps one fixed segment. When the range (after inactive conditional points
 * are left out) holds one segment, that is exact; otherwise the importer
 * (osim-map-tissues.ts) takes the segment that wraps in the most of a set of sampled
 * poses (the default pose and sweeps of the coordinates that move the segment relative
 * to the cylinder), and reports the choice as an approximation.
 *
 * Side: kinechain's `sign` is the direction the path turns about the axis going from the
 * segment's first point to its second (+1: counter-clockwise seen from +axis). A
 * quadrant-constrained cylinder ("+x", "-y", ...) must be passed on that side n of the
 * wrap frame, which, for the segment's direction d, is a turn of sign((n x d) . axis).
 * An unconstrained cylinder ("all") is passed on the side where the straight segment
 * passes the axis; OpenSim decides this at every pose, kinechain once (the side found
 * in most sampled poses that wrap), reported as an approximation.
 */
import { NO_WRAP, cylinderWrap } from '../../core/paths/cylinder-wrap.js';
import { NO_WRAP as NO_ELLIPSOID_WRAP, ellipsoidWrap } from '../../core/paths/ellipsoid-wrap.js';
import type { Vec3Tuple, WrapCylinderSpec, WrapEllipsoidSpec } from '../../spec/schema.js';
import { rotateVector, rotationFromXYZ } from './frame-math.js';
import type { Pose } from './osim-default-pose.js';
import type { OsimPathWrap, OsimWrapObject } from './osim-model.js';

export interface CylinderInGround {
  center: Vec3Tuple;
  axis: Vec3Tuple;
  /** Unit direction of the constrained side, or null for quadrant "all". */
  side: Vec3Tuple | null;
  radius: number;
}

const sub = (a: readonly number[], b: readonly number[]): Vec3Tuple => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: readonly number[], b: readonly number[]): Vec3Tuple => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

/** The cylinder in its body frame: centre, unit axis and the constrained side (or null). */
export function cylinderInBody(wrap: OsimWrapObject): { center: Vec3Tuple; axis: Vec3Tuple; side: Vec3Tuple | null } {
  const rotation = rotationFromXYZ(wrap.rotation);
  let side: Vec3Tuple | null = null;
  if (wrap.quadrant !== 'all') {
    const sign = wrap.quadrant[0] === '-' ? -1 : 1;
    const local: Vec3Tuple = wrap.quadrant[1] === 'x' ? [sign, 0, 0] : [0, sign, 0];
    side = rotateVector(rotation, local);
  }
  return { center: [...wrap.translation], axis: rotateVector(rotation, [0, 0, 1]), side };
}

/** The cylinder in ground in `pose`; `local` (cylinderInBody(wrap)) may be passed when placing it in many poses. */
export function cylinderInGround(wrap: OsimWrapObject, pose: Pose, local = cylinderInBody(wrap)): CylinderInGround {
  return {
    center: pose.pointInGround(wrap.body, local.center),
    axis: pose.directionInGround(wrap.body, local.axis),
    side: local.side ? pose.directionInGround(wrap.body, local.side) : null,
    radius: wrap.radius ?? 0,
  };
}

/** Component of v perpendicular to the unit axis a. */
function planar(v: readonly number[], a: readonly number[]): Vec3Tuple {
  const along = dot(v, a);
  return [v[0] - along * a[0], v[1] - along * a[1], v[2] - along * a[2]];
}

/** Closest point to the axis of segment start -> end, projected on the plane normal to the axis (relative to the centre). */
function closestApproach(start: Vec3Tuple, end: Vec3Tuple, cylinder: CylinderInGround): Vec3Tuple {
  const p = planar(sub(start, cylinder.center), cylinder.axis);
  const s = planar(sub(end, cylinder.center), cylinder.axis);
  const d = sub(s, p);
  const dd = dot(d, d);
  const t = dd > 0 ? Math.max(0, Math.min(1, -dot(p, d) / dd)) : 0;
  return [p[0] + t * d[0], p[1] + t * d[1], p[2] + t * d[2]];
}

/**
 * kinechain wrap sign for the segment start -> end; `ambiguous` when the default pose
 * does not decide it (segment along the axis, or through it for quadrant "all").
 */
export function wrapSign(start: Vec3Tuple, end: Vec3Tuple, cylinder: CylinderInGround): { sign: 1 | -1; ambiguous: boolean } {
  const direction = planar(sub(end, start), cylinder.axis);
  const length = Math.sqrt(dot(direction, direction));
  const side = cylinder.side ?? closestApproach(start, end, cylinder);
  const sideLength = Math.sqrt(dot(side, side));
  if (!(length > 1e-12) || !(sideLength > 1e-12)) return { sign: 1, ambiguous: true };
  const turn = dot(cross(side, direction), cylinder.axis) / (length * sideLength);
  if (Math.abs(turn) < 1e-9) return { sign: 1, ambiguous: true };
  return { sign: turn > 0 ? 1 : -1, ambiguous: false };
}

/** wrapsInDefaultPose's inputs and outputs [18]: start, end, cylinder centre, axis (3 each), tangent points (6). */
const wrapScratch = new Float64Array(18);

/** Whether kinechain's cylinder wrap wraps the segment in the default pose. */
export function wrapsInDefaultPose(start: Vec3Tuple, end: Vec3Tuple, cylinder: CylinderInGround, sign: number): boolean {
  const scratch = wrapScratch;
  scratch.set(start, 0);
  scratch.set(end, 3);
  scratch.set(cylinder.center, 6);
  scratch.set(cylinder.axis, 9);
  const length = cylinderWrap(scratch, 0, scratch, 3, scratch, 6, scratch, 9, cylinder.radius, sign, scratch, 12);
  return length !== NO_WRAP;
}

/** Distance from the cylinder surface to the segment, in the plane normal to the axis (negative: it cuts the cylinder). */
export function clearance(start: Vec3Tuple, end: Vec3Tuple, cylinder: CylinderInGround): number {
  const near = closestApproach(start, end, cylinder);
  return Math.sqrt(dot(near, near)) - cylinder.radius;
}

/**
 * The 0-based indices (into the kept points) of the first and last points OpenSim's
 * range names, given each kept point's index in the original PathPointSet.
 */
export function rangeInKeptPoints(wrap: OsimPathWrap, originalIndex: readonly number[], originalCount: number): [number, number] {
  const first = wrap.range[0] < 1 ? 0 : wrap.range[0] - 1;
  const last = wrap.range[1] < 1 ? originalCount - 1 : wrap.range[1] - 1;
  let start = originalIndex.findIndex((index) => index >= first && index <= last);
  let end = -1;
  for (let k = originalIndex.length - 1; k >= 0; k--) {
    if (originalIndex[k] <= last && originalIndex[k] >= first) {
      end = k;
      break;
    }
  }
  if (start < 0) start = 0;
  return [start, end];
}

export function wrapSpec(name: string, wrap: OsimWrapObject, segment: number, sign: 1 | -1): WrapCylinderSpec {
  const local = cylinderInBody(wrap);
  return {
    type: 'cylinder',
    name,
    body: wrap.body,
    center: local.center,
    axis: local.axis,
    radiusM: wrap.radius ?? 0,
    sign,
    between: [segment, segment + 1],
  };
}

// ---------------------------------------------------------------------------------
// WrapEllipsoid
// ---------------------------------------------------------------------------------

/**
 * OpenSim WrapEllipsoid -> kinechain ellipsoid wrap: centre `translation`, orientation
 * from `xyz_body_rotation` (R_body_ellipsoid), semi-axes `dimensions`, and the quadrant as
 * a side constraint in the ellipsoid's own frame ("all": none).
 */
export function ellipsoidWrapSpec(name: string, wrap: OsimWrapObject, segment: number): WrapEllipsoidSpec {
  const quadrant = wrap.quadrant;
  const side =
    quadrant === 'all' ? null : { axis: quadrant[1] as 'x' | 'y' | 'z', sign: quadrant[0] === '-' ? (-1 as const) : (1 as const) };
  return {
    type: 'ellipsoid',
    name,
    body: wrap.body,
    center: [...wrap.translation],
    rotation: rotationFromXYZ(wrap.rotation),
    radiiM: [...(wrap.dimensions ?? [1, 1, 1])],
    side,
    between: [segment, segment + 1],
  };
}

/** Whether kinechain's ellipsoid wrap wraps segment start -> end (ground) in `pose`. */
export function ellipsoidWrapsInPose(start: Vec3Tuple, end: Vec3Tuple, wrap: OsimWrapObject, pose: Pose): boolean {
  const spec = ellipsoidWrapSpec(wrap.name, wrap, 0);
  const center = pose.pointInGround(wrap.body, spec.center);
  const poseInGround = new Float64Array(12);
  poseInGround.set(center, 0);
  for (let column = 0; column < 3; column++) {
    const direction = pose.directionInGround(wrap.body, [spec.rotation[column], spec.rotation[3 + column], spec.rotation[6 + column]]);
    for (let row = 0; row < 3; row++) poseInGround[3 + row * 3 + column] = direction[row];
  }
  const length = ellipsoidWrap(
    Float64Array.from(start),
    0,
    Float64Array.from(end),
    0,
    poseInGround,
    Float64Array.from(spec.radiiM),
    0,
    spec.side ? 'xyz'.indexOf(spec.side.axis) : -1,
    spec.side?.sign ?? 0,
    new Float64Array(6),
    0,
  );
  return length !== NO_ELLIPSOID_WRAP;
}
