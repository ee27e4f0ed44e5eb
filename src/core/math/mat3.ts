/**
 * Row-major 3x3 matrices on flat arrays with offsets. `R_a_b` maps vectors expressed
 * in frame b to frame a, so `R_a_c = R_a_b * R_b_c` and `v_a = R_a_b * v_b`.
 *
 * Functions write `out[oo..oo+8]` and never allocate. Multiplications require `out`
 * not to alias an input (stated per function).
 */
import type { NumberArray, ReadonlyNumberArray } from './vec3.js';

export function mat3Identity(out: NumberArray, oo: number): void {
  out[oo] = 1;
  out[oo + 1] = 0;
  out[oo + 2] = 0;
  out[oo + 3] = 0;
  out[oo + 4] = 1;
  out[oo + 5] = 0;
  out[oo + 6] = 0;
  out[oo + 7] = 0;
  out[oo + 8] = 1;
}

export function mat3Copy(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number): void {
  for (let k = 0; k < 9; k++) out[oo + k] = a[ao + k];
}

/** out = a^T (out must not alias a). */
export function mat3Transpose(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number): void {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[oo + 3 * r + c] = a[ao + 3 * c + r];
  }
}

/** out = a * b (out must not alias a or b). */
export function mat3Multiply(
  out: NumberArray,
  oo: number,
  a: ReadonlyNumberArray,
  ao: number,
  b: ReadonlyNumberArray,
  bo: number,
): void {
  for (let r = 0; r < 3; r++) {
    const a0 = a[ao + 3 * r];
    const a1 = a[ao + 3 * r + 1];
    const a2 = a[ao + 3 * r + 2];
    out[oo + 3 * r] = a0 * b[bo] + a1 * b[bo + 3] + a2 * b[bo + 6];
    out[oo + 3 * r + 1] = a0 * b[bo + 1] + a1 * b[bo + 4] + a2 * b[bo + 7];
    out[oo + 3 * r + 2] = a0 * b[bo + 2] + a1 * b[bo + 5] + a2 * b[bo + 8];
  }
}

/** out = a * b^T (out must not alias a or b). */
export function mat3MultiplyTransposeB(
  out: NumberArray,
  oo: number,
  a: ReadonlyNumberArray,
  ao: number,
  b: ReadonlyNumberArray,
  bo: number,
): void {
  for (let r = 0; r < 3; r++) {
    const a0 = a[ao + 3 * r];
    const a1 = a[ao + 3 * r + 1];
    const a2 = a[ao + 3 * r + 2];
    out[oo + 3 * r] = a0 * b[bo] + a1 * b[bo + 1] + a2 * b[bo + 2];
    out[oo + 3 * r + 1] = a0 * b[bo + 3] + a1 * b[bo + 4] + a2 * b[bo + 5];
    out[oo + 3 * r + 2] = a0 * b[bo + 6] + a1 * b[bo + 7] + a2 * b[bo + 8];
  }
}

/** out = m * v (out may alias v). */
export function mat3TransformVector(
  out: NumberArray,
  oo: number,
  m: ReadonlyNumberArray,
  mo: number,
  v: ReadonlyNumberArray,
  vo: number,
): void {
  const x = v[vo];
  const y = v[vo + 1];
  const z = v[vo + 2];
  out[oo] = m[mo] * x + m[mo + 1] * y + m[mo + 2] * z;
  out[oo + 1] = m[mo + 3] * x + m[mo + 4] * y + m[mo + 5] * z;
  out[oo + 2] = m[mo + 6] * x + m[mo + 7] * y + m[mo + 8] * z;
}

/** out = m^T * v (out may alias v). */
export function mat3TransposeTransformVector(
  out: NumberArray,
  oo: number,
  m: ReadonlyNumberArray,
  mo: number,
  v: ReadonlyNumberArray,
  vo: number,
): void {
  const x = v[vo];
  const y = v[vo + 1];
  const z = v[vo + 2];
  out[oo] = m[mo] * x + m[mo + 3] * y + m[mo + 6] * z;
  out[oo + 1] = m[mo + 1] * x + m[mo + 4] * y + m[mo + 7] * z;
  out[oo + 2] = m[mo + 2] * x + m[mo + 5] * y + m[mo + 8] * z;
}

/**
 * Rotation by `angle` (rad) about the unit axis `axis[ao..ao+2]` (Rodrigues' formula):
 * R = I + sin(angle) [u]x + (1 - cos(angle)) [u]x^2. For a frame B obtained by rotating
 * frame A about u, this is R_A_B.
 */
export function mat3FromAxisAngle(
  out: NumberArray,
  oo: number,
  axis: ReadonlyNumberArray,
  ao: number,
  angle: number,
): void {
  const x = axis[ao];
  const y = axis[ao + 1];
  const z = axis[ao + 2];
  const s = Math.sin(angle);
  const c = Math.cos(angle);
  const t = 1 - c;
  out[oo] = c + t * x * x;
  out[oo + 1] = t * x * y - s * z;
  out[oo + 2] = t * x * z + s * y;
  out[oo + 3] = t * x * y + s * z;
  out[oo + 4] = c + t * y * y;
  out[oo + 5] = t * y * z - s * x;
  out[oo + 6] = t * x * z - s * y;
  out[oo + 7] = t * y * z + s * x;
  out[oo + 8] = c + t * z * z;
}

/**
 * Body-fixed X-Y-Z rotation sequence (OpenSim's orientation of offset frames and of
 * ball joints): R = Rx(x) * Ry(y) * Rz(z).
 */
export function mat3FromBodyFixedXYZ(out: NumberArray, oo: number, x: number, y: number, z: number): void {
  const cx = Math.cos(x);
  const sx = Math.sin(x);
  const cy = Math.cos(y);
  const sy = Math.sin(y);
  const cz = Math.cos(z);
  const sz = Math.sin(z);
  out[oo] = cy * cz;
  out[oo + 1] = -cy * sz;
  out[oo + 2] = sy;
  out[oo + 3] = sx * sy * cz + cx * sz;
  out[oo + 4] = -sx * sy * sz + cx * cz;
  out[oo + 5] = -sx * cy;
  out[oo + 6] = -cx * sy * cz + sx * sz;
  out[oo + 7] = cx * sy * sz + sx * cz;
  out[oo + 8] = cx * cy;
}

/** True when `a` equals the identity exactly (used to skip multiplications by constant frames). */
export function mat3IsIdentity(a: ReadonlyNumberArray, ao: number): boolean {
  return (
    a[ao] === 1 &&
    a[ao + 1] === 0 &&
    a[ao + 2] === 0 &&
    a[ao + 3] === 0 &&
    a[ao + 4] === 1 &&
    a[ao + 5] === 0 &&
    a[ao + 6] === 0 &&
    a[ao + 7] === 0 &&
    a[ao + 8] === 1
  );
}

/**
 * a = a * b in place (b must not alias a). Row r of the product depends only on row r
 * of a, so each row is read into locals before it is overwritten.
 */
export function mat3MultiplyInPlace(a: NumberArray, ao: number, b: ReadonlyNumberArray, bo: number): void {
  for (let r = ao; r < ao + 9; r += 3) {
    const a0 = a[r];
    const a1 = a[r + 1];
    const a2 = a[r + 2];
    a[r] = a0 * b[bo] + a1 * b[bo + 3] + a2 * b[bo + 6];
    a[r + 1] = a0 * b[bo + 1] + a1 * b[bo + 4] + a2 * b[bo + 7];
    a[r + 2] = a0 * b[bo + 2] + a1 * b[bo + 5] + a2 * b[bo + 8];
  }
}

/** a = a * b^T in place (b must not alias a); row-wise as mat3MultiplyInPlace. */
export function mat3MultiplyTransposeBInPlace(a: NumberArray, ao: number, b: ReadonlyNumberArray, bo: number): void {
  for (let r = ao; r < ao + 9; r += 3) {
    const a0 = a[r];
    const a1 = a[r + 1];
    const a2 = a[r + 2];
    a[r] = a0 * b[bo] + a1 * b[bo + 1] + a2 * b[bo + 2];
    a[r + 1] = a0 * b[bo + 3] + a1 * b[bo + 4] + a2 * b[bo + 5];
    a[r + 2] = a0 * b[bo + 6] + a1 * b[bo + 7] + a2 * b[bo + 8];
  }
}
