/**
 * Foot support on a flat floor for a static pose: named contact points fixed in the foot
 * bodies, each carrying a unilateral normal force and a friction force inside a linearised
 * friction cone.
 *
 * Floor: the plane y = floorHeightM (default 0), normal n = +Y (OpenSim frames: X forward,
 * Y up, Z right).
 *
 * Force at a contact point. The friction cone |f_t| <= mu f_n is replaced by the pyramid
 * inscribed in it, spanned by four edges d_k = n + mu t_k with t_k = +X, -X, +Z, -Z
 * (edgeDirection below; the edges are not normalised). A contact force is a non-negative
 * combination of the edges, f = sum_k c_k d_k with c_k >= 0, so
 *   normal force      f_n = sum_k c_k >= 0            (the floor can only push),
 *   friction force    f_x = mu (c_0 - c_1), f_z = mu (c_2 - c_3),  |f_x|, |f_z| <= mu f_n.
 * Only bounds c_k >= 0 are needed, which is what the bounded QP solves exactly. The
 * pyramid lies inside the cone, so every force it allows is physically admissible
 * (conservative by at most a factor sqrt(2) on diagonal friction).
 *
 * Generalised force of the contact forces: tau_c = sum_points J_p^T f_p, with J_p the
 * jacobian of the point's ground position (bodyPointJacobian). The column of the edge
 * coefficient c_k of point p is J_p^T d_k (contactEdgeColumn).
 *
 * Centre of pressure: with every point on the floor, the point of the floor where the
 * resultant normal force acts, cop = sum_p f_n,p x_p / sum_p f_n,p (per foot or for both).
 *
 * The contact points themselves (which body, where) are data: the default body's layout
 * lives in src/library/foot-contact.ts. Call updateFootSupport after forwardKinematics;
 * it writes point positions and jacobians into the support's buffers and allocates
 * nothing.
 */
import { KinechainError, requireFinite } from '../errors.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { bodyPointJacobian, bodyPointPosition } from '../kinematics/jacobian.js';

export type FootSide = 'r' | 'l';
/** Region of the sole a point belongs to (heel limits act on 'heel'). */
export type FootRegion = 'heel' | 'forefoot' | 'toes';

/** Codes stored in FootSupport.pointSide / pointRegion. */
export const FootSideCode = { r: 0, l: 1 } as const;
export const FootRegionCode = { heel: 0, forefoot: 1, toes: 2 } as const;
export const FOOT_REGION_NAMES: readonly FootRegion[] = ['heel', 'forefoot', 'toes'];

/** Friction-pyramid edges per contact point. */
export const PYRAMID_EDGES = 4;

export interface FootContactPointSpec {
  /** Unique name, e.g. "heel_medial_r". */
  readonly name: string;
  readonly side: FootSide;
  readonly region: FootRegion;
  /** Body the point is fixed in (e.g. "calcn_r"). */
  readonly body: string;
  /** Position in the body frame (m). */
  readonly location: readonly [number, number, number];
  /** Human-readable description. */
  readonly label?: string;
}

export interface FootSupportOptions {
  /** Coefficient of friction mu (> 0). */
  readonly friction: number;
  /** Height of the floor (m), default 0. */
  readonly floorHeightM?: number;
}

export interface FootSupport {
  readonly nq: number;
  readonly npoint: number;
  readonly pointName: readonly string[];
  readonly pointLabel: readonly string[];
  /** [npoint] FootSideCode, FootRegionCode, body index. */
  readonly pointSide: Int8Array;
  readonly pointRegion: Int8Array;
  readonly pointBody: Int32Array;
  /** [npoint*3] location in the body frame (m). */
  readonly pointLocation: Float64Array;
  readonly friction: number;
  readonly floorHeightM: number;
  /** [PYRAMID_EDGES*3] edge directions d_k = n + mu t_k in ground (not normalised). */
  readonly edgeDirection: Float64Array;
  /** [npoint*3] point positions in ground after updateFootSupport (m). */
  readonly pointWorld: Float64Array;
  /** [npoint*3*nq] d(point position)/dq after updateFootSupport: point p, row r (x, y, z), column j at (3p + r) nq + j. */
  readonly pointJacobian: Float64Array;
  /** [3*nq] scratch of one point's jacobian. */
  readonly jacobianScratch: Float64Array;
}

/** Validates the points against the model and makes the support (allocates once). */
export function makeFootSupport(
  model: SkeletonModel,
  points: readonly FootContactPointSpec[],
  options: FootSupportOptions,
): FootSupport {
  const friction = requireFinite(options.friction, 'friction coefficient');
  if (!(friction > 0)) {
    throw new KinechainError('OUT_OF_RANGE', `friction coefficient must be > 0, got ${friction}; dry floors are about 0.4-0.8`);
  }
  const floorHeightM = requireFinite(options.floorHeightM ?? 0, 'floor height (m)');
  if (points.length === 0) {
    throw new KinechainError('INVALID_SPEC', 'foot support needs at least one contact point');
  }
  const npoint = points.length;
  const nq = model.nq;
  const pointSide = new Int8Array(npoint);
  const pointRegion = new Int8Array(npoint);
  const pointBody = new Int32Array(npoint);
  const pointLocation = new Float64Array(npoint * 3);
  const names = new Set<string>();
  points.forEach((point, p) => {
    if (names.has(point.name)) {
      throw new KinechainError('INVALID_SPEC', `contact point name "${point.name}" is used twice; names must be unique`);
    }
    names.add(point.name);
    const body = model.bodyIndex.get(point.body);
    if (body === undefined || body === 0) {
      throw new KinechainError(
        'UNKNOWN_NAME',
        `contact point "${point.name}" is on body "${point.body}", which is not a moving body of model "${model.name}"`,
        { point: point.name, body: point.body },
      );
    }
    if (point.side !== 'r' && point.side !== 'l') {
      throw new KinechainError('INVALID_SPEC', `contact point "${point.name}": side must be "r" or "l", got "${String(point.side)}"`);
    }
    const region = FootRegionCode[point.region];
    if (region === undefined) {
      throw new KinechainError(
        'INVALID_SPEC',
        `contact point "${point.name}": region must be one of ${FOOT_REGION_NAMES.join(', ')}, got "${String(point.region)}"`,
      );
    }
    for (let r = 0; r < 3; r++) pointLocation[3 * p + r] = requireFinite(point.location[r], `location of contact point "${point.name}"`);
    pointSide[p] = FootSideCode[point.side];
    pointRegion[p] = region;
    pointBody[p] = body;
  });
  const edgeDirection = Float64Array.from([friction, 1, 0, -friction, 1, 0, 0, 1, friction, 0, 1, -friction]);
  return {
    nq,
    npoint,
    pointName: points.map((point) => point.name),
    pointLabel: points.map((point) => point.label ?? point.name),
    pointSide,
    pointRegion,
    pointBody,
    pointLocation,
    friction,
    floorHeightM,
    edgeDirection,
    pointWorld: new Float64Array(npoint * 3),
    pointJacobian: new Float64Array(npoint * 3 * nq),
    jacobianScratch: new Float64Array(3 * nq),
  };
}

/** Point positions and jacobians at the pose of the last forwardKinematics. Allocates nothing. */
export function updateFootSupport(support: FootSupport, model: SkeletonModel, data: SkeletonData): void {
  const nq = model.nq;
  if (nq !== support.nq) {
    throw new KinechainError('MALFORMED_INPUT', `foot support was made for ${support.nq} coordinates; the model has ${nq}`);
  }
  const scratch = support.jacobianScratch;
  const jacobian = support.pointJacobian;
  for (let p = 0; p < support.npoint; p++) {
    const body = support.pointBody[p];
    const location = support.pointLocation.subarray(3 * p, 3 * p + 3);
    bodyPointPosition(data, body, location, support.pointWorld, 3 * p);
    bodyPointJacobian(model, data, body, location, scratch);
    jacobian.set(scratch, 3 * p * nq);
  }
}

/**
 * Column of the generalised force of a unit coefficient on edge k of point p:
 * out [nq] = J_p^T d_k (from the jacobians of the last updateFootSupport).
 */
export function contactEdgeColumn(support: FootSupport, point: number, edge: number, out: Float64Array, offset = 0, stride = 1): void {
  const nq = support.nq;
  const dx = support.edgeDirection[3 * edge];
  const dy = support.edgeDirection[3 * edge + 1];
  const dz = support.edgeDirection[3 * edge + 2];
  const base = 3 * point * nq;
  const jacobian = support.pointJacobian;
  for (let j = 0; j < nq; j++) {
    out[offset + j * stride] = dx * jacobian[base + j] + dy * jacobian[base + nq + j] + dz * jacobian[base + 2 * nq + j];
  }
}

/** Contact forces [npoint*3] (ground, N) from edge coefficients [npoint*PYRAMID_EDGES]. */
export function contactForcesFromEdges(support: FootSupport, edgeCoefficient: ArrayLike<number>, out: Float64Array, edgeOffset = 0): void {
  const edge = support.edgeDirection;
  for (let p = 0; p < support.npoint; p++) {
    let fx = 0;
    let fy = 0;
    let fz = 0;
    for (let k = 0; k < PYRAMID_EDGES; k++) {
      const c = edgeCoefficient[edgeOffset + PYRAMID_EDGES * p + k];
      fx += c * edge[3 * k];
      fy += c * edge[3 * k + 1];
      fz += c * edge[3 * k + 2];
    }
    out[3 * p] = fx + 0;
    out[3 * p + 1] = fy + 0;
    out[3 * p + 2] = fz + 0;
  }
}

/** Adds J^T f of the contact forces [npoint*3] to out [nq] (generalised force of the floor on the body). */
export function addContactGeneralizedForce(support: FootSupport, force: ArrayLike<number>, out: Float64Array): void {
  const nq = support.nq;
  const jacobian = support.pointJacobian;
  for (let p = 0; p < support.npoint; p++) {
    const fx = force[3 * p];
    const fy = force[3 * p + 1];
    const fz = force[3 * p + 2];
    if (fx === 0 && fy === 0 && fz === 0) continue;
    const base = 3 * p * nq;
    for (let j = 0; j < nq; j++) out[j] += fx * jacobian[base + j] + fy * jacobian[base + nq + j] + fz * jacobian[base + 2 * nq + j];
  }
}

/** Which points a sum covers: one side ('r' / 'l') or both; optionally one region. */
export interface ContactSelection {
  readonly side?: FootSide;
  readonly region?: FootRegion;
}

function selected(support: FootSupport, p: number, selection: ContactSelection): boolean {
  if (selection.side !== undefined && support.pointSide[p] !== FootSideCode[selection.side]) return false;
  if (selection.region !== undefined && support.pointRegion[p] !== FootRegionCode[selection.region]) return false;
  return true;
}

/** Sum of the normal (vertical) forces (N) of the selected points. */
export function normalLoad(support: FootSupport, force: ArrayLike<number>, selection: ContactSelection = {}): number {
  let sum = 0;
  for (let p = 0; p < support.npoint; p++) if (selected(support, p, selection)) sum += force[3 * p + 1];
  return sum;
}

/**
 * Centre of pressure of the selected points into out [3] (ground, on the floor): the
 * normal-force-weighted mean of the point positions. Returns the total normal force; with
 * no load (0 N) out is set to NaN.
 */
export function centreOfPressure(support: FootSupport, force: ArrayLike<number>, selection: ContactSelection, out: Float64Array): number {
  let total = 0;
  let x = 0;
  let z = 0;
  for (let p = 0; p < support.npoint; p++) {
    if (!selected(support, p, selection)) continue;
    const normal = force[3 * p + 1];
    total += normal;
    x += normal * support.pointWorld[3 * p];
    z += normal * support.pointWorld[3 * p + 2];
  }
  if (total > 0) {
    out[0] = x / total;
    out[1] = support.floorHeightM;
    out[2] = z / total;
  } else {
    out[0] = NaN;
    out[1] = NaN;
    out[2] = NaN;
  }
  return total;
}

/** Largest distance (m) of a contact point from the floor (0 when every point rests on it). */
export function floorGap(support: FootSupport): number {
  let largest = 0;
  for (let p = 0; p < support.npoint; p++) {
    const gap = Math.abs(support.pointWorld[3 * p + 1] - support.floorHeightM);
    if (gap > largest) largest = gap;
  }
  return largest;
}

/**
 * Support polygon of the selected points: the convex hull of their floor positions as
 * [x, z] pairs, counter-clockwise in the (x, z) plane (x as the first axis). Allocates
 * (for reports and checks).
 */
export function supportPolygon(support: FootSupport, selection: ContactSelection = {}): [number, number][] {
  const points: [number, number][] = [];
  for (let p = 0; p < support.npoint; p++) {
    if (selected(support, p, selection)) points.push([support.pointWorld[3 * p], support.pointWorld[3 * p + 2]]);
  }
  return convexHull(points);
}

/** Convex hull (Andrew's monotone chain) of [x, z] points, counter-clockwise in (x, z). */
function convexHull(points: [number, number][]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length <= 2) return sorted;
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const point of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], point) <= 0) lower.pop();
    lower.push(point);
  }
  const upper: [number, number][] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const point = sorted[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], point) <= 0) upper.pop();
    upper.push(point);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Signed distance (m) of the floor point [x, z] inside the convex polygon (positive
 * inside, negative outside; the smallest distance to an edge line). For a polygon of one
 * or two points the distance to them is returned as negative.
 */
export function distanceInsidePolygon(polygon: readonly (readonly [number, number])[], x: number, z: number): number {
  if (polygon.length < 3) {
    let nearest = Infinity;
    for (const [px, pz] of polygon) nearest = Math.min(nearest, Math.hypot(px - x, pz - z));
    return -nearest;
  }
  let inside = Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const [ax, az] = polygon[i];
    const [bx, bz] = polygon[(i + 1) % polygon.length];
    const length = Math.hypot(bx - ax, bz - az);
    // Counter-clockwise in (x, z): the interior lies to the left of every edge.
    const distance = ((bx - ax) * (z - az) - (bz - az) * (x - ax)) / length;
    if (distance < inside) inside = distance;
  }
  return inside;
}

/** Largest fraction of body weight per foot and of a foot's load under its heel (scenario.footLoading). */
export interface FootLoadingLimits {
  readonly maxFootLoadFraction: { readonly r: number; readonly l: number };
  readonly maxHeelLoadFraction: { readonly r: number; readonly l: number };
}

/**
 * Checks foot loading limits: finite fractions in [0, 1] (1 = no limit) whose feet can
 * together carry the body (r + l >= 1). Throws NOT_FINITE / OUT_OF_RANGE with the fix.
 */
export function checkFootLoadingLimits(limits: FootLoadingLimits): void {
  for (const side of ['r', 'l'] as const) {
    for (const key of ['maxFootLoadFraction', 'maxHeelLoadFraction'] as const) {
      const value = requireFinite(limits[key][side], `footLoading.${key}.${side}`);
      if (!(value >= 0 && value <= 1)) {
        throw new KinechainError('OUT_OF_RANGE', `footLoading.${key}.${side} = ${value} must lie in [0, 1] (1 = no limit)`, {
          what: `footLoading.${key}.${side}`,
          value,
        });
      }
    }
  }
  const total = limits.maxFootLoadFraction.r + limits.maxFootLoadFraction.l;
  if (total < 1) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `footLoading.maxFootLoadFraction r + l = ${total} < 1: the two feet together cannot carry the body in standing; ` +
        'raise one of the limits',
      { what: 'footLoading.maxFootLoadFraction', value: total },
    );
  }
}
