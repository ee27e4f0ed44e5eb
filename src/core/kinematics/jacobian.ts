/**
 * Translational jacobians of body points and of the whole-body centre of mass, built
 * from the coordinates' spatial axes (data.coordinateMotion). Need forwardKinematics.
 *
 * Output layout: out [3*nq], row-major, out[r*nq + j] = d p_r / d q_j.
 */
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { KinechainError } from '../errors.js';
import { subtreeMassMoments } from './center-of-mass.js';

function requireJacobianSize(model: SkeletonModel, out: Float64Array): void {
  if (out.length < 3 * model.nq) {
    throw new KinechainError('MALFORMED_INPUT', `jacobian output has ${out.length} entries; it needs 3*nq = ${3 * model.nq}`);
  }
}

/** Writes the ground position of `pointInBody` [3] (body frame, m) of `body` into out[oo..oo+2]. */
export function bodyPointPosition(
  data: SkeletonData,
  body: number,
  pointInBody: ArrayLike<number>,
  out: Float64Array,
  oo = 0,
): void {
  const r = data.bodyRotation;
  const p = data.bodyPosition;
  const o = 9 * body;
  const x = pointInBody[0];
  const y = pointInBody[1];
  const z = pointInBody[2];
  out[oo] = p[3 * body] + r[o] * x + r[o + 1] * y + r[o + 2] * z;
  out[oo + 1] = p[3 * body + 1] + r[o + 3] * x + r[o + 4] * y + r[o + 5] * z;
  out[oo + 2] = p[3 * body + 2] + r[o + 6] * x + r[o + 7] * y + r[o + 8] * z;
}

/**
 * d(ground position of a point fixed in `body`)/dq into out [3*nq]: column j is
 * v_j + w_j x p for the coordinates that move the body, 0 for the others.
 */
export function bodyPointJacobian(
  model: SkeletonModel,
  data: SkeletonData,
  body: number,
  pointInBody: ArrayLike<number>,
  out: Float64Array,
): void {
  requireJacobianSize(model, out);
  const nq = model.nq;
  const r = data.bodyRotation;
  const p = data.bodyPosition;
  const o = 9 * body;
  const x = pointInBody[0];
  const y = pointInBody[1];
  const z = pointInBody[2];
  const px = p[3 * body] + r[o] * x + r[o + 1] * y + r[o + 2] * z;
  const py = p[3 * body + 1] + r[o + 3] * x + r[o + 4] * y + r[o + 5] * z;
  const pz = p[3 * body + 2] + r[o + 6] * x + r[o + 7] * y + r[o + 8] * z;
  const support = model.bodyCoordinateSupport;
  const motion = data.coordinateMotion;
  for (let j = 0; j < nq; j++) {
    if (support[body * nq + j] === 0) {
      out[j] = 0;
      out[nq + j] = 0;
      out[2 * nq + j] = 0;
      continue;
    }
    const m = 6 * j;
    const wx = motion[m];
    const wy = motion[m + 1];
    const wz = motion[m + 2];
    out[j] = motion[m + 3] + wy * pz - wz * py;
    out[nq + j] = motion[m + 4] + wz * px - wx * pz;
    out[2 * nq + j] = motion[m + 5] + wx * py - wy * px;
  }
}

/**
 * d(whole-body centre of mass)/dq into out [3*nq]. Coordinate j moves exactly the
 * subtree of its body, of mass M_j and first moment h_j = sum(m c), so its column is
 * (M_j v_j + w_j x h_j) / M_total: one pass, no per-body loop per coordinate.
 */
export function comJacobian(model: SkeletonModel, data: SkeletonData, out: Float64Array): void {
  requireJacobianSize(model, out);
  if (!(model.totalMass > 0)) {
    throw new KinechainError('INVALID_SPEC', `model "${model.name}" has zero total mass, so its centre of mass is undefined`);
  }
  const nq = model.nq;
  const subtree = subtreeMassMoments(model, data);
  const motion = data.coordinateMotion;
  const inverseMass = 1 / model.totalMass;
  for (let j = 0; j < nq; j++) {
    const s = 4 * model.coordinateBody[j];
    const mass = subtree[s];
    const hx = subtree[s + 1];
    const hy = subtree[s + 2];
    const hz = subtree[s + 3];
    const m = 6 * j;
    const wx = motion[m];
    const wy = motion[m + 1];
    const wz = motion[m + 2];
    out[j] = (mass * motion[m + 3] + wy * hz - wz * hy) * inverseMass;
    out[nq + j] = (mass * motion[m + 4] + wz * hx - wx * hz) * inverseMass;
    out[2 * nq + j] = (mass * motion[m + 5] + wx * hy - wy * hx) * inverseMass;
  }
}
