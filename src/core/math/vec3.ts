/**
 * 3-vector operations on flat arrays with offsets (gl-matrix style out-parameters).
 *
 * Every function reads `a[ao..ao+2]` and writes `out[oo..oo+2]`; none allocates, so they
 * can be used inside hot loops over the packed typed arrays of Model and Data.
 * Unless stated otherwise `out` may alias an input.
 */

/** Any indexable array of numbers (Float64Array, number[], tuples). */
export type NumberArray = Float64Array | number[];
export type ReadonlyNumberArray = ArrayLike<number>;

export function vec3Set(out: NumberArray, oo: number, x: number, y: number, z: number): void {
  out[oo] = x;
  out[oo + 1] = y;
  out[oo + 2] = z;
}

export function vec3Copy(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number): void {
  out[oo] = a[ao];
  out[oo + 1] = a[ao + 1];
  out[oo + 2] = a[ao + 2];
}

export function vec3Add(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number, b: ReadonlyNumberArray, bo: number): void {
  out[oo] = a[ao] + b[bo];
  out[oo + 1] = a[ao + 1] + b[bo + 1];
  out[oo + 2] = a[ao + 2] + b[bo + 2];
}

export function vec3Subtract(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number, b: ReadonlyNumberArray, bo: number): void {
  out[oo] = a[ao] - b[bo];
  out[oo + 1] = a[ao + 1] - b[bo + 1];
  out[oo + 2] = a[ao + 2] - b[bo + 2];
}

/** out += s * a */
export function vec3AddScaled(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number, s: number): void {
  out[oo] += s * a[ao];
  out[oo + 1] += s * a[ao + 1];
  out[oo + 2] += s * a[ao + 2];
}

export function vec3Scale(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number, s: number): void {
  out[oo] = s * a[ao];
  out[oo + 1] = s * a[ao + 1];
  out[oo + 2] = s * a[ao + 2];
}

export function vec3Dot(a: ReadonlyNumberArray, ao: number, b: ReadonlyNumberArray, bo: number): number {
  return a[ao] * b[bo] + a[ao + 1] * b[bo + 1] + a[ao + 2] * b[bo + 2];
}

export function vec3Norm(a: ReadonlyNumberArray, ao: number): number {
  return Math.hypot(a[ao], a[ao + 1], a[ao + 2]);
}

/** out = a x b. `out` must not alias `a` or `b`. */
export function vec3Cross(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number, b: ReadonlyNumberArray, bo: number): void {
  const ax = a[ao];
  const ay = a[ao + 1];
  const az = a[ao + 2];
  const bx = b[bo];
  const by = b[bo + 1];
  const bz = b[bo + 2];
  out[oo] = ay * bz - az * by;
  out[oo + 1] = az * bx - ax * bz;
  out[oo + 2] = ax * by - ay * bx;
}

/** out += a x b (safe when out aliases neither input; inputs are read first). */
export function vec3AddCross(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number, b: ReadonlyNumberArray, bo: number): void {
  const ax = a[ao];
  const ay = a[ao + 1];
  const az = a[ao + 2];
  const bx = b[bo];
  const by = b[bo + 1];
  const bz = b[bo + 2];
  out[oo] += ay * bz - az * by;
  out[oo + 1] += az * bx - ax * bz;
  out[oo + 2] += ax * by - ay * bx;
}

/** Normalises `a` into `out`; returns the original length (0 leaves `out` untouched). */
export function vec3Normalize(out: NumberArray, oo: number, a: ReadonlyNumberArray, ao: number): number {
  const length = vec3Norm(a, ao);
  if (length > 0) vec3Scale(out, oo, a, ao, 1 / length);
  return length;
}
