import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { makeSkeletonData } from '../model/make-skeleton-data.js';
import { forwardKinematics } from './forward-kinematics.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { jointChainSpec, randomPose, seededRandom } from '../../../test/fixtures/joint-chain.js';
import { LINK_1, LINK_2, doublePendulumSpec, singlePendulumSpec } from '../../../test/fixtures/pendulum.js';
import { referenceBodyPoses } from '../../../test/fixtures/reference-kinematics.js';

function expectVectorClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = ''): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance * scale);
  }
}

/** Largest entry difference between a row-major 3x3 and the rotation block of a 4x4. */
function rotationDifference(actual: ArrayLike<number>, expected: number[][]): number {
  let largest = 0;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs(actual[3 * r + c] - expected[r][c]));
  return largest;
}

describe('forwardKinematics on pendulums', () => {
  it('places a single pendulum bob at (c sin t, -c cos t)', () => {
    const model = compileSkeleton(singlePendulumSpec());
    const data = makeSkeletonData(model);
    for (const angle of [-2.5, -0.4, 0, 0.3, 1.9]) {
      forwardKinematics(model, data, [angle]);
      const r = data.bodyRotation.subarray(9, 18);
      const comX = data.bodyPosition[3] + r[1] * -LINK_1.comDistanceM;
      const comY = data.bodyPosition[4] + r[4] * -LINK_1.comDistanceM;
      expect(comX).toBeCloseTo(LINK_1.comDistanceM * Math.sin(angle), 14);
      expect(comY).toBeCloseTo(-LINK_1.comDistanceM * Math.cos(angle), 14);
      // Spatial axis of a pin at the origin about +Z: [0,0,1, 0,0,0].
      expectVectorClose(data.coordinateMotion, [0, 0, 1, 0, 0, 0], 1e-15);
    }
  });

  it('places the second link of a double pendulum at the end of the first', () => {
    const model = compileSkeleton(doublePendulumSpec());
    const data = makeSkeletonData(model);
    const [t1, t2] = [0.7, -1.1];
    forwardKinematics(model, data, [t1, t2]);
    const l1 = LINK_1.lengthM;
    expectVectorClose(data.bodyPosition.subarray(6, 9), [l1 * Math.sin(t1), -l1 * Math.cos(t1), 0], 1e-15);
    expect(Math.atan2(data.bodyRotation[18 + 3], data.bodyRotation[18])).toBeCloseTo(t1 + t2, 14);
    // Joint 2's spatial axis: rotation about +Z through the elbow: v = c x w.
    expectVectorClose(data.coordinateMotion.subarray(6, 12), [0, 0, 1, -l1 * Math.cos(t1), -l1 * Math.sin(t1), 0], 1e-15);
    expect(LINK_2.lengthM).toBeGreaterThan(0);
  });
});

describe('forwardKinematics on every joint type', () => {
  const spec = jointChainSpec();
  const model = compileSkeleton(spec);
  const data = makeSkeletonData(model);
  const random = seededRandom(7);

  it('matches a naive 4x4 composition from the spec at random poses', () => {
    for (let trial = 0; trial < 20; trial++) {
      const q = randomPose(model.coordinateRange, model.nq, random, -0.1); // also beyond the spline knots
      forwardKinematics(model, data, q);
      const poses = referenceBodyPoses(spec, (name) => q[model.coordinateIndex.get(name) as number]);
      for (let b = 1; b < model.nbody; b++) {
        const expected = poses.get(model.bodyName[b]) as number[][];
        const label = `${model.bodyName[b]} trial ${trial}`;
        expectVectorClose(data.bodyPosition.subarray(3 * b, 3 * b + 3), [expected[0][3], expected[1][3], expected[2][3]], 1e-13, label);
        expect(rotationDifference(data.bodyRotation.subarray(9 * b, 9 * b + 9), expected), label).toBeLessThan(1e-13);
      }
    }
  });

  it('keeps every body rotation orthonormal', () => {
    forwardKinematics(model, data, randomPose(model.coordinateRange, model.nq, random));
    for (let b = 0; b < model.nbody; b++) {
      const r = data.bodyRotation.subarray(9 * b, 9 * b + 9);
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 3; k++) {
          const dot = r[i] * r[k] + r[3 + i] * r[3 + k] + r[6 + i] * r[6 + k];
          expect(Math.abs(dot - (i === k ? 1 : 0))).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('copies q into data.q and rejects a short q', () => {
    const q = randomPose(model.coordinateRange, model.nq, random);
    forwardKinematics(model, data, q);
    expect(Array.from(data.q)).toEqual(Array.from(q));
    expect(() => forwardKinematics(model, data, q.subarray(1))).toThrow(/coordinates/);
  });
});

/**
 * Finite-difference check of every coordinate's spatial axis: for each body the
 * coordinate moves, d(origin)/dq = v_j + w_j x origin and dR/dq R^T = [w_j]x; for the
 * others both derivatives vanish.
 */
function checkCoordinateMotion(model: SkeletonModel, data: SkeletonData, q: Float64Array): void {
  const h = 1e-6;
  forwardKinematics(model, data, q);
  const motion = Float64Array.from(data.coordinateMotion);
  const rotation = Float64Array.from(data.bodyRotation);
  const position = Float64Array.from(data.bodyPosition);
  const plus = makeSkeletonData(model);
  const minus = makeSkeletonData(model);
  for (let j = 0; j < model.nq; j++) {
    const qp = Float64Array.from(q);
    const qm = Float64Array.from(q);
    qp[j] += h;
    qm[j] -= h;
    forwardKinematics(model, plus, qp);
    forwardKinematics(model, minus, qm);
    const w = motion.subarray(6 * j, 6 * j + 3);
    const v = motion.subarray(6 * j + 3, 6 * j + 6);
    for (let b = 1; b < model.nbody; b++) {
      const moves = model.bodyCoordinateSupport[b * model.nq + j] === 1;
      const label = `${model.coordinateName[j]} on ${model.bodyName[b]}`;
      const dp = [0, 1, 2].map((i) => (plus.bodyPosition[3 * b + i] - minus.bodyPosition[3 * b + i]) / (2 * h));
      // dR/dq R^T is skew-symmetric with the angular velocity in its off-diagonal entries.
      const dR = (r: number, c: number) => (plus.bodyRotation[9 * b + 3 * r + c] - minus.bodyRotation[9 * b + 3 * r + c]) / (2 * h);
      const omegaSkew = (r: number, c: number) => {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += dR(r, k) * rotation[9 * b + 3 * c + k];
        return sum;
      };
      const dw = [omegaSkew(2, 1), omegaSkew(0, 2), omegaSkew(1, 0)];
      const p = position.subarray(3 * b, 3 * b + 3);
      const expectedVelocity = moves
        ? [v[0] + w[1] * p[2] - w[2] * p[1], v[1] + w[2] * p[0] - w[0] * p[2], v[2] + w[0] * p[1] - w[1] * p[0]]
        : [0, 0, 0];
      expectVectorClose(dp, expectedVelocity, 1e-7, `velocity ${label}`);
      expectVectorClose(dw, moves ? Array.from(w) : [0, 0, 0], 1e-7, `angular ${label}`);
    }
  }
}

describe('coordinateMotion', () => {
  it('is the derivative of every body pose (finite differences), every joint type', () => {
    const model = compileSkeleton(jointChainSpec());
    const data = makeSkeletonData(model);
    const random = seededRandom(11);
    for (let trial = 0; trial < 5; trial++) checkCoordinateMotion(model, data, randomPose(model.coordinateRange, model.nq, random));
  });
});
