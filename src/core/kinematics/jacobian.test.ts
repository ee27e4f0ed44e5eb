import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { ModelSpecSchema } from '../../spec/schema.js';
import { makeSkeletonData } from '../model/make-skeleton-data.js';
import { forwardKinematics } from './forward-kinematics.js';
import { bodyPointJacobian, bodyPointPosition, comJacobian } from './jacobian.js';
import { centerOfMass } from './center-of-mass.js';
import { jointChainSpec, randomPose, seededRandom } from '../../../test/fixtures/joint-chain.js';

const model = compileSkeleton(jointChainSpec());
const nq = model.nq;

/** Central finite-difference jacobian [3*nq] of a point function of q. */
function finiteDifferenceJacobian(q: Float64Array, point: (q: Float64Array, out: Float64Array) => void): Float64Array {
  const h = 1e-6;
  const jacobian = new Float64Array(3 * nq);
  const plus = new Float64Array(3);
  const minus = new Float64Array(3);
  for (let j = 0; j < nq; j++) {
    const qp = Float64Array.from(q);
    const qm = Float64Array.from(q);
    qp[j] += h;
    qm[j] -= h;
    point(qp, plus);
    point(qm, minus);
    for (let r = 0; r < 3; r++) jacobian[r * nq + j] = (plus[r] - minus[r]) / (2 * h);
  }
  return jacobian;
}

function expectJacobianClose(actual: Float64Array, expected: Float64Array, label: string): void {
  let scale = 1e-3;
  for (const value of expected) scale = Math.max(scale, Math.abs(value));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${label} row ${Math.floor(i / nq)} ${model.coordinateName[i % nq]}`).toBeLessThan(1e-7 * scale);
  }
}

describe('bodyPointJacobian', () => {
  it('matches finite differences of the point position for every body', () => {
    const data = makeSkeletonData(model);
    const scratchData = makeSkeletonData(model);
    const random = seededRandom(3);
    const point = [0.03, -0.12, 0.05];
    const jacobian = new Float64Array(3 * nq);
    for (let trial = 0; trial < 4; trial++) {
      const q = randomPose(model.coordinateRange, nq, random);
      forwardKinematics(model, data, q);
      for (let b = 1; b < model.nbody; b++) {
        bodyPointJacobian(model, data, b, point, jacobian);
        const expected = finiteDifferenceJacobian(q, (qq, out) => {
          forwardKinematics(model, scratchData, qq);
          bodyPointPosition(scratchData, b, point, out);
        });
        expectJacobianClose(jacobian, expected, model.bodyName[b]);
      }
    }
  });

  it('rejects an output buffer that is too small', () => {
    const data = makeSkeletonData(model);
    expect(() => bodyPointJacobian(model, data, 1, [0, 0, 0], new Float64Array(3))).toThrow(/3\*nq/);
  });
});

describe('centre of mass', () => {
  it('is the mass-weighted mean of the body centres', () => {
    const data = makeSkeletonData(model);
    forwardKinematics(model, data, randomPose(model.coordinateRange, nq, seededRandom(5)));
    centerOfMass(model, data);
    const sum = [0, 0, 0];
    const com = new Float64Array(3);
    for (let b = 1; b < model.nbody; b++) {
      bodyPointPosition(data, b, model.bodyCom.subarray(3 * b, 3 * b + 3), com);
      for (let i = 0; i < 3; i++) sum[i] += (model.bodyMass[b] * com[i]) / model.totalMass;
    }
    for (let i = 0; i < 3; i++) expect(data.comPosition[i]).toBeCloseTo(sum[i], 14);
  });

  it('comJacobian matches finite differences of centerOfMass', () => {
    const data = makeSkeletonData(model);
    const scratchData = makeSkeletonData(model);
    const random = seededRandom(9);
    const jacobian = new Float64Array(3 * nq);
    for (let trial = 0; trial < 4; trial++) {
      const q = randomPose(model.coordinateRange, nq, random);
      forwardKinematics(model, data, q);
      comJacobian(model, data, jacobian);
      const expected = finiteDifferenceJacobian(q, (qq, out) => {
        forwardKinematics(model, scratchData, qq);
        centerOfMass(model, scratchData);
        out.set(scratchData.comPosition);
      });
      expectJacobianClose(jacobian, expected, 'com');
    }
  });
});

describe('massless models', () => {
  it('have no centre of mass: an error naming the model', () => {
    const massless = compileSkeleton(
      ModelSpecSchema.parse({
        name: 'ghost',
        bodies: [{ name: 'b', parent: 'ground', massKg: 0, centerOfMass: [0, 0, 0], inertia: [0, 0, 0, 0, 0, 0], joint: { name: 'j', type: 'weld' } }],
      }),
    );
    const data = makeSkeletonData(massless);
    forwardKinematics(massless, data, []);
    expect(() => centerOfMass(massless, data)).toThrow(/ghost.*zero total mass/);
    expect(() => comJacobian(massless, data, new Float64Array(0))).toThrow(/zero total mass/);
  });
});
