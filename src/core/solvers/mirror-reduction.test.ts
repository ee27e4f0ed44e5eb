import { describe, expect, it } from 'vitest';
import { makeBoundedQpWorkspace, solveBoundedQp, type BoundedQpProblem } from '../math/bounded-qp.js';
import { isKinechainError } from '../errors.js';
import { expandMultipliers, expandStates, expandVariables, makeMirrorReduction, reduceQp, reduceRows, reduceStates, setMirrorMaps } from './mirror-reduction.js';

function problemOf(n: number, m: number): BoundedQpProblem {
  return {
    n,
    m,
    hessianKind: 'diagonal',
    hessian: new Float64Array(n),
    gradient: new Float64Array(n),
    equalityMatrix: new Float64Array(n * m),
    equalityTarget: new Float64Array(m),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
  };
}

/**
 * A mirror-symmetric problem: variables 0..3 are two right/left pairs (0 <-> 1, 2 <-> 3),
 * variable 4 is its own mirror and 5 <-> 6 a pair that enters an odd row with opposite
 * signs; rows: 0 <-> 1 a pair, 2 its own mirror (even), 3 its own mirror with sign -1 (odd:
 * right minus left).
 */
function symmetricProblem(): { problem: BoundedQpProblem; variablePartner: number[]; rowPartner: number[]; rowSign: number[] } {
  const problem = problemOf(7, 4);
  const a = (row: number, values: number[]): void => values.forEach((value, v) => (problem.equalityMatrix[row * 7 + v] = value));
  a(0, [2, 0.5, 1, -0.3, 0.7, 1, 0.2]);
  a(1, [0.5, 2, -0.3, 1, 0.7, 0.2, 1]);
  a(2, [1, 1, 0.4, 0.4, -2, 0.6, 0.6]);
  a(3, [0, 0, 0, 0, 0, 1, -1]);
  problem.equalityTarget.set([3, 3, 1, 0]);
  problem.hessian.set([2, 2, 0.5, 0.5, 3, 1, 1]);
  problem.gradient.set([0.1, 0.1, -1, -1, 0.2, 0.3, 0.3]);
  problem.lower.set([0, 0, 0, 0, -Infinity, 0, 0]);
  problem.upper.set([1, 1, Infinity, Infinity, Infinity, 2, 2]);
  return { problem, variablePartner: [1, 0, 3, 2, 4, 6, 5], rowPartner: [1, 0, 2, 3], rowSign: [1, 1, 1, -1] };
}

describe('mirror reduction of a QP', () => {
  it('gives exactly the full solution, its multipliers and active set, at half the size', () => {
    const { problem, variablePartner, rowPartner, rowSign } = symmetricProblem();
    const fullQp = makeBoundedQpWorkspace(7, 4, { denseHessian: false });
    const full = solveBoundedQp(problem, fullQp);
    expect(full.status).toBe('optimal');

    const reduction = makeMirrorReduction(7, 4);
    setMirrorMaps(reduction, 7, 4, variablePartner, rowPartner, rowSign);
    expect(reduction.nReduced).toBe(4);
    expect(reduction.mReduced).toBe(2);
    const reduced = problemOf(7, 4);
    reduceQp(reduction, problem, reduced);
    const reducedQp = makeBoundedQpWorkspace(7, 4, { denseHessian: false });
    const outcome = solveBoundedQp(reduced, reducedQp);
    expect(outcome.status).toBe('optimal');
    expect(outcome.objective).toBeCloseTo(full.objective, 12);

    const x = new Float64Array(7);
    expandVariables(reduction, reducedQp.x, x);
    const lambda = new Float64Array(4);
    const nu = new Float64Array(7);
    expandMultipliers(reduction, reducedQp.equalityMultiplier, reducedQp.boundMultiplier, lambda, nu);
    for (let v = 0; v < 7; v++) expect(Math.abs(x[v] - fullQp.x[v]), `x ${v}`).toBeLessThan(1e-12);
    // The expanded multipliers satisfy the full problem's stationarity, nu = H x + g - A' lambda ...
    for (let v = 0; v < 7; v++) {
      let stationarity = problem.hessian[v] * x[v] + problem.gradient[v];
      for (let r = 0; r < 4; r++) stationarity -= problem.equalityMatrix[r * 7 + v] * lambda[r];
      expect(Math.abs(stationarity - nu[v]), `stationarity ${v}`).toBeLessThan(1e-12);
    }
    // ... and agree with the full solve's wherever those are unique: the rows' that do not
    // touch the odd row, and the sums over each class (the odd row shifts nu within a pair).
    for (let r = 0; r < 3; r++) expect(Math.abs(lambda[r] - fullQp.equalityMultiplier[r]), `lambda ${r}`).toBeLessThan(1e-9);
    for (const [v, w] of [
      [0, 1],
      [2, 3],
      [5, 6],
    ]) {
      expect(Math.abs(nu[v] + nu[w] - fullQp.boundMultiplier[v] - fullQp.boundMultiplier[w]), `nu ${v} + ${w}`).toBeLessThan(1e-9);
    }
    expect(Math.abs(lambda[3])).toBe(0);
    // The expanded active set marks variables that sit on their bounds.
    const active = new Int8Array(7);
    expandStates(reduction, reducedQp.activeSet, active);
    for (let v = 0; v < 7; v++) if (active[v] === 1) expect(x[v], `active ${v}`).toBe(problem.lower[v]);
    // Round trip of an active set, and rows reduced to the kept ones.
    const back = new Int8Array(4);
    reduceStates(reduction, active, back);
    expect(Array.from(back)).toEqual(Array.from(reducedQp.activeSet.subarray(0, 4)));
    const rows = new Float64Array(2);
    reduceRows(reduction, [10, 11, 12, 13], rows);
    expect(Array.from(rows)).toEqual([10, 12]);
  });

  it('rejects maps that are not a mirror', () => {
    const reduction = makeMirrorReduction(3, 2);
    const codes: string[] = [];
    for (const run of [
      () => setMirrorMaps(reduction, 3, 2, [1, 2, 0], [0, 1], [1, 1]),
      () => setMirrorMaps(reduction, 3, 2, [1, 0, 2], [1, 0], [1, -1]),
      () => setMirrorMaps(reduction, 4, 2, [1, 0, 2, 3], [0, 1], [1, 1]),
    ]) {
      try {
        run();
        codes.push('none');
      } catch (error) {
        codes.push(isKinechainError(error) ? error.code : 'other');
      }
    }
    expect(codes).toEqual(['MALFORMED_INPUT', 'MALFORMED_INPUT', 'OUT_OF_RANGE']);
  });
});
