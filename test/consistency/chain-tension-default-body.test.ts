/**
 * End to end: the default body with the 24 Anatomy Trains line instances compiles, and
 * the chain tension solve works in the reference pose and in a toe-touch-like pose
 * (both hips flexed 90 degrees, knees extended), where the superficial back line is
 * stretched through its hamstrings.
 */
import { describe, expect, it } from 'vitest';
import { buildBody, DEFAULT_SUBJECT } from '../../src/library/default-body.js';
import { buildLines } from '../../src/library/myofascial-lines.js';
import { compile } from '../../src/spec/compile.js';
import { makeData } from '../../src/core/model/make-data.js';
import { solveChainTensionAtPose } from '../../src/core/solvers/chain-tension.js';
import type { Model } from '../../src/core/model/model.js';

function lineTensions(model: Model, tensions: Float64Array, name: string): number[] {
  const line = model.lineIndex.get(name)!;
  const first = model.lineTrackAdr[line];
  return Array.from(tensions.subarray(first, first + model.lineTrackNum[line]));
}

describe('chain tension on the default body', () => {
  const model = compile({ ...buildBody(DEFAULT_SUBJECT), lines: buildLines() });
  const data = makeData(model);

  it('compiles the 24 line instances against the default body\'s tissues and bodies', () => {
    expect(model.nline).toBe(24);
    expect(model.njunction).toBe(model.ntrack - model.nline);
  });

  it('solves every line in the reference pose and in a toe-touch-like pose', () => {
    const reference = Float64Array.from(model.coordinateDefault);
    const standing = solveChainTensionAtPose(model, data, reference);
    expect(standing.converged).toBe(true);
    expect(standing.maxResidualN).toBeLessThan(1e-6);
    const standingTensions = Float64Array.from(data.trackTension);
    for (const value of data.junctionDisplacement) expect(Number.isFinite(value)).toBe(true);

    const toeTouch = Float64Array.from(reference);
    for (const coordinate of ['hip_flexion_r', 'hip_flexion_l']) toeTouch[model.coordinateIndex.get(coordinate)!] = Math.PI / 2;
    for (const coordinate of ['knee_angle_r', 'knee_angle_l']) toeTouch[model.coordinateIndex.get(coordinate)!] = 0;
    const bent = solveChainTensionAtPose(model, data, toeTouch);
    expect(bent.converged).toBe(true);
    expect(bent.maxResidualN).toBeLessThan(1e-6);
    for (const value of data.junctionDisplacement) expect(Number.isFinite(value)).toBe(true);
    for (const value of data.junctionAnchorageForce) expect(Number.isFinite(value)).toBe(true);

    for (const side of ['r', 'l']) {
      const name = `superficial_back_line_${side}`;
      const before = lineTensions(model, standingTensions, name);
      const after = lineTensions(model, data.trackTension, name);
      // The hamstrings track (index 2) is stretched by the hip flexion ...
      expect(after[2]).toBeGreaterThan(before[2]);
      // ... and, through the junctions, no track of the line loses tension.
      for (let k = 0; k < after.length; k++) expect(after[k]).toBeGreaterThanOrEqual(before[k] - 1e-9);
      const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
      expect(total(after)).toBeGreaterThan(total(before));
    }
  });
});
