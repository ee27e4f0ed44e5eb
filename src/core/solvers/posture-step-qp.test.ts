import { describe, expect, it } from 'vitest';
import type { BoundedQpProblem } from '../math/bounded-qp.js';
import { assemblePostureStepQp, makePostureStepQp, positiveSemidefiniteFactor, setPostureStepBounds, solvePostureStepQp } from './posture-step-qp.js';

/**
 * A toy "equilibrium" with one posture variable theta: a lever of moment arm r holds a
 * weight whose moment is W sin(theta) about the joint, with two muscles (activations a1, a2,
 * capacities k1, k2, the second on the other side): k1 a1 - k2 a2 = W sin(theta), a in
 * [0, 1], effort a1^2 + a2^2. Its optimal posture is theta = 0 (no moment to hold).
 */
function lever(theta: number): { base: BoundedQpProblem; m: Float64Array } {
  const weight = 50;
  const base: BoundedQpProblem = {
    n: 2,
    m: 1,
    hessianKind: 'diagonal',
    hessian: Float64Array.of(2, 2),
    gradient: new Float64Array(2),
    equalityMatrix: Float64Array.of(100, -80),
    equalityTarget: Float64Array.of(weight * Math.sin(theta)),
    lower: Float64Array.of(0, 0),
    upper: Float64Array.of(1, 1),
  };
  // d(A x - b)/d theta at fixed x: -W cos(theta).
  return { base, m: Float64Array.of(-weight * Math.cos(theta)) };
}

describe('posture step QP', () => {
  it('takes the Newton-like step of posture and forces together, and its model value starts at the effort', () => {
    const theta = 0.2;
    const { base, m } = lever(theta);
    const stepQp = makePostureStepQp(2, 1, 1);
    const damping = Float64Array.of(1e-6);
    assemblePostureStepQp(stepQp, { base, nStep: 1, linearisation: m, postureGradient: new Float64Array(1), damping, correctionFactor: null });
    setPostureStepBounds(stepQp, [-1], [1]);
    const result = solvePostureStepQp(stepQp, false);
    expect(result.status).toBe('optimal');
    // The linearised moment vanishes at the step: W sin(theta) + W cos(theta) d = 0 (muscles silent).
    const d = stepQp.step[0];
    expect(d).toBeCloseTo(-Math.tan(theta), 5);
    expect(result.objective).toBeLessThan(1e-6);
    // With the step held at 0 the QP is the equilibrium at theta: its optimum is the effort there.
    setPostureStepBounds(stepQp, [-1e-300], [1e-300]);
    const held = solvePostureStepQp(stepQp, true);
    const demand = 50 * Math.sin(theta);
    const a1 = demand / 100;
    expect(Math.abs(held.objective - a1 * a1)).toBeLessThan(1e-9 * a1 * a1);
    // The Lagrangian's derivative at the QP's multipliers: -lambda M = d(effort)/d theta = 2 a1 (W cos theta) / k1.
    expect(stepQp.lagrangianGradient[0]).toBeCloseTo((2 * a1 * 50 * Math.cos(theta)) / 100, 9);
  });

  it('a trust region bounds the step, and its multiplier says which way the model pulls', () => {
    const { base, m } = lever(0.4);
    const stepQp = makePostureStepQp(2, 1, 1);
    assemblePostureStepQp(stepQp, {
      base,
      nStep: 1,
      linearisation: m,
      postureGradient: new Float64Array(1),
      damping: Float64Array.of(1e-6),
      correctionFactor: Float64Array.of(0.5),
    });
    setPostureStepBounds(stepQp, [-0.05], [0.05]);
    const result = solvePostureStepQp(stepQp, false);
    expect(result.status).toBe('optimal');
    // Back towards theta = 0, held by the lower bound of the box (nu > 0 there).
    expect(stepQp.step[0]).toBeCloseTo(-0.05, 12);
    expect(stepQp.boundMultiplier[0]).toBeGreaterThan(0);
  });

  it('projects a symmetric matrix onto the positive semi-definite ones and factors it', () => {
    const p = 3;
    // Eigenvalues 3, 1, -2 in a rotated basis.
    const q = [
      [2 / 3, 2 / 3, 1 / 3],
      [-2 / 3, 1 / 3, 2 / 3],
      [1 / 3, -2 / 3, 2 / 3],
    ];
    const values = [3, 1, -2];
    const matrix = new Float64Array(9);
    for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) for (let j = 0; j < p; j++) matrix[i * p + k] += q[i][j] * values[j] * q[k][j];
    const factor = new Float64Array(9);
    const largest = positiveSemidefiniteFactor(matrix, p, factor, new Float64Array(9));
    expect(largest).toBeCloseTo(3, 12);
    for (let i = 0; i < p; i++) {
      for (let k = 0; k < p; k++) {
        let expected = 0;
        for (let j = 0; j < 2; j++) expected += q[i][j] * values[j] * q[k][j];
        let product = 0;
        for (let j = 0; j < p; j++) product += factor[i * p + j] * factor[k * p + j];
        expect(matrix[i * p + k]).toBeCloseTo(expected, 12);
        expect(product).toBeCloseTo(expected, 12);
      }
    }
  });
});
