/**
 * Spatial (6D) vector algebra after Featherstone (2008), Rigid Body Dynamics
 * Algorithms, ch. 2, in Plücker coordinates.
 *
 * kinechain's dynamics work in ONE frame: ground axes with the reference point at the
 * ground origin. Expressing every body's velocity, acceleration, force and inertia in
 * that single frame means no frame transforms are needed between a body and its parent:
 * velocities add, forces add, and the backward pass of RNEA or CRBA is plain summation
 * (the world-frame formulation Featherstone describes in section 5.3 / 6.2 and MuJoCo
 * uses). The price is re-expressing each body's inertia in ground once per call.
 *
 * Layouts (all flat, offset-addressed):
 * - motion vector  [6]: [angular(3), linear velocity of the body point at the ground origin(3)]
 * - force vector   [6]: [moment about the ground origin(3), force(3)]
 * - spatial inertia [10]: [mass m, first moment h = m*c (3), rotational inertia about the
 *   ground origin J_O as Jxx, Jyy, Jzz, Jxy, Jxz, Jyz (6)], where c is the centre of mass.
 *   Featherstone eq. 2.63: I = [[J_O, h x], [-h x, m 1]] (h x = cross-product matrix).
 */
import type { NumberArray, ReadonlyNumberArray } from './vec3.js';

/** Number of floats in a spatial inertia stored as [m, h, J_O]. */
export const SPATIAL_INERTIA_SIZE = 10;

/** a . b over 6 components (motion . force gives power). */
export function spatialDot(a: ReadonlyNumberArray, ao: number, b: ReadonlyNumberArray, bo: number): number {
  return (
    a[ao] * b[bo] +
    a[ao + 1] * b[bo + 1] +
    a[ao + 2] * b[bo + 2] +
    a[ao + 3] * b[bo + 3] +
    a[ao + 4] * b[bo + 4] +
    a[ao + 5] * b[bo + 5]
  );
}

/**
 * out += v x m for motion vectors (Featherstone eq. 2.31):
 * [w; v0] x [mw; mv] = [w x mw; w x mv + v0 x mw]. `out` must not alias v or m.
 */
export function addMotionCross(
  out: NumberArray,
  oo: number,
  v: ReadonlyNumberArray,
  vo: number,
  m: ReadonlyNumberArray,
  mo: number,
): void {
  const wx = v[vo];
  const wy = v[vo + 1];
  const wz = v[vo + 2];
  const vx = v[vo + 3];
  const vy = v[vo + 4];
  const vz = v[vo + 5];
  const ax = m[mo];
  const ay = m[mo + 1];
  const az = m[mo + 2];
  const lx = m[mo + 3];
  const ly = m[mo + 4];
  const lz = m[mo + 5];
  out[oo] += wy * az - wz * ay;
  out[oo + 1] += wz * ax - wx * az;
  out[oo + 2] += wx * ay - wy * ax;
  out[oo + 3] += wy * lz - wz * ly + (vy * az - vz * ay);
  out[oo + 4] += wz * lx - wx * lz + (vz * ax - vx * az);
  out[oo + 5] += wx * ly - wy * lx + (vx * ay - vy * ax);
}

/**
 * out += v x* f for a motion v and a force f (Featherstone eq. 2.32):
 * [w; v0] x* [n; f] = [w x n + v0 x f; w x f]. `out` must not alias v or f.
 */
export function addForceCross(
  out: NumberArray,
  oo: number,
  v: ReadonlyNumberArray,
  vo: number,
  f: ReadonlyNumberArray,
  fo: number,
): void {
  const wx = v[vo];
  const wy = v[vo + 1];
  const wz = v[vo + 2];
  const vx = v[vo + 3];
  const vy = v[vo + 4];
  const vz = v[vo + 5];
  const nx = f[fo];
  const ny = f[fo + 1];
  const nz = f[fo + 2];
  const fx = f[fo + 3];
  const fy = f[fo + 4];
  const fz = f[fo + 5];
  out[oo] += wy * nz - wz * ny + (vy * fz - vz * fy);
  out[oo + 1] += wz * nx - wx * nz + (vz * fx - vx * fz);
  out[oo + 2] += wx * ny - wy * nx + (vx * fy - vy * fx);
  out[oo + 3] += wy * fz - wz * fy;
  out[oo + 4] += wz * fx - wx * fz;
  out[oo + 5] += wx * fy - wy * fx;
}

/**
 * out = I * m: the momentum (or force) of inertia I moving with motion m (Featherstone
 * eq. 2.63 applied): [J_O w + h x v0; m v0 - h x w]. `out` must not alias m.
 */
export function spatialInertiaTimesMotion(
  out: NumberArray,
  oo: number,
  inertia: ReadonlyNumberArray,
  io: number,
  m: ReadonlyNumberArray,
  mo: number,
): void {
  const mass = inertia[io];
  const hx = inertia[io + 1];
  const hy = inertia[io + 2];
  const hz = inertia[io + 3];
  const jxx = inertia[io + 4];
  const jyy = inertia[io + 5];
  const jzz = inertia[io + 6];
  const jxy = inertia[io + 7];
  const jxz = inertia[io + 8];
  const jyz = inertia[io + 9];
  const wx = m[mo];
  const wy = m[mo + 1];
  const wz = m[mo + 2];
  const vx = m[mo + 3];
  const vy = m[mo + 4];
  const vz = m[mo + 5];
  out[oo] = jxx * wx + jxy * wy + jxz * wz + (hy * vz - hz * vy);
  out[oo + 1] = jxy * wx + jyy * wy + jyz * wz + (hz * vx - hx * vz);
  out[oo + 2] = jxz * wx + jyz * wy + jzz * wz + (hx * vy - hy * vx);
  out[oo + 3] = mass * vx - (hy * wz - hz * wy);
  out[oo + 4] = mass * vy - (hz * wx - hx * wz);
  out[oo + 5] = mass * vz - (hx * wy - hy * wx);
}

/** out += a for spatial inertias (composite bodies: Featherstone eq. 6.4 in one frame). */
export function spatialInertiaAdd(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number): void {
  for (let k = 0; k < SPATIAL_INERTIA_SIZE; k++) out[oo + k] += a[ao + k];
}

/**
 * Spatial inertia of a body in ground, about the ground origin.
 *
 * mass (kg); comInBody [3] centre of mass in the body frame (m); inertiaAboutCom [9]
 * about the centre of mass in body axes (kg m^2); rotation [9] R_ground_body;
 * position [3] body origin in ground. With c = R*comInBody + position and
 * Ic = R*inertiaAboutCom*R^T, the parallel-axis theorem gives
 * J_O = Ic + m (|c|^2 1 - c c^T).
 */
export function spatialInertiaInGround(
  out: NumberArray,
  oo: number,
  mass: number,
  comInBody: ReadonlyNumberArray,
  co: number,
  inertiaAboutCom: ReadonlyNumberArray,
  io: number,
  rotation: ReadonlyNumberArray,
  ro: number,
  position: ReadonlyNumberArray,
  po: number,
): void {
  const r00 = rotation[ro];
  const r01 = rotation[ro + 1];
  const r02 = rotation[ro + 2];
  const r10 = rotation[ro + 3];
  const r11 = rotation[ro + 4];
  const r12 = rotation[ro + 5];
  const r20 = rotation[ro + 6];
  const r21 = rotation[ro + 7];
  const r22 = rotation[ro + 8];
  const bx = comInBody[co];
  const by = comInBody[co + 1];
  const bz = comInBody[co + 2];
  const cx = r00 * bx + r01 * by + r02 * bz + position[po];
  const cy = r10 * bx + r11 * by + r12 * bz + position[po + 1];
  const cz = r20 * bx + r21 * by + r22 * bz + position[po + 2];

  // T = R * I (row-major), then Ic = T * R^T (only the 6 distinct entries).
  const i00 = inertiaAboutCom[io];
  const i01 = inertiaAboutCom[io + 1];
  const i02 = inertiaAboutCom[io + 2];
  const i10 = inertiaAboutCom[io + 3];
  const i11 = inertiaAboutCom[io + 4];
  const i12 = inertiaAboutCom[io + 5];
  const i20 = inertiaAboutCom[io + 6];
  const i21 = inertiaAboutCom[io + 7];
  const i22 = inertiaAboutCom[io + 8];
  const t00 = r00 * i00 + r01 * i10 + r02 * i20;
  const t01 = r00 * i01 + r01 * i11 + r02 * i21;
  const t02 = r00 * i02 + r01 * i12 + r02 * i22;
  const t10 = r10 * i00 + r11 * i10 + r12 * i20;
  const t11 = r10 * i01 + r11 * i11 + r12 * i21;
  const t12 = r10 * i02 + r11 * i12 + r12 * i22;
  const t20 = r20 * i00 + r21 * i10 + r22 * i20;
  const t21 = r20 * i01 + r21 * i11 + r22 * i21;
  const t22 = r20 * i02 + r21 * i12 + r22 * i22;
  const icxx = t00 * r00 + t01 * r01 + t02 * r02;
  const icyy = t10 * r10 + t11 * r11 + t12 * r12;
  const iczz = t20 * r20 + t21 * r21 + t22 * r22;
  const icxy = t00 * r10 + t01 * r11 + t02 * r12;
  const icxz = t00 * r20 + t01 * r21 + t02 * r22;
  const icyz = t10 * r20 + t11 * r21 + t12 * r22;

  out[oo] = mass;
  out[oo + 1] = mass * cx;
  out[oo + 2] = mass * cy;
  out[oo + 3] = mass * cz;
  out[oo + 4] = icxx + mass * (cy * cy + cz * cz);
  out[oo + 5] = icyy + mass * (cx * cx + cz * cz);
  out[oo + 6] = iczz + mass * (cx * cx + cy * cy);
  out[oo + 7] = icxy - mass * cx * cy;
  out[oo + 8] = icxz - mass * cx * cz;
  out[oo + 9] = icyz - mass * cy * cz;
}
