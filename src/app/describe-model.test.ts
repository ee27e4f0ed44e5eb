import { describe, expect, it } from 'vitest';
import { compile } from '../spec/compile.js';
import { CLI_FIXTURE_SPEC } from '../../test/fixtures/cli-fixture.js';
import { defaultModel } from './default-model.js';
import { describeModel } from './describe-model.js';

const fixture = compile(CLI_FIXTURE_SPEC);

describe.each([
  ['the fixture', () => fixture],
  ['the default body', () => defaultModel()],
])('describeModel on %s', (_name, getModel) => {
  const model = getModel();
  const description = describeModel(model);

  it('survives a JSON round trip unchanged (no typed arrays, NaN or undefined inside)', () => {
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });

  it('lists every coordinate once, each under the joint that owns it', () => {
    expect(description.dofs.map((dof) => dof.name)).toEqual([...model.coordinateName]);
    expect(description.counts.dofs).toBe(model.nq);
    const fromJoints = description.joints.flatMap((joint) => joint.coordinates);
    expect(fromJoints.slice().sort()).toEqual([...model.coordinateName].sort());
    for (const joint of description.joints) {
      for (const name of joint.coordinates) expect(description.dofs.find((dof) => dof.name === name)?.joint).toBe(joint.name);
    }
  });

  it('gives rotational ranges in radians and degrees that agree, and translations in metres only', () => {
    for (const dof of description.dofs) {
      expect(dof.range[0]).toBeLessThanOrEqual(dof.range[1]);
      if (dof.kind === 'rotational') {
        expect(dof.unit).toBe('rad');
        expect(dof.rangeDeg?.[0]).toBeCloseTo((dof.range[0] * 180) / Math.PI, 12);
        expect(dof.rangeDeg?.[1]).toBeCloseTo((dof.range[1] * 180) / Math.PI, 12);
        expect(dof.defaultDeg).toBeCloseTo((dof.defaultValue * 180) / Math.PI, 12);
      } else {
        expect(dof.unit).toBe('m');
        expect(dof.rangeDeg).toBeNull();
        expect(dof.defaultDeg).toBeNull();
      }
    }
  });

  it('gives body masses that add up to the total mass, parents that exist, and one joint per body', () => {
    const names = new Set(['ground', ...description.bodies.map((body) => body.name)]);
    let mass = 0;
    let fraction = 0;
    for (const body of description.bodies) {
      expect(names.has(body.parent)).toBe(true);
      mass += body.massKg;
      fraction += body.massFraction;
    }
    expect(mass).toBeCloseTo(description.totalMassKg, 9);
    expect(fraction).toBeCloseTo(1, 12);
    expect(description.joints.map((joint) => joint.child)).toEqual(description.bodies.map((body) => body.name));
  });

  it('describes every tissue with its kind, side, source and a positive reference length', () => {
    expect(description.tissues).toHaveLength(model.ntissue);
    for (const tissue of description.tissues) {
      expect(['muscle', 'tendon', 'ligament', 'fascia']).toContain(tissue.kind);
      expect(['r', 'l', 'midline']).toContain(tissue.side);
      expect(tissue.source.length).toBeGreaterThan(0);
      expect(tissue.referenceLengthM).toBeGreaterThan(0);
      expect(tissue.actsOnSkeleton).toBe(tissue.seriesOf.length === 0);
    }
  });

  it('gives each line one junction fewer than tracks, each joining consecutive tracks, with grades', () => {
    expect(description.lines).toHaveLength(model.nline);
    let junctions = 0;
    for (const line of description.lines) {
      expect(line.junctions).toHaveLength(line.tracks.length - 1);
      line.junctions.forEach((junction, k) => {
        expect(junction.from).toBe(line.tracks[k].tissue);
        expect(junction.to).toBe(line.tracks[k + 1].tissue);
        expect(junction.evidence.length).toBeGreaterThan(0);
        expect(junction.forceTransmission.length).toBeGreaterThan(0);
        const stiffness = junction.anchorageStiffnessNPerM;
        expect(stiffness.low).toBeLessThanOrEqual(stiffness.nominal);
        expect(stiffness.nominal).toBeLessThanOrEqual(stiffness.high);
      });
      junctions += line.junctions.length;
    }
    expect(junctions).toBe(description.counts.junctions);
  });
});

describe('describeModel on the default body', () => {
  const description = describeModel(defaultModel());

  it('has the subject it was scaled to and the documented coordinates', () => {
    expect(description.subject).not.toBeNull();
    expect(description.counts.dofs).toBe(43);
    const names = description.dofs.map((dof) => dof.name);
    for (const name of ['pelvis_tilt', 'hip_flexion_r', 'knee_angle_r', 'ankle_angle_l', 'mtp_angle_r', 'lumbar_extension', 'head_extension']) {
      expect(names).toContain(name);
    }
  });

  it('keeps the OpenSim knee convention: flexion negative down to -120 deg', () => {
    const knee = description.dofs.find((dof) => dof.name === 'knee_angle_r');
    expect(knee?.rangeDeg?.[0]).toBeCloseTo(-120, 9);
    expect(knee?.rangeDeg?.[1]).toBeCloseTo(10, 9);
  });
});
