import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from './path-length.js';
import { cylinderWrap, NO_WRAP } from './cylinder-wrap.js';
import { twoLinkArmSpec, SHOULDER_CENTER, HUMERUS_LENGTH, TRICEPS_WRAP_RADIUS } from '../../../test/fixtures/two-link-arm.js';
import { buildTissueModel } from '../../../test/fixtures/tissue-model.js';

describe('path length', () => {
  const { model, data } = buildTissueModel(twoLinkArmSpec());
  const biceps = model.tissueIndex.get('biceps_brachii') as number;
  const triceps = model.tissueIndex.get('triceps_brachii') as number;
  const elbow = model.coordinateIndex.get('elbow_flexion') as number;

  it('sums the straight segments between points (hand computed in the reference pose)', () => {
    forwardKinematics(model, data, model.coordinateDefault);
    pathLength(model, data);
    // Reference pose: every body frame is a translation of ground.
    const origin: [number, number, number] = [0.02, 1.43, 0.01];
    const via: [number, number, number] = [0.03, SHOULDER_CENTER[1] - 0.06, 0.005];
    const insertion: [number, number, number] = [0.018, SHOULDER_CENTER[1] - HUMERUS_LENGTH - 0.045, 0];
    const expected = Math.hypot(via[0] - origin[0], via[1] - origin[1], via[2] - origin[2]) +
      Math.hypot(insertion[0] - via[0], insertion[1] - via[1], insertion[2] - via[2]);
    expect(Math.abs(data.tissueLength[biceps] - expected)).toBeLessThan(1e-15);
    const first = model.tissuePointAdr[biceps];
    for (let i = 0; i < 3; i++) expect(Math.abs(data.pointWorld[first * 3 + 6 + i] - insertion[i])).toBeLessThan(1e-15);
  });

  it('replaces a wrapped segment by its wrapped length, and flags the wrap', () => {
    const q = new Float64Array(model.nq);
    q[elbow] = 2.2;
    forwardKinematics(model, data, q);
    pathLength(model, data);
    expect(data.wrapActive[0]).toBe(1);
    const first = model.tissuePointAdr[triceps];
    const straight = Math.hypot(
      data.pointWorld[first * 3 + 3] - data.pointWorld[first * 3],
      data.pointWorld[first * 3 + 4] - data.pointWorld[first * 3 + 1],
      data.pointWorld[first * 3 + 5] - data.pointWorld[first * 3 + 2],
    );
    // The cylinder lies on the humerus at the elbow; with no shoulder motion its axis is +Z.
    const center = new Float64Array([SHOULDER_CENTER[0], SHOULDER_CENTER[1] - HUMERUS_LENGTH, SHOULDER_CENTER[2]]);
    const tangents = new Float64Array(6);
    const wrapped = cylinderWrap(
      data.pointWorld, first * 3, data.pointWorld, first * 3 + 3, center, 0, new Float64Array([0, 0, 1]), 0,
      TRICEPS_WRAP_RADIUS, 1, tangents, 0,
    );
    expect(wrapped).not.toBe(NO_WRAP);
    expect(wrapped).toBeGreaterThan(straight);
    expect(Math.abs(data.tissueLength[triceps] - wrapped)).toBeLessThan(1e-15);
    for (let i = 0; i < 6; i++) expect(Math.abs(data.wrapPointWorld[i] - tangents[i])).toBeLessThan(1e-15);

    q[elbow] = 0.2;
    forwardKinematics(model, data, q);
    pathLength(model, data);
    expect(data.wrapActive[0]).toBe(0);
  });
});
