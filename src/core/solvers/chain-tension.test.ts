import { describe, expect, it } from 'vitest';
import { compile } from '../../spec/compile.js';
import { makeData } from '../model/make-data.js';
import type { Data, Model } from '../model/model.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { solveLineContinuity } from '../tissues/continuity.js';
import { solveChainTension, solveChainTensionAtPose } from './chain-tension.js';
import { threeTrackLine, threeTrackSpec } from '../../../test/fixtures/three-track-line.js';

function twoLineModel(): { model: Model; data: Data } {
  const mirrored = {
    ...threeTrackLine(5e3),
    name: 'reversed_line',
    tracks: [
      { tissue: 'upper_ligament', label: 'ligament' },
      { tissue: 'middle_muscle', label: 'muscle' },
      { tissue: 'lower_fascia', label: 'fascia' },
    ],
  };
  const model = compile(threeTrackSpec({ lines: [threeTrackLine(), mirrored] }));
  return { model, data: makeData(model) };
}

describe('solveChainTension', () => {
  it('solves every line for the path lengths in data, as solveLineContinuity does line by line', () => {
    const { model, data } = twoLineModel();
    const q = Float64Array.of(-0.4, 0.3);
    const result = solveChainTensionAtPose(model, data, q);
    expect(result.converged).toBe(true);
    expect(result.linesSolved).toBe(2);
    expect(result.maxResidualN).toBeLessThan(1e-8);
    expect(result.worstLine).toBeGreaterThanOrEqual(0);
    expect(result.totalIterations).toBeGreaterThanOrEqual(result.maxIterations);
    expect(result.unconvergedLines).toEqual([]);
    const tensions = Array.from(data.trackTension);
    const other = makeData(model);
    forwardKinematics(model, other, q);
    pathLength(model, other);
    solveLineContinuity(model, other, 0);
    solveLineContinuity(model, other, 1);
    expect(Array.from(other.trackTension)).toEqual(tensions);
    expect(Array.from(other.junctionDisplacement)).toEqual(Array.from(data.junctionDisplacement));
  });

  it('solves the same tissue once per line: a shared tissue may carry different tensions in two lines', () => {
    const { model, data } = twoLineModel();
    solveChainTensionAtPose(model, data, Float64Array.of(-0.4, 0.3));
    // Track 1 of both lines is middle_muscle; the lines differ in anchorage and order.
    expect(model.trackTissue[1]).toBe(model.trackTissue[4]);
    expect(Math.abs(data.trackTension[1] - data.trackTension[4])).toBeGreaterThan(1e-6);
  });

  it('follows the pose: flexing the knee the stretching way raises every tension of the line', () => {
    const { model, data } = twoLineModel();
    solveChainTensionAtPose(model, data, Float64Array.of(0, 0));
    const standing = Array.from(data.trackTension.subarray(0, 3));
    solveChainTensionAtPose(model, data, Float64Array.of(-0.5, 0));
    for (let track = 0; track < 3; track++) expect(data.trackTension[track]).toBeGreaterThan(standing[track]);
  });

  it('applies anchorageScale and per-junction overrides to every line, and solves a subset of lines', () => {
    const { model, data } = twoLineModel();
    forwardKinematics(model, data, Float64Array.of(-0.3, -0.3));
    pathLength(model, data);
    solveChainTension(model, data, { anchorageScale: 0 });
    for (const first of [0, 3]) {
      expect(Math.abs(data.trackTension[first] - data.trackTension[first + 2])).toBeLessThan(1e-8);
    }
    const pinned = new Float64Array(model.njunction).fill(Infinity);
    solveChainTension(model, data, { stiffnessOverride: pinned });
    expect(Array.from(data.junctionDisplacement)).toEqual([0, 0, 0, 0]);
    data.trackTension.fill(-1);
    const subset = solveChainTension(model, data, { lines: [1] });
    expect(subset.linesSolved).toBe(1);
    expect(data.trackTension[0]).toBe(-1);
    expect(data.trackTension[3]).toBeGreaterThan(0);
  });

  it('rejects bad options with KinechainErrors', () => {
    const { model, data } = twoLineModel();
    expect(() => solveChainTension(model, data, { lines: [2] })).toThrow(/line index 2/);
    expect(() => solveChainTension(model, data, { anchorageScale: -2 })).toThrow(/anchorageScale/);
    expect(() => solveChainTension(model, data, { stiffnessOverride: new Float64Array(1) })).toThrow(/4 junctions/);
  });
});
