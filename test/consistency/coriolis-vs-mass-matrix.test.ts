/**
 * rnea's velocity-product forces against the mass matrix: from Lagrange's equations,
 *   C(q, qd) qd = Mdot qd - 1/2 d(qd^T M qd)/dq,   Mdot = sum_k dM/dq_k qd_k,
 * with the derivatives of crba's M taken by central finite differences. Unlike the
 * power balance (which sees only qd . C qd), this checks every component.
 */
import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../src/spec/compile-skeleton.js';
import { makeSkeletonData } from '../../src/core/model/make-skeleton-data.js';
import { crba } from '../../src/core/dynamics/crba.js';
import { rnea } from '../../src/core/dynamics/rnea.js';
import { jointChainSpec, randomPose, seededRandom } from '../fixtures/joint-chain.js';

describe('velocity-product forces', () => {
  const model = compileSkeleton(jointChainSpec());
  const nq = model.nq;
  const data = makeSkeletonData(model);
  const massAt = (q: Float64Array): Float64Array => {
    crba(model, data, q);
    return Float64Array.from(data.massMatrix);
  };

  it('equal Mdot qd - 1/2 d(qd^T M qd)/dq on the chain with every joint type', () => {
    const random = seededRandom(23);
    const h = 1e-5;
    const zero = new Float64Array(nq);
    for (let trial = 0; trial < 5; trial++) {
      const q = randomPose(model.coordinateRange, nq, random, 0.1);
      const qd = Float64Array.from({ length: nq }, () => 4 * random() - 2);
      rnea(model, data, q, qd, zero);
      const withVelocity = Float64Array.from(data.generalizedForce);
      rnea(model, data, q, zero, zero);
      const velocityProduct = withVelocity.map((value, i) => value - data.generalizedForce[i]);

      // Mdot = d/de M(q + e qd) at e = 0.
      const ahead = massAt(q.map((value, i) => value + h * qd[i]));
      const behind = massAt(q.map((value, i) => value - h * qd[i]));
      const expected = new Float64Array(nq);
      for (let i = 0; i < nq; i++) for (let k = 0; k < nq; k++) expected[i] += ((ahead[i * nq + k] - behind[i * nq + k]) / (2 * h)) * qd[k];
      // 1/2 d(qd^T M qd)/dq_k.
      const quadratic = (mass: Float64Array) => {
        let sum = 0;
        for (let i = 0; i < nq; i++) for (let k = 0; k < nq; k++) sum += qd[i] * mass[i * nq + k] * qd[k];
        return sum;
      };
      for (let k = 0; k < nq; k++) {
        const plus = Float64Array.from(q);
        const minus = Float64Array.from(q);
        plus[k] += h;
        minus[k] -= h;
        expected[k] -= (0.5 * (quadratic(massAt(plus)) - quadratic(massAt(minus)))) / (2 * h);
      }
      let scale = 0;
      for (const value of expected) scale = Math.max(scale, Math.abs(value));
      for (let i = 0; i < nq; i++) {
        expect(Math.abs(velocityProduct[i] - expected[i]), `${model.coordinateName[i]}: ${velocityProduct[i]} vs ${expected[i]}`).toBeLessThan(1e-7 * scale);
      }
    }
  });
});
