import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Model } from '../core/model/model.js';
import { pathLength } from '../core/paths/path-length.js';
import { compile } from '../spec/compile.js';
import { CLI_FIXTURE_SPEC } from '../../test/fixtures/cli-fixture.js';
import { analyseChain, type ChainAnalysis } from './analyse-chain.js';
import { defaultModel } from './default-model.js';
import {
  ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG,
  ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG,
  STANDING_FORWARD_BEND_DEG,
} from './example-poses.js';
import { parsePose, standingPose, type Pose } from './pose.js';

const fixture = compile(CLI_FIXTURE_SPEC);

function posed(model: Model, degrees: Readonly<Record<string, number>>, source: string): Pose {
  return parsePose({ ...degrees }, model, { degrees: true, source });
}

function track(analysis: ChainAnalysis, line: string, tissue: string) {
  const found = analysis.lines.find((entry) => entry.name === line)?.tracks.find((entry) => entry.tissue === tissue);
  if (!found) throw new Error(`no track ${tissue} in ${line}`);
  return found;
}

/** Path length of every tissue at a pose, computed independently of the chain solve. */
function pathLengthsAt(model: Model, pose: Pose): Float64Array {
  const data = makeData(model);
  forwardKinematics(model, data, pose.q);
  pathLength(model, data);
  return new Float64Array(data.tissueLength);
}

/** Invariants every analysis must satisfy, whatever the model. */
function checkInvariants(model: Model, analysis: ChainAnalysis, pose: Pose): void {
  expect(analysis.convergence.converged).toBe(true);
  expect(analysis.lines).toHaveLength(model.nline);
  const lengths = pathLengthsAt(model, pose);

  for (const line of analysis.lines) {
    const junctions = analysis.junctions.filter((junction) => junction.line === line.name);
    expect(junctions).toHaveLength(line.tracks.length - 1);
    line.tracks.forEach((entry, k) => {
      // Effective length = path length + slide of the junction above - slide of the one below.
      const above = k < junctions.length ? junctions[k].displacementMm / 1000 : 0;
      const below = k > 0 ? junctions[k - 1].displacementMm / 1000 : 0;
      const tissue = model.tissueIndex.get(entry.tissue) as number;
      expect(entry.lengthM).toBeCloseTo(lengths[tissue] + above - below, 12);
      expect(entry.tensionN).toBeGreaterThanOrEqual(0);
      expect(entry.tensionIntervalN[0]).toBeLessThanOrEqual(entry.tensionN);
      expect(entry.tensionN).toBeLessThanOrEqual(entry.tensionIntervalN[1]);
      if (entry.kind !== 'muscle' && model.tissueSeriesNum[tissue] === 0) {
        expect(entry.strain).toBeCloseTo(entry.lengthM / model.passiveSlackLength[tissue] - 1, 12);
      }
    });
    junctions.forEach((junction, k) => {
      // Node equilibrium: the anchorage carries the tension step between the tracks.
      const step = line.tracks[k + 1].tensionN - line.tracks[k].tensionN;
      const scale = 1 + line.tracks[k + 1].tensionN + line.tracks[k].tensionN;
      expect(Math.abs(junction.anchorageForceN - step)).toBeLessThan(1e-8 * scale);
      const global = model.lineJunctionAdr[model.lineIndex.get(line.name) as number] + k;
      expect(junction.anchorageForceN).toBeCloseTo((model.junctionStiffness[global] * junction.displacementMm) / 1000, 8);
      expect(junction.displacementIntervalMm[0]).toBeLessThanOrEqual(junction.displacementMm);
      expect(junction.displacementMm).toBeLessThanOrEqual(junction.displacementIntervalMm[1]);
    });
  }
}

describe('analyseChain on the fixture', () => {
  it('satisfies the junction equilibrium and length bookkeeping standing and in a forward bend', () => {
    for (const pose of [standingPose(fixture), posed(fixture, STANDING_FORWARD_BEND_DEG, 'bend')]) {
      checkInvariants(fixture, analyseChain(fixture, pose), pose);
    }
  });

  it('reports exactly zero change for the standing pose relative to standing', () => {
    const analysis = analyseChain(fixture, standingPose(fixture), { relativeTo: 'standing' });
    for (const line of analysis.lines) {
      for (const entry of line.tracks) expect(entry.change).toEqual({ tensionN: 0, lengthM: 0, strain: 0 });
    }
    for (const junction of analysis.junctions) expect(junction.change).toEqual({ displacementMm: 0, anchorageForceN: 0 });
  });

  it('reports the reference values of an analysis of the standing pose, and changes as differences', () => {
    const bend = posed(fixture, STANDING_FORWARD_BEND_DEG, 'bend');
    const relative = analyseChain(fixture, bend, { relativeTo: 'standing' });
    const absolute = analyseChain(fixture, bend);
    const standing = analyseChain(fixture, standingPose(fixture));
    expect(relative.relativeTo).toBe('standing');
    expect(absolute.relativeTo).toBeNull();
    expect(absolute.lines[0].tracks[0].reference).toBeUndefined();
    relative.lines.forEach((line, l) => {
      line.tracks.forEach((entry, k) => {
        const before = standing.lines[l].tracks[k];
        expect(entry.tensionN).toBe(absolute.lines[l].tracks[k].tensionN);
        expect(entry.reference).toEqual({ tensionN: before.tensionN, lengthM: before.lengthM, strain: before.strain });
        expect(entry.change?.tensionN).toBe(entry.tensionN - before.tensionN);
        expect(entry.change?.lengthM).toBe(entry.lengthM - before.lengthM);
      });
    });
    relative.junctions.forEach((junction, j) => {
      expect(junction.reference?.displacementMm).toBe(standing.junctions[j].displacementMm);
      expect(junction.change?.displacementMm).toBe(junction.displacementMm - standing.junctions[j].displacementMm);
    });
  });

  it('tightens the hamstrings in a forward bend with the knees extended', () => {
    const analysis = analyseChain(fixture, posed(fixture, STANDING_FORWARD_BEND_DEG, 'bend'), { relativeTo: 'standing' });
    const hamstrings = track(analysis, 'superficial_back_line_r', 'semitendinosus_r');
    expect(hamstrings.change?.lengthM).toBeGreaterThan(0.02);
    expect(hamstrings.change?.tensionN).toBeGreaterThan(0);
  });

  it('stretches the gastrocnemius more in dorsiflexion with the knee extended than with it flexed', () => {
    const extended = analyseChain(fixture, posed(fixture, ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG, 'extended'));
    const flexed = analyseChain(fixture, posed(fixture, ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG, 'flexed'));
    const line = 'superficial_back_line_r';
    expect(track(extended, line, 'gastrocnemius_medial_r').lengthM).toBeGreaterThan(track(flexed, line, 'gastrocnemius_medial_r').lengthM);
    expect(track(extended, line, 'gastrocnemius_medial_r').tensionN).toBeGreaterThan(track(flexed, line, 'gastrocnemius_medial_r').tensionN);
  });

  it('lists the pose coordinates with their units and degrees', () => {
    const analysis = analyseChain(fixture, posed(fixture, { hip_flexion_r: 45 }, 'p'));
    expect(analysis.pose.coordinates).toEqual([{ name: 'hip_flexion_r', value: Math.PI / 4, unit: 'rad', degrees: 45 }]);
  });

  it('rejects a pose built for another model', () => {
    const pose: Pose = { source: 'elsewhere', values: {}, q: new Float64Array(fixture.nq + 1) };
    expect(() => analyseChain(fixture, pose)).toThrow(/coordinates/);
  });
});

describe('analyseChain on the default body', () => {
  const model = defaultModel();

  it('satisfies the junction equilibrium and length bookkeeping in the example poses', () => {
    for (const degrees of [STANDING_FORWARD_BEND_DEG, ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG, ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG]) {
      const pose = posed(model, degrees, 'example');
      checkInvariants(model, analyseChain(model, pose, { relativeTo: 'standing' }), pose);
    }
  });

  it.runIf(model.tissueIndex.has('semitendinosus_r') && model.lineIndex.has('superficial_back_line_r'))(
    'tightens the superficial back line hamstrings in a standing forward bend',
    () => {
      const analysis = analyseChain(model, posed(model, STANDING_FORWARD_BEND_DEG, 'bend'), { relativeTo: 'standing' });
      const line = analysis.lines.find((entry) => entry.name === 'superficial_back_line_r');
      const hamstrings = line?.tracks.filter((entry) => /biceps_femoris|semitendinosus|semimembranosus/.test(entry.tissue)) ?? [];
      expect(hamstrings.length).toBeGreaterThan(0);
      for (const entry of hamstrings) {
        expect(entry.change?.lengthM).toBeGreaterThan(0);
        expect(entry.change?.tensionN).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it.runIf(model.tissueIndex.has('gastrocnemius_medial_r') && model.lineIndex.has('superficial_back_line_r'))(
    'stretches the gastrocnemius more in dorsiflexion with the knee extended than flexed (the basis of the Silfverskiold test)',
    () => {
      const extended = analyseChain(model, posed(model, ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG, 'extended'));
      const flexed = analyseChain(model, posed(model, ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG, 'flexed'));
      const line = 'superficial_back_line_r';
      const tissue = 'gastrocnemius_medial_r';
      expect(track(extended, line, tissue).lengthM).toBeGreaterThan(track(flexed, line, tissue).lengthM);
      expect(track(extended, line, tissue).tensionN).toBeGreaterThan(track(flexed, line, tissue).tensionN);
    },
  );
});
