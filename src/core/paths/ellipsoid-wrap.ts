/**
 * Wrapping one straight path segment over an ellipsoid, as OpenSim's WrapEllipsoid does.
 *
 * OpenSim does not search for the true geodesic over the ellipsoid. It wraps the segment
 * P -> S in one plane, the "wrapping plane" through P, S and a point c1 on the surface, and
 * within that plane takes the shortest path around the ellipse in which the plane cuts
 * the ellipsoid: a tangent line from P, an arc of the ellipse, a tangent line to S. This
 * file reproduces that path; where OpenSim iterates (Newton for the tangent points, 1 mm
 * chords for the arc) it is solved here in closed form or by quadrature:
 *
 * 1. No wrap when P or S is inside the ellipsoid, or when the straight segment does not cut
 *    it (both intersections of the line with the surface must lie strictly between P and S).
 *    At the onset (segment just touching) the wrapped length equals the straight length.
 * 2. c1 is found from the chord the segment cuts by OpenSim's default "hybrid" method
 *    (hybridSurfacePoint): Frans' estimate along the ellipsoid axis most parallel to the
 *    chord, blended with the averaged "fan" of closest-point directions from the chord.
 *    Closest points on the surface are x_i = a_i^2 x0_i / (a_i^2 + t), t the root of
 *    sum (a_i x0_i / (a_i^2 + t))^2 = 1 (closestSurfacePoint, safeguarded Newton).
 * 3. A side constraint (OpenSim quadrant "+x", "-y", ...) mirrors c1 onto the allowed half
 *    when it is on the other one (pulled towards the mid plane by the fan's weight, as
 *    OpenSim), which makes the path go round the far side.
 * 4. Scaling each axis by 1/a_i maps the ellipsoid to the unit sphere, the wrapping plane to
 *    a plane and its ellipse to a circle, and keeps lines, incidence and tangency. The
 *    tangent points from P and S to the circle are closed form (at angles +-acos(rho/D)
 *    from each point's direction); the path goes round the circle on c1's side of the chord.
 * 5. The arc is mapped back to the ellipse x(theta) = a o (y0 + rho (cos theta u + sin theta v))
 *    and its length integrated with a fixed 16-panel, 8-point Gauss-Legendre rule (fixed so
 *    that the length is a smooth function of P and S; exact for a circle, converged to
 *    rounding for anatomical eccentricities).
 *
 * On a sphere every estimate of c1 lies in the plane of the chord and the centre (closest
 * points are radial), so the plane holds the centre and the path is the great-circle wrap (the true geodesic). For a
 * general ellipsoid the planar path is not a geodesic, so the envelope argument that makes
 * the cylinder's tangent points act as fixed points does not hold: moment arms of an
 * ellipsoid-wrapped segment are taken by finite differences (moment-arm.ts).
 */
import { NO_WRAP } from './cylinder-wrap.js';

export { NO_WRAP };

const GAUSS_NODES = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498,
  0.525532409916329, 0.7966664774136267, 0.9602898564975363,
];
const GAUSS_WEIGHTS = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873,
  0.2223810344533745, 0.1012285362903763,
];
const ARC_PANELS = 16;
const TWO_PI = 2 * Math.PI;

// Module scratch (no allocation per call). Local = ellipsoid frame, origin at the centre.
const startLocal = new Float64Array(3);
const endLocal = new Float64Array(3);
const chordFirst = new Float64Array(3);
const chordSecond = new Float64Array(3);
const surfacePoint = new Float64Array(3);
const planeNormal = new Float64Array(3);
const circleCenter = new Float64Array(3);
const basisU = new Float64Array(3);
const basisV = new Float64Array(3);
const tangentLocal = new Float64Array(6);

/**
 * Wraps segment start -> end (ground, start[startAdr..+3], end[endAdr..+3]) over the
 * ellipsoid whose pose in ground is `pose` [12]: centre (3) then R_ground_ellipsoid (9,
 * row-major), with semi-axes radii[radiiAdr..+3] (m) along its own X, Y, Z. sideAxis
 * 0/1/2 with sideSign +1/-1 restricts the wrap to that half of the ellipsoid; sideAxis -1
 * for none.
 *
 * If it wraps: writes T1 then T2 (ground, m) to tangentPoints[tangentAdr..+6] and returns
 * the wrapped length (m). Otherwise returns NO_WRAP and leaves tangentPoints untouched.
 * Allocates nothing.
 */
export function ellipsoidWrap(
  start: Float64Array,
  startAdr: number,
  end: Float64Array,
  endAdr: number,
  pose: Float64Array,
  radii: Float64Array,
  radiiAdr: number,
  sideAxis: number,
  sideSign: number,
  tangentPoints: Float64Array,
  tangentAdr: number,
): number {
  const a0 = radii[radiiAdr];
  const a1 = radii[radiiAdr + 1];
  const a2 = radii[radiiAdr + 2];
  toLocal(start, startAdr, pose, startLocal);
  toLocal(end, endAdr, pose, endLocal);
  const p0 = startLocal[0] / a0;
  const p1 = startLocal[1] / a1;
  const p2 = startLocal[2] / a2;
  const s0 = endLocal[0] / a0;
  const s1 = endLocal[1] / a1;
  const s2 = endLocal[2] / a2;
  const startScaled2 = p0 * p0 + p1 * p1 + p2 * p2;
  const endScaled2 = s0 * s0 + s1 * s1 + s2 * s2;
  if (!(startScaled2 > 1) || !(endScaled2 > 1)) return NO_WRAP;

  // Line P' + t (S' - P') against the unit sphere (scaled frame).
  const d0 = s0 - p0;
  const d1 = s1 - p1;
  const d2 = s2 - p2;
  const quadA = d0 * d0 + d1 * d1 + d2 * d2;
  const quadB = 2 * (p0 * d0 + p1 * d1 + p2 * d2);
  const discriminant = quadB * quadB - 4 * quadA * (startScaled2 - 1);
  if (!(quadA > 0) || !(discriminant > 0)) return NO_WRAP;
  const root = Math.sqrt(discriminant);
  const firstHit = (-quadB - root) / (2 * quadA);
  const secondHit = (-quadB + root) / (2 * quadA);
  if (!(firstHit > 0) || !(secondHit < 1)) return NO_WRAP;

  // The chord the segment cuts (local): its ends on the surface.
  for (let k = 0; k < 3; k++) {
    chordFirst[k] = startLocal[k] + firstHit * (endLocal[k] - startLocal[k]);
    chordSecond[k] = startLocal[k] + secondHit * (endLocal[k] - startLocal[k]);
  }
  hybridSurfacePoint(a0, a1, a2, chordFirst, chordSecond, sideAxis, sideSign, surfacePoint);

  // Wrapping plane through P, S, c1 (local): n . x = n . c1.
  const ex = endLocal[0] - startLocal[0];
  const ey = endLocal[1] - startLocal[1];
  const ez = endLocal[2] - startLocal[2];
  const cx = surfacePoint[0] - startLocal[0];
  const cy = surfacePoint[1] - startLocal[1];
  const cz = surfacePoint[2] - startLocal[2];
  planeNormal[0] = ey * cz - ez * cy;
  planeNormal[1] = ez * cx - ex * cz;
  planeNormal[2] = ex * cy - ey * cx;
  const straight = Math.sqrt(ex * ex + ey * ey + ez * ez);
  const normalLength = Math.hypot(planeNormal[0], planeNormal[1], planeNormal[2]);
  if (!(normalLength > 1e-14 * straight * straight)) {
    // c1 on the segment's line: the segment just touches the surface (wrap onset).
    for (let k = 0; k < 3; k++) {
      tangentLocal[k] = surfacePoint[k];
      tangentLocal[3 + k] = surfacePoint[k];
    }
    writeGround(pose, tangentLocal, tangentPoints, tangentAdr);
    return straight;
  }

  // The plane in the scaled frame: m . y = offset with m = n o a; unit normal mHat.
  const m0 = planeNormal[0] * a0;
  const m1 = planeNormal[1] * a1;
  const m2 = planeNormal[2] * a2;
  const mLength = Math.sqrt(m0 * m0 + m1 * m1 + m2 * m2);
  const mh0 = m0 / mLength;
  const mh1 = m1 / mLength;
  const mh2 = m2 / mLength;
  const offset = (planeNormal[0] * surfacePoint[0] + planeNormal[1] * surfacePoint[1] + planeNormal[2] * surfacePoint[2]) / mLength;
  const circleRadius = Math.sqrt(Math.max(0, 1 - offset * offset));
  circleCenter[0] = offset * mh0;
  circleCenter[1] = offset * mh1;
  circleCenter[2] = offset * mh2;
  // In-plane basis: u towards P', v = mHat x u.
  const pu0 = p0 - circleCenter[0];
  const pu1 = p1 - circleCenter[1];
  const pu2 = p2 - circleCenter[2];
  const startDistance = Math.sqrt(pu0 * pu0 + pu1 * pu1 + pu2 * pu2);
  basisU[0] = pu0 / startDistance;
  basisU[1] = pu1 / startDistance;
  basisU[2] = pu2 / startDistance;
  basisV[0] = mh1 * basisU[2] - mh2 * basisU[1];
  basisV[1] = mh2 * basisU[0] - mh0 * basisU[2];
  basisV[2] = mh0 * basisU[1] - mh1 * basisU[0];
  const endU = (s0 - circleCenter[0]) * basisU[0] + (s1 - circleCenter[1]) * basisU[1] + (s2 - circleCenter[2]) * basisU[2];
  const endV = (s0 - circleCenter[0]) * basisV[0] + (s1 - circleCenter[1]) * basisV[1] + (s2 - circleCenter[2]) * basisV[2];
  const endDistance = Math.sqrt(endU * endU + endV * endV);
  const endAngle = Math.atan2(endV, endU);
  const c1u =
    (surfacePoint[0] / a0 - circleCenter[0]) * basisU[0] +
    (surfacePoint[1] / a1 - circleCenter[1]) * basisU[1] +
    (surfacePoint[2] / a2 - circleCenter[2]) * basisU[2];
  const c1v =
    (surfacePoint[0] / a0 - circleCenter[0]) * basisV[0] +
    (surfacePoint[1] / a1 - circleCenter[1]) * basisV[1] +
    (surfacePoint[2] / a2 - circleCenter[2]) * basisV[2];
  // Going counter-clockwise (+1) round the circle keeps the path on the right of the
  // directed chord P' -> S'; take the side c1 is on.
  const chordCross = (endU - startDistance) * c1v - endV * (c1u - startDistance);
  const direction = chordCross < 0 ? 1 : -1;
  const firstAngle = direction * Math.acos(Math.min(1, circleRadius / startDistance));
  const secondAngle = endAngle - direction * Math.acos(Math.min(1, circleRadius / endDistance));
  let sweep = direction * (secondAngle - firstAngle);
  sweep -= TWO_PI * Math.floor(sweep / TWO_PI);
  // Rounding just after the onset can leave a sweep a hair below 2 pi instead of above 0.
  if (sweep > TWO_PI - 1e-9) sweep = 0;

  circlePoint(a0, a1, a2, circleRadius, firstAngle, tangentLocal, 0);
  circlePoint(a0, a1, a2, circleRadius, firstAngle + direction * sweep, tangentLocal, 3);

  // Arc length: |dx/dtheta| = rho |a o (-sin u + cos v)|, integrated over the sweep.
  let arc = 0;
  const panel = sweep / ARC_PANELS;
  for (let k = 0; k < ARC_PANELS; k++) {
    const panelMiddle = (k + 0.5) * panel;
    for (let g = 0; g < GAUSS_NODES.length; g++) {
      const theta = firstAngle + direction * (panelMiddle + 0.5 * panel * GAUSS_NODES[g]);
      const sine = Math.sin(theta);
      const cosine = Math.cos(theta);
      const t0 = a0 * (cosine * basisV[0] - sine * basisU[0]);
      const t1 = a1 * (cosine * basisV[1] - sine * basisU[1]);
      const t2 = a2 * (cosine * basisV[2] - sine * basisU[2]);
      arc += GAUSS_WEIGHTS[g] * Math.sqrt(t0 * t0 + t1 * t1 + t2 * t2);
    }
  }
  arc *= 0.5 * panel * circleRadius;

  const firstTangent = Math.hypot(tangentLocal[0] - startLocal[0], tangentLocal[1] - startLocal[1], tangentLocal[2] - startLocal[2]);
  const secondTangent = Math.hypot(endLocal[0] - tangentLocal[3], endLocal[1] - tangentLocal[4], endLocal[2] - tangentLocal[5]);
  writeGround(pose, tangentLocal, tangentPoints, tangentAdr);
  return firstTangent + arc + secondTangent;
}

/** x_local = R_ground_ellipsoid^T (x_ground - centre). */
function toLocal(point: Float64Array, adr: number, pose: Float64Array, out: Float64Array): void {
  const x = point[adr] - pose[0];
  const y = point[adr + 1] - pose[1];
  const z = point[adr + 2] - pose[2];
  out[0] = pose[3] * x + pose[6] * y + pose[9] * z;
  out[1] = pose[4] * x + pose[7] * y + pose[10] * z;
  out[2] = pose[5] * x + pose[8] * y + pose[11] * z;
}

/** Both tangent points local -> ground into out[adr..+6]. */
function writeGround(pose: Float64Array, local: Float64Array, out: Float64Array, adr: number): void {
  for (let point = 0; point < 6; point += 3) {
    const x = local[point];
    const y = local[point + 1];
    const z = local[point + 2];
    out[adr + point] = pose[3] * x + pose[4] * y + pose[5] * z + pose[0];
    out[adr + point + 1] = pose[6] * x + pose[7] * y + pose[8] * z + pose[1];
    out[adr + point + 2] = pose[9] * x + pose[10] * y + pose[11] * z + pose[2];
  }
}

/** Local point of the wrapping ellipse at circle angle theta into out[adr..+3] (needs circleCenter, basisU, basisV). */
function circlePoint(a0: number, a1: number, a2: number, rho: number, theta: number, out: Float64Array, adr: number): void {
  const c = rho * Math.cos(theta);
  const s = rho * Math.sin(theta);
  out[adr] = a0 * (circleCenter[0] + c * basisU[0] + s * basisV[0]);
  out[adr + 1] = a1 * (circleCenter[1] + c * basisU[1] + s * basisV[1]);
  out[adr + 2] = a2 * (circleCenter[2] + c * basisU[2] + s * basisV[2]);
}

/**
 * Closest point on the ellipsoid (semi-axes a0, a1, a2, local frame) to `target`, into
 * out [3]. x_i = a_i^2 x0_i / (a_i^2 + t) with t the root of sum (a_i x0_i / (a_i^2 + t))^2 = 1
 * in (-min a^2, 0] for a point inside, in [0, inf) for one outside; safeguarded Newton.
 * fixedAxis 0/1/2 keeps that coordinate and solves in the ellipse cut at it (the target
 * must lie in the plane of that axis' zero), -1 for none. When an inside target lies on
 * the mid plane normal to the shortest axis the root can sit at the bracket's end (a
 * ridge of equally close points): the shortest-axis component then takes what is left of
 * the surface equation, on the + side.
 */
export function closestSurfacePoint(a0: number, a1: number, a2: number, target: Float64Array, out: Float64Array, fixedAxis = -1): void {
  const r0 = fixedAxis === 0 ? Infinity : a0 * a0;
  const r1 = fixedAxis === 1 ? Infinity : a1 * a1;
  const r2 = fixedAxis === 2 ? Infinity : a2 * a2;
  const w0 = fixedAxis === 0 ? 0 : r0 * target[0] * target[0];
  const w1 = fixedAxis === 1 ? 0 : r1 * target[1] * target[1];
  const w2 = fixedAxis === 2 ? 0 : r2 * target[2] * target[2];
  const term = (w: number, r: number, value: number) => (w === 0 ? 0 : w / ((r + value) * (r + value)));
  const excess = (value: number) => term(w0, r0, value) + term(w1, r1, value) + term(w2, r2, value) - 1;
  const smallest = Math.min(r0, r1, r2);
  let low: number;
  let high: number;
  if (excess(0) > 0) {
    // Outside: the root is positive.
    low = 0;
    high = smallest;
    while (excess(high) > 0) high *= 2;
  } else {
    low = -smallest;
    high = 0;
    if (!(excess(low * (1 - 1e-15)) > 0)) {
      // Ridge: no root inside the bracket.
      let used = 0;
      let ridgeAxis = -1;
      for (let k = 0; k < 3; k++) {
        const rk = k === 0 ? r0 : k === 1 ? r1 : r2;
        if (k === fixedAxis) {
          out[k] = target[k];
        } else if (rk > smallest) {
          out[k] = (rk * target[k]) / (rk - smallest);
          used += (out[k] * out[k]) / rk;
        } else if (ridgeAxis < 0) {
          ridgeAxis = k;
        } else {
          out[k] = 0;
        }
      }
      out[ridgeAxis] = Math.sqrt(Math.max(0, 1 - used) * smallest) * (target[ridgeAxis] < 0 ? -1 : 1);
      return;
    }
  }
  let t = 0.5 * (low + high);
  for (let iteration = 0; iteration < 200; iteration++) {
    const f = excess(t);
    if (f > 0) low = t;
    else high = t;
    const slope = -2 * (cubeTerm(w0, r0, t) + cubeTerm(w1, r1, t) + cubeTerm(w2, r2, t));
    let next = t - f / slope;
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (next === t || high - low <= 1e-16 * Math.max(smallest, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  out[0] = fixedAxis === 0 ? target[0] : (r0 * target[0]) / (r0 + t);
  out[1] = fixedAxis === 1 ? target[1] : (r1 * target[1]) / (r1 + t);
  out[2] = fixedAxis === 2 ? target[2] : (r2 * target[2]) / (r2 + t);
}

function cubeTerm(w: number, r: number, value: number): number {
  if (w === 0) return 0;
  const e = r + value;
  return w / (e * e * e);
}

// OpenSim's WrapEllipsoid blend constants: Frans' axial estimate above MU_BLEND_MAX, the
// fan average below MU_BLEND_MIN, a linear blend between.
const MU_BLEND_MIN = 0.7073;
const MU_BLEND_MAX = 0.9;
const FAN_SAMPLES = 300;
const SV_BOUNDARY_BLEND = 0.3;
const axialPoint = new Float64Array(3);
const axialSurface = new Float64Array(3);
const fanPoint = new Float64Array(3);
const fanSurface = new Float64Array(3);

/**
 * OpenSim's "hybrid" c1 (WrapEllipsoid, the default method) for the chord r1 -> r2 (local,
 * r1 = start + firstHit (end - start), r2 likewise) into out [3], then the side constraint.
 * - Frans' axial estimate: along the local axis most parallel to the chord (|cosine| mu),
 *   the chord point where that coordinate is zero, and its closest point in the ellipse
 *   cut there; faded out (mu pulled to MU_BLEND_MIN) when that chord point is within 0.3
 *   of the chord's ends or beyond them.
 * - The fan estimate: the unit vectors from 298 evenly spaced chord points to their
 *   closest surface points, summed and normalised; c1 is the surface point closest to the
 *   chord middle plus that direction (length (a + b + c) / 3, OpenSim's normalisation).
 * - Between MU_BLEND_MIN and MU_BLEND_MAX the two are blended linearly and put back on
 *   the surface. A c1 on the forbidden half is mirrored, then pulled towards the mid plane
 *   by the fan's weight and put back on the surface.
 */
function hybridSurfacePoint(
  a0: number,
  a1: number,
  a2: number,
  chordStart: Float64Array,
  chordEnd: Float64Array,
  sideAxis: number,
  sideSign: number,
  out: Float64Array,
): void {
  const c0 = chordEnd[0] - chordStart[0];
  const c1 = chordEnd[1] - chordStart[1];
  const c2 = chordEnd[2] - chordStart[2];
  const chordLength = Math.sqrt(c0 * c0 + c1 * c1 + c2 * c2);
  let bestAxis = 0;
  let mu = Math.abs(c0) / chordLength;
  if (Math.abs(c1) / chordLength > mu) {
    bestAxis = 1;
    mu = Math.abs(c1) / chordLength;
  }
  if (Math.abs(c2) / chordLength > mu) {
    bestAxis = 2;
    mu = Math.abs(c2) / chordLength;
  }
  const chordAlong = bestAxis === 0 ? c0 : bestAxis === 1 ? c1 : c2;
  const crossing = -chordStart[bestAxis] / chordAlong;
  if (mu > MU_BLEND_MIN) {
    let fade = 1;
    if (crossing < 0 || crossing > 1) fade = 0;
    else if (crossing < SV_BOUNDARY_BLEND) fade = crossing / SV_BOUNDARY_BLEND;
    else if (crossing > 1 - SV_BOUNDARY_BLEND) fade = (1 - crossing) / SV_BOUNDARY_BLEND;
    if (fade < 1) mu = MU_BLEND_MIN + fade * (mu - MU_BLEND_MIN);
  }
  if (mu > MU_BLEND_MIN) {
    axialPoint[0] = chordStart[0] + crossing * c0;
    axialPoint[1] = chordStart[1] + crossing * c1;
    axialPoint[2] = chordStart[2] + crossing * c2;
    axialPoint[bestAxis] = 0;
    closestSurfacePoint(a0, a1, a2, axialPoint, axialSurface, bestAxis);
    out.set(axialSurface);
  }
  let fanWeight = -Infinity;
  if (mu < MU_BLEND_MAX) {
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    for (let k = 1; k < FAN_SAMPLES - 1; k++) {
      const along = k / FAN_SAMPLES;
      fanPoint[0] = chordStart[0] + along * c0;
      fanPoint[1] = chordStart[1] + along * c1;
      fanPoint[2] = chordStart[2] + along * c2;
      closestSurfacePoint(a0, a1, a2, fanPoint, fanSurface);
      const b0 = fanSurface[0] - fanPoint[0];
      const b1 = fanSurface[1] - fanPoint[1];
      const b2 = fanSurface[2] - fanPoint[2];
      const blade = Math.sqrt(b0 * b0 + b1 * b1 + b2 * b2);
      if (blade > 0) {
        sum0 += b0 / blade;
        sum1 += b1 / blade;
        sum2 += b2 / blade;
      }
    }
    const sumLength = Math.sqrt(sum0 * sum0 + sum1 * sum1 + sum2 * sum2);
    const reach = (a0 + a1 + a2) / 3 / sumLength;
    fanPoint[0] = chordStart[0] + 0.5 * c0 + sum0 * reach;
    fanPoint[1] = chordStart[1] + 0.5 * c1 + sum1 * reach;
    fanPoint[2] = chordStart[2] + 0.5 * c2 + sum2 * reach;
    closestSurfacePoint(a0, a1, a2, fanPoint, fanSurface);
    if (mu <= MU_BLEND_MIN) {
      out.set(fanSurface);
      fanWeight = 1;
    } else {
      const axialWeight = (mu - MU_BLEND_MIN) / (MU_BLEND_MAX - MU_BLEND_MIN);
      for (let k = 0; k < 3; k++) fanPoint[k] = axialWeight * out[k] + (1 - axialWeight) * fanSurface[k];
      closestSurfacePoint(a0, a1, a2, fanPoint, out);
      fanWeight = 1 - axialWeight;
    }
  }
  if (sideAxis >= 0 && (out[sideAxis] >= 0 ? 1 : -1) !== sideSign) {
    out[sideAxis] = -out[sideAxis];
    if (fanWeight === -Infinity) fanWeight = 1 - (mu - MU_BLEND_MIN) / (MU_BLEND_MAX - MU_BLEND_MIN);
    if (fanWeight > 1) fanWeight = 1;
    if (fanWeight > 0) {
      // The mirrored and original points straddle the mid plane: bisection at zero.
      out[sideAxis] -= fanWeight * out[sideAxis];
      fanPoint.set(out);
      closestSurfacePoint(a0, a1, a2, fanPoint, out);
    }
  }
}
