/**
 * Small dense linear algebra on row-major Float64Arrays, in place, allocation-free:
 * Cholesky for symmetric positive-definite systems (mass matrices, normal equations)
 * and LU with partial pivoting for general square systems.
 */

/**
 * In-place Cholesky factorisation A = L L^T of the symmetric positive-definite n x n
 * matrix `a` (row-major; only the lower triangle is read). On success the lower triangle
 * holds L (the strict upper triangle is left untouched) and the function returns true;
 * it returns false, leaving `a` partly overwritten, when a pivot is not positive
 * (the matrix is not positive definite).
 */
export function choleskyFactor(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j];
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k] * a[j * n + k];
    if (!(diagonal > 0)) return false;
    const pivot = Math.sqrt(diagonal);
    a[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / pivot;
    }
  }
  return true;
}

/** Solves L L^T x = b in place (b becomes x), with L from choleskyFactor. */
export function choleskySolve(factor: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= factor[i * n + k] * b[k];
    b[i] = sum / factor[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i] * b[k];
    b[i] = sum / factor[i * n + i];
  }
}

/**
 * In-place LU factorisation with partial pivoting, P A = L U (L unit lower, both stored
 * in `a`); `pivots` [n] receives the row swapped into each position. Returns false if the
 * matrix is singular to working precision (a zero pivot column).
 */
export function luFactor(a: Float64Array, n: number, pivots: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let best = k;
    let largest = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const value = Math.abs(a[i * n + k]);
      if (value > largest) {
        largest = value;
        best = i;
      }
    }
    pivots[k] = best;
    if (!(largest > 0)) return false;
    if (best !== k) {
      for (let c = 0; c < n; c++) {
        const swap = a[k * n + c];
        a[k * n + c] = a[best * n + c];
        a[best * n + c] = swap;
      }
    }
    const pivot = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const factor = (a[i * n + k] /= pivot);
      if (factor === 0) continue;
      for (let c = k + 1; c < n; c++) a[i * n + c] -= factor * a[k * n + c];
    }
  }
  return true;
}

/** Solves A x = b in place (b becomes x) with the factors and pivots from luFactor. */
export function luSolve(factor: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const swap = b[k];
      b[k] = b[p];
      b[p] = swap;
    }
  }
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= factor[i * n + k] * b[k];
    b[i] = sum;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= factor[i * n + k] * b[k];
    b[i] = sum / factor[i * n + i];
  }
}
