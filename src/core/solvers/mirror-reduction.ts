/**
 * Mirror reduction of an equality- and bound-constrained QP that is its own mirror image:
 * when the problem does not change under a mirror (a permutation of the variables and a
 * signed permutation of the rows, e.g. right <-> left through the body's sagittal plane)
 * and is strictly convex, its unique solution is mirror-symmetric, and so it is the
 * solution of the half-size QP over the symmetric points only.
 *
 * Mirror: variable v <-> variablePartner[v] (a partner of itself is allowed); row
 * r <-> rowPartner[r] with rowSign[r] (row r' of a mirrored point is rowSign[r] times row
 * r: rowSign is -1 for the equation of a coordinate that changes sign in the mirror, such
 * as a pelvis list). The caller vouches that A, b, H, g and the bounds are invariant.
 *
 * Reduced problem: one variable y_c per class c of mirror partners (x_v = y_c for v in c),
 * one row per pair of partner rows and per row that is its own partner with sign +1; a
 * row that is its own partner with sign -1 holds at every symmetric point (both sides of
 * it cancel) and is dropped. Columns are summed over a class, A_red[k, c] = sum_{v in c}
 * A[row_k, v], and so are H and g (the objective of the symmetric points), so the reduced
 * objective is the full objective.
 * Solutions map back exactly: x_v = y_c; the multipliers of the full rows follow from the
 * stationarity of the summed columns, lambda_r = rowSign lambda_red,k / rowWeight_k with
 * rowWeight 2 for a pair of rows and 1 for a row of its own (0 for a dropped row); the bound
 * multipliers of a class are shared equally, nu_v = nu_red,c / |c|.
 *
 * Cost: a QP over about half the variables and rows (a dense range-space solve costs the
 * cube of the rows). Allocates only when made.
 */
import { KinechainError } from '../errors.js';
import type { BoundedQpProblem } from '../math/bounded-qp.js';

export interface MirrorReduction {
  readonly maxVariables: number;
  readonly maxRows: number;
  /** Sizes of the full and reduced problems for the current maps. */
  nFull: number;
  mFull: number;
  nReduced: number;
  mReduced: number;
  /** [maxVariables] class (reduced variable) of each full variable; [maxVariables] a member of each class; size of each class (1 or 2). */
  readonly variableClass: Int32Array;
  readonly classMember: Int32Array;
  readonly classSize: Int8Array;
  /** [maxRows] full row of each reduced row and its weight (2 for a pair of rows, 1 for a row of its own). */
  readonly keptRow: Int32Array;
  readonly rowWeight: Float64Array;
  /** [maxRows] reduced row of each full row (-1 for a dropped row) and the sign relating them. */
  readonly rowClass: Int32Array;
  readonly rowSign: Int8Array;
}

export function makeMirrorReduction(maxVariables: number, maxRows: number): MirrorReduction {
  return {
    maxVariables,
    maxRows,
    nFull: 0,
    mFull: 0,
    nReduced: 0,
    mReduced: 0,
    variableClass: new Int32Array(maxVariables),
    classMember: new Int32Array(maxVariables),
    classSize: new Int8Array(maxVariables),
    keptRow: new Int32Array(maxRows),
    rowWeight: new Float64Array(maxRows),
    rowClass: new Int32Array(maxRows),
    rowSign: new Int8Array(maxRows),
  };
}

/**
 * Sets the mirror of a problem of n variables and m rows (see the file comment). Throws
 * MALFORMED_INPUT when a map is not an involution or a sign is not +-1 (or -1 on a pair).
 */
export function setMirrorMaps(
  reduction: MirrorReduction,
  n: number,
  m: number,
  variablePartner: ArrayLike<number>,
  rowPartner: ArrayLike<number>,
  rowSign: ArrayLike<number>,
): void {
  if (n > reduction.maxVariables || m > reduction.maxRows) {
    throw new KinechainError('OUT_OF_RANGE', `mirror reduction of ${n} variables and ${m} rows exceeds its buffers (${reduction.maxVariables}, ${reduction.maxRows})`);
  }
  reduction.nFull = n;
  reduction.mFull = m;
  let classes = 0;
  for (let v = 0; v < n; v++) {
    const partner = variablePartner[v];
    if (!(partner >= 0 && partner < n && variablePartner[partner] === v)) {
      throw new KinechainError('MALFORMED_INPUT', `mirror: variable ${v}'s partner ${partner} is not a partner of it`);
    }
    if (partner < v) {
      reduction.variableClass[v] = reduction.variableClass[partner];
      reduction.classSize[reduction.variableClass[v]] = 2;
      continue;
    }
    reduction.variableClass[v] = classes;
    reduction.classMember[classes] = v;
    reduction.classSize[classes] = 1;
    classes++;
  }
  reduction.nReduced = classes;
  let kept = 0;
  for (let r = 0; r < m; r++) {
    const partner = rowPartner[r];
    const sign = rowSign[r];
    if (!(partner >= 0 && partner < m && rowPartner[partner] === r && (sign === 1 || sign === -1) && rowSign[partner] === sign)) {
      throw new KinechainError('MALFORMED_INPUT', `mirror: row ${r}'s partner ${partner} (sign ${sign}) is not a partner of it`);
    }
    if (partner === r && sign === -1) {
      reduction.rowClass[r] = -1;
      reduction.rowSign[r] = 0;
      continue;
    }
    if (partner < r) {
      reduction.rowClass[r] = reduction.rowClass[partner];
      reduction.rowSign[r] = sign;
      continue;
    }
    reduction.rowClass[r] = kept;
    reduction.rowSign[r] = 1;
    reduction.keptRow[kept] = r;
    reduction.rowWeight[kept] = partner === r ? 1 : 2;
    kept++;
  }
  reduction.mReduced = kept;
}

/** Writes the reduced problem of `full` (sizes as set by setMirrorMaps) into `reduced`. Diagonal Hessians only. */
export function reduceQp(reduction: MirrorReduction, full: BoundedQpProblem, reduced: BoundedQpProblem): void {
  const n = reduction.nFull;
  const nr = reduction.nReduced;
  const mr = reduction.mReduced;
  if (full.n !== n || full.m !== reduction.mFull) {
    throw new KinechainError('MALFORMED_INPUT', `mirror reduction set for ${n} x ${reduction.mFull}; the problem is ${full.n} x ${full.m}`);
  }
  if (full.hessianKind !== 'diagonal' || reduced.hessianKind !== 'diagonal') throw new KinechainError('UNSUPPORTED', 'mirror reduction needs diagonal Hessians');
  reduced.n = nr;
  reduced.m = mr;
  const a = reduced.equalityMatrix;
  a.fill(0, 0, nr * mr);
  for (let k = 0; k < mr; k++) {
    const row = reduction.keptRow[k];
    const from = row * n;
    const to = k * nr;
    for (let v = 0; v < n; v++) {
      const value = full.equalityMatrix[from + v];
      if (value !== 0) a[to + reduction.variableClass[v]] += value;
    }
    reduced.equalityTarget[k] = full.equalityTarget[row];
  }
  reduced.hessian.fill(0, 0, nr);
  reduced.gradient.fill(0, 0, nr);
  for (let v = 0; v < n; v++) {
    const c = reduction.variableClass[v];
    reduced.hessian[c] += full.hessian[v];
    reduced.gradient[c] += full.gradient[v];
  }
  for (let c = 0; c < nr; c++) {
    const member = reduction.classMember[c];
    reduced.lower[c] = full.lower[member];
    reduced.upper[c] = full.upper[member];
  }
}

/** Reduced values of the rows [mReduced] from values of the full rows (`full`, e.g. a column M of constraint derivatives). */
export function reduceRows(reduction: MirrorReduction, full: ArrayLike<number>, out: Float64Array, outOffset = 0): void {
  for (let k = 0; k < reduction.mReduced; k++) out[outOffset + k] = full[reduction.keptRow[k]];
}

/** Full values per variable [nFull] from the reduced ones [nReduced] (e.g. x). */
export function expandVariables(reduction: MirrorReduction, reduced: Float64Array, out: Float64Array): void {
  for (let v = 0; v < reduction.nFull; v++) out[v] = reduced[reduction.variableClass[v]];
}

/** Full active-set codes per variable [nFull] from the reduced ones [nReduced]. */
export function expandStates(reduction: MirrorReduction, reduced: Int8Array, out: Int8Array): void {
  for (let v = 0; v < reduction.nFull; v++) out[v] = reduced[reduction.variableClass[v]];
}

/** Reduced active-set codes [nReduced] from full ones [nFull] (those of a member of each class). */
export function reduceStates(reduction: MirrorReduction, full: Int8Array, out: Int8Array): void {
  for (let c = 0; c < reduction.nReduced; c++) out[c] = full[reduction.classMember[c]];
}

/**
 * Multipliers of the full problem from the reduced one's: rows [mFull] from the reduced rows'
 * lambda [mReduced] (unscaled rows), bounds [nFull] from the reduced nu [nReduced].
 */
export function expandMultipliers(
  reduction: MirrorReduction,
  reducedLambda: ArrayLike<number>,
  reducedNu: ArrayLike<number>,
  lambda: Float64Array,
  nu: Float64Array,
): void {
  for (let r = 0; r < reduction.mFull; r++) {
    const k = reduction.rowClass[r];
    lambda[r] = k < 0 ? 0 : (reduction.rowSign[r] * reducedLambda[k]) / reduction.rowWeight[k];
  }
  for (let v = 0; v < reduction.nFull; v++) {
    const c = reduction.variableClass[v];
    nu[v] = reducedNu[c] / reduction.classSize[c];
  }
}
