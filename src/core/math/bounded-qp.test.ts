import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BoundState,
  equilibrateRows,
  makeBoundedQpWorkspace,
  solveBoundedQp,
  type BoundedQpProblem,
  type BoundedQpWorkspace,
} from './bounded-qp.js';
import { luFactor, luSolve } from './linear-algebra.js';
import { isKinechainError } from '../errors.js';
import { seededRandom } from '../../../test/fixtures/joint-chain.js';

type Kind = 'diagonal' | 'dense';

function emptyProblem(n: number, m: number, kind: Kind): BoundedQpProblem {
  return {
    n,
    m,
    hessianKind: kind,
    hessian: new Float64Array(kind === 'dense' ? n * n : n),
    gradient: new Float64Array(n),
    equalityMatrix: new Float64Array(m * n),
    equalityTarget: new Float64Array(m),
    lower: new Float64Array(n).fill(-Infinity),
    upper: new Float64Array(n).fill(Infinity),
  };
}

/**
 * A random strictly convex problem that has a feasible point: x0 inside the bounds and
 * b = A x0. Some bounds are one-sided or absent, some variables fixed, A is half zeros.
 */
function randomProblem(random: () => number, n: number, m: number, kind: Kind): BoundedQpProblem {
  const problem = emptyProblem(n, m, kind);
  if (kind === 'diagonal') {
    for (let i = 0; i < n; i++) problem.hessian[i] = 0.2 + 3 * random();
  } else {
    const b = Float64Array.from({ length: n * n }, () => random() * 2 - 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = i === j ? 0.3 : 0;
        for (let k = 0; k < n; k++) sum += b[i * n + k] * b[j * n + k];
        problem.hessian[i * n + j] = sum;
      }
    }
  }
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    problem.gradient[i] = (random() * 2 - 1) * 4;
    const kindOfBound = random();
    const lo = -1 + random();
    const hi = lo + 0.1 + 1.5 * random();
    if (kindOfBound < 0.1) {
      problem.lower[i] = lo;
      problem.upper[i] = lo;
      x0[i] = lo;
      continue;
    }
    problem.lower[i] = kindOfBound < 0.2 ? -Infinity : lo;
    problem.upper[i] = kindOfBound > 0.9 ? Infinity : hi;
    x0[i] = lo + (hi - lo) * random();
  }
  for (let row = 0; row < m; row++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = random() < 0.5 ? 0 : random() * 2 - 1;
      problem.equalityMatrix[row * n + i] = value;
      sum += value * x0[i];
    }
    problem.equalityTarget[row] = sum;
  }
  return problem;
}

function hessianTimes(problem: BoundedQpProblem, x: ArrayLike<number>, i: number): number {
  const { n, hessian } = problem;
  if (problem.hessianKind === 'diagonal') return hessian[i] * x[i];
  let sum = 0;
  for (let j = 0; j < n; j++) sum += hessian[i * n + j] * x[j];
  return sum;
}

function objectiveOf(problem: BoundedQpProblem, x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < problem.n; i++) sum += x[i] * (0.5 * hessianTimes(problem, x, i) + problem.gradient[i]);
  return sum;
}

/** Checks the KKT conditions of the workspace's solution, recomputing nu from lambda. */
function expectKkt(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, tolerance = 1e-9): void {
  const { n, m, lower, upper, equalityMatrix, equalityTarget, gradient } = problem;
  const x = workspace.x;
  const lambda = workspace.equalityMultiplier;
  const nu = new Float64Array(n);
  let scale = 1;
  for (let i = 0; i < n; i++) {
    let atA = 0;
    for (let row = 0; row < m; row++) atA += equalityMatrix[row * n + i] * lambda[row];
    const hx = hessianTimes(problem, x, i);
    nu[i] = hx + gradient[i] - atA;
    scale = Math.max(scale, Math.abs(hx), Math.abs(gradient[i]), Math.abs(atA));
  }
  for (let i = 0; i < n; i++) {
    // The workspace's multipliers are the same quantity.
    expect(Math.abs(workspace.boundMultiplier[i] - nu[i])).toBeLessThanOrEqual(tolerance * scale);
    // Primal feasibility of the bounds.
    expect(x[i]).toBeGreaterThanOrEqual(lower[i] - tolerance * (1 + Math.abs(lower[i])));
    expect(x[i]).toBeLessThanOrEqual(upper[i] + tolerance * (1 + Math.abs(upper[i])));
    const state = workspace.activeSet[i];
    if (state === BoundState.free) {
      // Stationarity.
      expect(Math.abs(nu[i])).toBeLessThanOrEqual(tolerance * scale);
    } else if (state === BoundState.lower) {
      expect(x[i]).toBe(lower[i]);
      expect(nu[i]).toBeGreaterThanOrEqual(-tolerance * scale);
    } else if (state === BoundState.upper) {
      expect(x[i]).toBe(upper[i]);
      expect(nu[i]).toBeLessThanOrEqual(tolerance * scale);
    } else {
      expect(lower[i]).toBe(upper[i]);
      expect(x[i]).toBe(lower[i]);
    }
    // Complementary slackness, independently of the reported state: a multiplier pushing
    // up needs x on its lower bound, one pushing down x on its upper bound.
    if (lower[i] !== upper[i]) {
      const gap = Math.min(Math.abs(x[i] - lower[i]), Math.abs(x[i] - upper[i]));
      if (Math.abs(nu[i]) > tolerance * scale) expect(Math.abs(nu[i]) * gap).toBeLessThanOrEqual(tolerance * scale);
      if (nu[i] > tolerance * scale) expect(x[i]).toBe(lower[i]);
      if (nu[i] < -tolerance * scale) expect(x[i]).toBe(upper[i]);
    }
  }
  for (let row = 0; row < m; row++) {
    let sum = -equalityTarget[row];
    let rowScale = 1 + Math.abs(equalityTarget[row]);
    for (let i = 0; i < n; i++) {
      sum += equalityMatrix[row * n + i] * x[i];
      rowScale += Math.abs(equalityMatrix[row * n + i] * x[i]);
    }
    expect(Math.abs(sum)).toBeLessThanOrEqual(tolerance * rowScale);
  }
}

/** Dense KKT solve of the subproblem with the given assignment (0 free, 1 lower, 2 upper); null if singular. */
function subproblemSolution(problem: BoundedQpProblem, assignment: Int8Array): Float64Array | null {
  const { n, m, lower, upper, equalityMatrix, equalityTarget, gradient } = problem;
  const free: number[] = [];
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (lower[i] === upper[i]) x[i] = lower[i];
    else if (assignment[i] === 1) x[i] = lower[i];
    else if (assignment[i] === 2) x[i] = upper[i];
    else free.push(i);
  }
  const size = free.length + m;
  const kkt = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  free.forEach((i, f) => {
    free.forEach((j, g) => {
      const dense = problem.hessianKind === 'dense';
      kkt[f * size + g] = dense ? problem.hessian[i * n + j] : i === j ? problem.hessian[i] : 0;
    });
    let value = -gradient[i];
    for (let j = 0; j < n; j++) {
      if (free.includes(j)) continue;
      const h = problem.hessianKind === 'dense' ? problem.hessian[i * n + j] : i === j ? problem.hessian[i] : 0;
      value -= h * x[j];
    }
    rhs[f] = value;
    for (let row = 0; row < m; row++) {
      kkt[f * size + free.length + row] = -equalityMatrix[row * n + i];
      kkt[(free.length + row) * size + f] = equalityMatrix[row * n + i];
    }
  });
  for (let row = 0; row < m; row++) {
    let value = equalityTarget[row];
    for (let j = 0; j < n; j++) if (!free.includes(j)) value -= equalityMatrix[row * n + j] * x[j];
    rhs[free.length + row] = value;
  }
  const pivots = new Int32Array(size);
  if (size > 0 && !luFactor(kkt, size, pivots)) return null;
  // Reject numerically singular systems (tiny pivots).
  for (let k = 0; k < size; k++) if (Math.abs(kkt[k * size + k]) < 1e-10) return null;
  if (size > 0) luSolve(kkt, size, pivots, rhs);
  free.forEach((i, f) => (x[i] = rhs[f]));
  return x;
}

/** Global minimum by enumerating every assignment of free / lower / upper. */
function bruteForceMinimum(problem: BoundedQpProblem): { x: Float64Array; objective: number } | null {
  const { n, lower, upper } = problem;
  const assignment = new Int8Array(n);
  let best: { x: Float64Array; objective: number } | null = null;
  const total = 3 ** n;
  for (let code = 0; code < total; code++) {
    let rest = code;
    let skip = false;
    for (let i = 0; i < n; i++) {
      assignment[i] = rest % 3;
      rest = Math.floor(rest / 3);
      if (assignment[i] === 1 && lower[i] === -Infinity) skip = true;
      if (assignment[i] === 2 && upper[i] === Infinity) skip = true;
      if (assignment[i] !== 0 && lower[i] === upper[i]) skip = true;
    }
    if (skip) continue;
    const x = subproblemSolution(problem, assignment);
    if (x === null) continue;
    let feasible = true;
    for (let i = 0; i < n; i++) {
      if (x[i] < lower[i] - 1e-10 * (1 + Math.abs(lower[i])) || x[i] > upper[i] + 1e-10 * (1 + Math.abs(upper[i]))) feasible = false;
    }
    if (!feasible) continue;
    const objective = objectiveOf(problem, x);
    if (best === null || objective < best.objective) best = { x, objective };
  }
  return best;
}

describe('solveBoundedQp: KKT conditions on random problems', () => {
  for (const kind of ['diagonal', 'dense'] as const) {
    it(`satisfies stationarity, feasibility, complementary slackness and dual signs (${kind} Hessian)`, () => {
      const random = seededRandom(kind === 'diagonal' ? 7 : 8);
      const workspace = makeBoundedQpWorkspace(40, 12);
      let activeSeen = 0;
      for (let trial = 0; trial < 200; trial++) {
        const n = 1 + Math.floor(random() * 40);
        const m = Math.min(n, Math.floor(random() * 13));
        const problem = randomProblem(random, n, m, kind);
        const result = solveBoundedQp(problem, workspace);
        expect(result.status).toBe('optimal');
        expectKkt(problem, workspace);
        expect(result.objective).toBeCloseTo(objectiveOf(problem, workspace.x), 9);
        activeSeen += result.activeBounds;
      }
      // The problems do exercise the bounds.
      expect(activeSeen).toBeGreaterThan(500);
    });
  }
});

describe('solveBoundedQp: KKT conditions at the size of a whole-body problem', () => {
  it('muscle-like columns (few nonzeros), 45 rows, 130 bounded and 45 free variables', () => {
    const random = seededRandom(29);
    const rows = 45;
    const muscles = 130;
    const n = muscles + rows;
    const workspace = makeBoundedQpWorkspace(n, rows, { denseHessian: false });
    for (let trial = 0; trial < 10; trial++) {
      const problem = emptyProblem(n, rows, 'diagonal');
      for (let i = 0; i < muscles; i++) {
        problem.hessian[i] = 2;
        problem.lower[i] = 0;
        problem.upper[i] = 1;
        const first = Math.floor(random() * (rows - 3));
        const span = 1 + Math.floor(random() * 4);
        for (let row = first; row < first + span; row++) problem.equalityMatrix[row * n + i] = (random() * 2 - 1) * 60;
      }
      for (let row = 0; row < rows; row++) {
        // A reserve per row keeps every problem feasible; expensive, so the bounds bind.
        problem.hessian[muscles + row] = 2;
        problem.equalityMatrix[row * n + muscles + row] = 1;
        problem.equalityTarget[row] = (random() * 2 - 1) * 80;
      }
      const result = solveBoundedQp(problem, workspace);
      expect(result.status).toBe('optimal');
      expect(result.activeBounds).toBeGreaterThan(20);
      expectKkt(problem, workspace);
    }
  });
});

describe('solveBoundedQp: against enumeration of every active set', () => {
  for (const kind of ['diagonal', 'dense'] as const) {
    it(`finds the global minimum of small problems (${kind} Hessian)`, () => {
      const random = seededRandom(kind === 'diagonal' ? 11 : 12);
      const workspace = makeBoundedQpWorkspace(7, 3);
      let compared = 0;
      for (let trial = 0; trial < 150; trial++) {
        const n = 2 + Math.floor(random() * 6);
        const m = Math.floor(random() * Math.min(3, n));
        const problem = randomProblem(random, n, m, kind);
        const best = bruteForceMinimum(problem);
        const result = solveBoundedQp(problem, workspace);
        if (best === null) continue;
        compared++;
        expect(result.status).toBe('optimal');
        expect(Math.abs(result.objective - best.objective)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(best.objective)));
        for (let i = 0; i < n; i++) expect(Math.abs(workspace.x[i] - best.x[i])).toBeLessThanOrEqual(1e-8);
      }
      expect(compared).toBeGreaterThan(120);
    });
  }
});

describe('solveBoundedQp: equality constraints only', () => {
  it('matches the closed form x = H^-1 (A\'lambda - g), (A H^-1 A\') lambda = b + A H^-1 g', () => {
    const random = seededRandom(3);
    const workspace = makeBoundedQpWorkspace(30, 10);
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + Math.floor(random() * 27);
      const m = Math.min(n - 1, 1 + Math.floor(random() * 10));
      const problem = randomProblem(random, n, m, 'diagonal');
      problem.lower.fill(-Infinity);
      problem.upper.fill(Infinity);
      const { hessian: h, gradient: g, equalityMatrix: a, equalityTarget: b } = problem;
      const schur = new Float64Array(m * m);
      const rhs = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        rhs[k] = b[k];
        for (let i = 0; i < n; i++) rhs[k] += (a[k * n + i] * g[i]) / h[i];
        for (let l = 0; l < m; l++) for (let i = 0; i < n; i++) schur[k * m + l] += (a[k * n + i] * a[l * n + i]) / h[i];
      }
      const pivots = new Int32Array(m);
      expect(luFactor(schur, m, pivots)).toBe(true);
      luSolve(schur, m, pivots, rhs);
      const result = solveBoundedQp(problem, workspace);
      expect(result.status).toBe('optimal');
      expect(result.iterations).toBe(0);
      for (let i = 0; i < n; i++) {
        let expected = -g[i];
        for (let k = 0; k < m; k++) expected += a[k * n + i] * rhs[k];
        expected /= h[i];
        expect(Math.abs(workspace.x[i] - expected)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(expected)));
      }
      for (let k = 0; k < m; k++) expect(workspace.equalityMultiplier[k]).toBeCloseTo(rhs[k], 9);
    }
  });

  it('solves the unconstrained problem x = -H^-1 g with a dense Hessian', () => {
    const problem = emptyProblem(2, 0, 'dense');
    problem.hessian.set([4, 1, 1, 3]);
    problem.gradient.set([1, 2]);
    const workspace = makeBoundedQpWorkspace(2, 0);
    solveBoundedQp(problem, workspace);
    // [4 1; 1 3]^-1 [-1, -2] = [-1/11, -7/11].
    expect(workspace.x[0]).toBeCloseTo(-1 / 11, 14);
    expect(workspace.x[1]).toBeCloseTo(-7 / 11, 14);
  });
});

describe('solveBoundedQp: infeasible and rank-deficient problems', () => {
  it('reports bounds that cannot meet the equality as infeasible, without NaN', () => {
    // x1 + x2 = 3 with 0 <= x <= 1.
    const problem = emptyProblem(2, 1, 'diagonal');
    problem.hessian.fill(1);
    problem.equalityMatrix.set([1, 1]);
    problem.equalityTarget[0] = 3;
    problem.lower.fill(0);
    problem.upper.fill(1);
    const workspace = makeBoundedQpWorkspace(2, 1);
    const result = solveBoundedQp(problem, workspace);
    expect(result.status).toBe('infeasible');
    for (let i = 0; i < 2; i++) expect(Number.isFinite(workspace.x[i])).toBe(true);
    expect(Number.isFinite(result.equalityResidual)).toBe(true);
    // The same with 2.5 is feasible at the boundary of the box.
    problem.equalityTarget[0] = 2;
    expect(solveBoundedQp(problem, workspace).status).toBe('optimal');
    expect(workspace.x[0]).toBeCloseTo(1, 12);
    expect(workspace.x[1]).toBeCloseTo(1, 12);
  });

  it('a zero row (a coordinate no variable acts on) is infeasible unless its target is zero', () => {
    const problem = emptyProblem(3, 2, 'diagonal');
    problem.hessian.fill(2);
    problem.equalityMatrix.set([1, 2, 0, 0, 0, 0]);
    problem.equalityTarget.set([1, 0.5]);
    problem.lower.fill(0);
    problem.upper.fill(1);
    const workspace = makeBoundedQpWorkspace(3, 2);
    let result = solveBoundedQp(problem, workspace);
    expect(result.status).toBe('infeasible');
    expect(result.rank).toBe(1);
    for (let i = 0; i < 3; i++) expect(Number.isFinite(workspace.x[i])).toBe(true);
    problem.equalityTarget[1] = 0;
    result = solveBoundedQp(problem, workspace);
    expect(result.status).toBe('optimal');
    expectKkt(problem, workspace);
    // min x0^2 + x1^2 s.t. x0 + 2 x1 = 1: x = (1, 2) / 5.
    expect(workspace.x[0]).toBeCloseTo(0.2, 14);
    expect(workspace.x[1]).toBeCloseTo(0.4, 14);
    expect(workspace.x[2]).toBe(0);
    // A variable on the zero row's coordinate (a reserve) makes it feasible again.
    problem.equalityTarget[1] = 0.5;
    problem.equalityMatrix[5] = 1;
    problem.lower[2] = -Infinity;
    problem.upper[2] = Infinity;
    result = solveBoundedQp(problem, workspace);
    expect(result.status).toBe('optimal');
    expect(workspace.x[2]).toBeCloseTo(0.5, 14);
  });

  it('handles duplicated and combined rows: consistent ones are optimal, inconsistent ones infeasible', () => {
    const random = seededRandom(5);
    const workspace = makeBoundedQpWorkspace(20, 8);
    for (let trial = 0; trial < 30; trial++) {
      const problem = randomProblem(random, 20, 8, 'diagonal');
      const n = 20;
      // Row 5 = row 0 + 2 row 1, row 6 = row 2, row 7 = 0 (targets consistent).
      for (let i = 0; i < n; i++) {
        problem.equalityMatrix[5 * n + i] = problem.equalityMatrix[i] + 2 * problem.equalityMatrix[n + i];
        problem.equalityMatrix[6 * n + i] = problem.equalityMatrix[2 * n + i];
        problem.equalityMatrix[7 * n + i] = 0;
      }
      problem.equalityTarget[5] = problem.equalityTarget[0] + 2 * problem.equalityTarget[1];
      problem.equalityTarget[6] = problem.equalityTarget[2];
      problem.equalityTarget[7] = 0;
      const result = solveBoundedQp(problem, workspace);
      expect(result.status).toBe('optimal');
      expect(result.rank).toBeLessThanOrEqual(5);
      expectKkt(problem, workspace);
      problem.equalityTarget[6] += 0.1;
      expect(solveBoundedQp(problem, workspace).status).toBe('infeasible');
      for (let i = 0; i < n; i++) expect(Number.isFinite(workspace.x[i])).toBe(true);
    }
  });

  it('detects random infeasible boxes (checked against enumeration)', () => {
    const random = seededRandom(9);
    const workspace = makeBoundedQpWorkspace(6, 3);
    let infeasible = 0;
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(random() * 5);
      const m = 1 + Math.floor(random() * Math.min(3, n - 1));
      const problem = randomProblem(random, n, m, 'diagonal');
      // Push the targets away from the feasible point so that some problems lose it.
      for (let k = 0; k < m; k++) problem.equalityTarget[k] += (random() * 2 - 1) * 3;
      const best = bruteForceMinimum(problem);
      const result = solveBoundedQp(problem, workspace);
      if (best === null) {
        infeasible++;
        expect(result.status).toBe('infeasible');
      } else {
        expect(result.status).toBe('optimal');
        expect(Math.abs(result.objective - best.objective)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(best.objective)));
      }
    }
    expect(infeasible).toBeGreaterThan(20);
  });
});

describe('solveBoundedQp: degenerate problems and the iteration limit', () => {
  it('solves vertex-degenerate problems (the equality meets the box only at a corner) and ties', () => {
    const workspace = makeBoundedQpWorkspace(4, 2);
    const problem = emptyProblem(4, 1, 'diagonal');
    problem.hessian.fill(1);
    problem.gradient.fill(-1);
    problem.equalityMatrix.fill(1);
    problem.lower.fill(0);
    problem.upper.fill(1);
    problem.equalityTarget[0] = 4;
    expect(solveBoundedQp(problem, workspace).status).toBe('optimal');
    for (let i = 0; i < 4; i++) expect(workspace.x[i]).toBeCloseTo(1, 12);
    // The unconstrained minimum exactly on a bound (zero multiplier there), duplicated columns.
    problem.gradient.set([-1, 0, 0, 2]);
    problem.equalityTarget[0] = 1;
    expect(solveBoundedQp(problem, workspace).status).toBe('optimal');
    expectKkt(problem, workspace);
    const twoRows = emptyProblem(4, 2, 'diagonal');
    twoRows.hessian.fill(1);
    twoRows.equalityMatrix.set([1, 1, 1, 1, 1, 1, 1, 1]);
    twoRows.equalityTarget.set([2, 2]);
    twoRows.lower.fill(0);
    twoRows.upper.fill(0.5);
    expect(solveBoundedQp(twoRows, workspace).status).toBe('optimal');
    expectKkt(twoRows, workspace);
  });

  it('does not cycle on a degenerate step QP whose two dependent bounds took turns until the limit', () => {
    // A posture step QP recorded from a standing solve (fixtures/cycling-step-qp.json): the
    // bounds of two posture-step variables depend on each other through the linearised
    // equilibrium; adding either released the other by a partial step, which rounding left
    // just outside its range, so the two were added in turn for all 3170 iterations.
    const fixture = JSON.parse(readFileSync(new URL('./fixtures/cycling-step-qp.json', import.meta.url), 'utf8')) as {
      n: number;
      m: number;
      hessian: number[];
      gradient: number[];
      equalityEntries: [number, number, number][];
      equalityTarget: number[];
      lower: (number | null)[];
      upper: (number | null)[];
    };
    const { n, m } = fixture;
    const problem = emptyProblem(n, m, 'diagonal');
    problem.hessian.set(fixture.hessian);
    problem.gradient.set(fixture.gradient);
    for (const [row, column, value] of fixture.equalityEntries) problem.equalityMatrix[row * n + column] = value;
    problem.equalityTarget.set(fixture.equalityTarget);
    fixture.lower.forEach((value, i) => (problem.lower[i] = value ?? -Infinity));
    fixture.upper.forEach((value, i) => (problem.upper[i] = value ?? Infinity));
    const workspace = makeBoundedQpWorkspace(n, m, { denseHessian: false });
    const result = solveBoundedQp(problem, workspace);
    expect(result.status).toBe('optimal');
    expect(result.iterations).toBeLessThan(600);
    // Optimal within the cycle guard's largest feasibility tolerance (1e3 x 1e-10, relative).
    expectKkt(problem, workspace, 1e-7);
    expect(result.equalityResidual).toBeLessThan(1e-9);
    // The warm start from the optimum's own working set reaches the same optimal value (the
    // nearly free contact columns, priced 4e-9, leave x itself ill-determined there).
    const warm = solveBoundedQp(problem, workspace, { warmStart: true });
    expect(warm.status).toBe('optimal');
    expect(warm.iterations).toBeLessThan(600);
    expect(Math.abs(warm.objective - result.objective)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(result.objective)));
  });

  it("stops with 'max-iterations' when the limit is too small", () => {
    const random = seededRandom(23);
    const workspace = makeBoundedQpWorkspace(40, 10);
    const problem = randomProblem(random, 40, 10, 'diagonal');
    const full = solveBoundedQp(problem, workspace);
    expect(full.iterations).toBeGreaterThan(3);
    const limited = solveBoundedQp(problem, workspace, { maxIterations: 2 });
    expect(limited.status).toBe('max-iterations');
    expect(limited.iterations).toBe(2);
    for (let i = 0; i < 40; i++) expect(Number.isFinite(workspace.x[i])).toBe(true);
  });
});

describe('solveBoundedQp: warm start', () => {
  it('gives the same answer in fewer iterations after a small change of the problem', () => {
    const random = seededRandom(13);
    const cold = makeBoundedQpWorkspace(60, 15);
    const warm = makeBoundedQpWorkspace(60, 15);
    let coldTotal = 0;
    let warmTotal = 0;
    for (let trial = 0; trial < 20; trial++) {
      const problem = randomProblem(random, 60, 15, 'diagonal');
      solveBoundedQp(problem, warm);
      // The same problem again from its own active set: nothing to do.
      expect(solveBoundedQp(problem, warm, { warmStart: true }).iterations).toBe(0);
      // A nearby problem (new targets and gradient, as the next frame of a motion).
      for (let i = 0; i < problem.n; i++) problem.gradient[i] += 0.02 * (random() * 2 - 1);
      const coldResult = { ...solveBoundedQp(problem, cold) };
      const warmResult = solveBoundedQp(problem, warm, { warmStart: true });
      expect(warmResult.status).toBe('optimal');
      expect(warmResult.warmStarted).toBe(true);
      expectKkt(problem, warm);
      for (let i = 0; i < problem.n; i++) expect(Math.abs(warm.x[i] - cold.x[i])).toBeLessThanOrEqual(1e-10);
      expect(warmResult.iterations).toBeLessThanOrEqual(coldResult.iterations);
      coldTotal += coldResult.iterations;
      warmTotal += warmResult.iterations;
    }
    expect(warmTotal).toBeLessThan(coldTotal / 3);
  });

  it('recovers from a wrong warm-start set (bounds released, or a dependent set rejected)', () => {
    const random = seededRandom(17);
    const workspace = makeBoundedQpWorkspace(25, 6);
    const reference = makeBoundedQpWorkspace(25, 6);
    for (let trial = 0; trial < 40; trial++) {
      const problem = randomProblem(random, 25, 6, trial % 2 === 0 ? 'diagonal' : 'dense');
      solveBoundedQp(problem, reference);
      for (let i = 0; i < 25; i++) workspace.activeSet[i] = Math.floor(random() * 3);
      const result = solveBoundedQp(problem, workspace, { warmStart: true });
      expect(result.status).toBe('optimal');
      expectKkt(problem, workspace);
      for (let i = 0; i < 25; i++) expect(Math.abs(workspace.x[i] - reference.x[i])).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('solveBoundedQp: dense and diagonal paths agree', () => {
  it('on a diagonal Hessian given as a dense matrix', () => {
    const random = seededRandom(19);
    const workspace = makeBoundedQpWorkspace(30, 8);
    const denseWorkspace = makeBoundedQpWorkspace(30, 8);
    for (let trial = 0; trial < 20; trial++) {
      const problem = randomProblem(random, 30, 8, 'diagonal');
      const dense: BoundedQpProblem = { ...problem, hessianKind: 'dense', hessian: new Float64Array(900) };
      for (let i = 0; i < 30; i++) dense.hessian[i * 30 + i] = problem.hessian[i];
      expect(solveBoundedQp(problem, workspace).status).toBe('optimal');
      expect(solveBoundedQp(dense, denseWorkspace).status).toBe('optimal');
      for (let i = 0; i < 30; i++) expect(Math.abs(workspace.x[i] - denseWorkspace.x[i])).toBeLessThanOrEqual(1e-11);
    }
  });
});

describe('solveBoundedQp: bad input', () => {
  const expectCode = (run: () => unknown, code: string): void => {
    try {
      run();
    } catch (error) {
      expect(isKinechainError(error)).toBe(true);
      if (isKinechainError(error)) expect(error.code).toBe(code);
      return;
    }
    throw new Error('expected a KinechainError');
  };

  it('rejects crossed bounds, NaN, a non-positive Hessian, oversize problems', () => {
    const workspace = makeBoundedQpWorkspace(2, 1, { denseHessian: false });
    const problem = emptyProblem(2, 1, 'diagonal');
    problem.hessian.fill(1);
    problem.lower[0] = 1;
    problem.upper[0] = 0;
    expectCode(() => solveBoundedQp(problem, workspace), 'OUT_OF_RANGE');
    problem.lower[0] = 0;
    problem.upper[0] = 1;
    problem.equalityTarget[0] = Number.NaN;
    expectCode(() => solveBoundedQp(problem, workspace), 'NOT_FINITE');
    problem.equalityTarget[0] = 0;
    problem.hessian[1] = 0;
    expectCode(() => solveBoundedQp(problem, workspace), 'OUT_OF_RANGE');
    problem.hessian[1] = 1;
    expectCode(() => solveBoundedQp(emptyProblem(3, 1, 'diagonal'), workspace), 'OUT_OF_RANGE');
    const dense = emptyProblem(2, 0, 'dense');
    dense.hessian.set([1, 2, 2, 1]);
    expectCode(() => solveBoundedQp(dense, workspace), 'UNSUPPORTED');
    expectCode(() => solveBoundedQp(dense, makeBoundedQpWorkspace(2, 0)), 'OUT_OF_RANGE');
  });
});

describe('equilibrateRows and the repair of a warm start', () => {
  it('row scaling leaves the solution unchanged and scales the multipliers back exactly', () => {
    const random = seededRandom(42);
    for (let trial = 0; trial < 10; trial++) {
      const problem = randomProblem(random, 14, 5, 'diagonal');
      // Rows of very different size and a variable 1e4 times cheaper than the rest.
      for (let i = 0; i < 14; i++) problem.equalityMatrix[2 * 14 + i] *= 1e4;
      problem.equalityTarget[2] *= 1e4;
      problem.hessian[3] = 1e-4;
      const plain = makeBoundedQpWorkspace(14, 5, { denseHessian: false });
      const first = solveBoundedQp(problem, plain);
      const scaled = structuredClone(problem);
      const rowScale = new Float64Array(5);
      equilibrateRows(scaled, rowScale);
      const workspace = makeBoundedQpWorkspace(14, 5, { denseHessian: false });
      const second = solveBoundedQp(scaled, workspace);
      expect(second.status).toBe(first.status);
      if (first.status !== 'optimal') continue;
      for (let i = 0; i < 14; i++) expect(Math.abs(workspace.x[i] - plain.x[i])).toBeLessThan(1e-9 * (1 + Math.abs(plain.x[i])));
      expectKkt(scaled, workspace);
      // The multipliers scaled back are those of the original rows: its KKT conditions hold with them.
      for (let row = 0; row < 5; row++) workspace.equalityMultiplier[row] *= rowScale[row];
      expectKkt(problem, workspace);
    }
  });

  it('a warm start that leaves rows with no free variable is repaired, not discarded, and gives the cold answer', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 10; trial++) {
      const problem = randomProblem(random, 16, 5, 'diagonal');
      const cold = makeBoundedQpWorkspace(16, 5, { denseHessian: false });
      if (solveBoundedQp(problem, cold).status !== 'optimal') continue;
      const warm = makeBoundedQpWorkspace(16, 5, { denseHessian: false });
      // Every bounded variable marked on its lower bound (or upper when it has none): most rows have no free variable.
      for (let i = 0; i < 16; i++) warm.activeSet[i] = problem.lower[i] > -Infinity ? BoundState.lower : problem.upper[i] < Infinity ? BoundState.upper : BoundState.free;
      const result = solveBoundedQp(problem, warm, { warmStart: true });
      expect(result.status).toBe('optimal');
      for (let i = 0; i < 16; i++) expect(Math.abs(warm.x[i] - cold.x[i])).toBeLessThan(1e-9 * (1 + Math.abs(cold.x[i])));
      expectKkt(problem, warm);
    }
  });
});
