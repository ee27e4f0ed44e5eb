import { describe, expect, it } from 'vitest';
import { isKinechainError } from '../core/errors.js';
import { makeData } from '../core/model/make-data.js';
import { setPose } from '../core/model/pose.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { tissuePathLength } from '../core/paths/path-length.js';
import { analyseChain } from './analyse-chain.js';
import { defaultModel } from './default-model.js';
import { poseFromValues } from './pose.js';
import { bodyScene, type BodyScene } from './scene.js';

/** A posture that bends the trunk, the hips and the knees differently on each side. */
const BENT_POSE = { pelvis_tilt: -0.6, hip_flexion_r: 0.9, hip_flexion_l: 0.4, knee_angle_r: -0.7, lumbar_extension: -0.3 };

function polylineLength(points: readonly number[]): number {
  let length = 0;
  for (let i = 3; i < points.length; i += 3) {
    length += Math.hypot(points[i] - points[i - 3], points[i + 1] - points[i - 2], points[i + 2] - points[i - 1]);
  }
  return length;
}

function errorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isKinechainError(error) ? error.code : 'not a KinechainError';
  }
  return undefined;
}

describe('bodyScene', () => {
  const model = defaultModel();
  const bent = bodyScene({ pose: BENT_POSE });

  it('survives a JSON round trip unchanged (plain numbers and strings only)', () => {
    expect(JSON.parse(JSON.stringify(bent))).toEqual(bent);
  });

  it('lists every body, tissue and line of the model, tracks pointing at their tissues', () => {
    expect(bent.bodies.length).toBe(model.nbody - 1);
    expect(bent.tissues.map((tissue) => tissue.name)).toEqual([...model.tissueName]);
    expect(bent.lines.map((line) => line.name)).toEqual([...model.lineName]);
    for (const line of bent.lines) {
      for (const track of line.tracks) expect(bent.tissues[track.tissueIndex].name).toBe(track.tissue);
    }
    for (const tissue of bent.tissues) {
      const t = model.tissueIndex.get(tissue.name) as number;
      const expected = new Set<string>();
      for (let k = 0; k < model.tissuePointNum[t]; k++) expected.add(model.bodyName[model.pointBody[model.tissuePointAdr[t] + k]]);
      expect(new Set(tissue.attachedBodies.map((b) => bent.bodies[b].name))).toEqual(expected);
    }
    for (const [b, body] of bent.bodies.entries()) {
      expect(body.parent).toBeLessThan(b);
      if (body.parent >= 0) expect(bent.bodies[body.parent].name).toBe(model.bodyName[model.bodyParent[b + 1]]);
    }
  });

  it('draws each path without wrapping as a polyline exactly as long as the engine path', () => {
    const data = makeData(model);
    forwardKinematics(model, data, setPose(model, BENT_POSE));
    let checked = 0;
    for (let t = 0; t < model.ntissue; t++) {
      const engineLength = tissuePathLength(model, data, t);
      const drawn = polylineLength(bent.tissues[t].points);
      expect(bent.tissues[t].lengthM).toBeCloseTo(engineLength, 12);
      if (model.tissueWrapNum[t] === 0) {
        expect(Math.abs(drawn - engineLength)).toBeLessThanOrEqual(1e-12 * engineLength);
        expect(bent.tissues[t].points.length).toBe(3 * model.tissuePointNum[t]);
        checked++;
      } else {
        // An active wrap is drawn as the chord between its tangent points: never longer than the arc.
        expect(drawn).toBeLessThanOrEqual(engineLength * (1 + 1e-12));
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('gives orthonormal, right-handed body rotations', () => {
    for (const body of bent.bodies) {
      const r = body.rotation;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const dot = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
      const det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
      expect(det).toBeCloseTo(1, 12);
    }
  });

  it('mirrors left and right across the sagittal plane in a symmetric pose', () => {
    const standing = bodyScene();
    const mirrorOf = (name: string) => (name.endsWith('_r') ? `${name.slice(0, -2)}_l` : null);
    let pairs = 0;
    const tissueByName = new Map(standing.tissues.map((tissue) => [tissue.name, tissue]));
    for (const right of standing.tissues) {
      const leftName = mirrorOf(right.name);
      const left = leftName === null ? undefined : tissueByName.get(leftName);
      if (left === undefined) continue;
      expect(left.points.length).toBe(right.points.length);
      for (let i = 0; i < right.points.length; i += 3) {
        expect(left.points[i]).toBeCloseTo(right.points[i], 9);
        expect(left.points[i + 1]).toBeCloseTo(right.points[i + 1], 9);
        expect(left.points[i + 2]).toBeCloseTo(-right.points[i + 2], 9);
      }
      pairs++;
    }
    expect(pairs).toBeGreaterThan(20);
    const bodyByName = new Map(standing.bodies.map((body) => [body.name, body]));
    for (const right of standing.bodies) {
      const leftName = mirrorOf(right.name);
      if (leftName === null) continue;
      const left = bodyByName.get(leftName);
      expect(left).toBeDefined();
      expect(left?.origin[0]).toBeCloseTo(right.origin[0], 9);
      expect(left?.origin[1]).toBeCloseTo(right.origin[1], 9);
      expect(left?.origin[2]).toBeCloseTo(-right.origin[2], 9);
    }
    // The mirrored line instances carry equal tensions.
    const lineByName = new Map(standing.lines.map((line) => [line.name, line]));
    for (const line of standing.lines) {
      if (line.side !== 'r') continue;
      const partner = standing.lines.find((other) => other.family === line.family && other.side === 'l');
      expect(partner).toBeDefined();
      line.tracks.forEach((track, k) => expect(partner?.tracks[k].tensionN).toBeCloseTo(track.tensionN as number, 6));
      expect(lineByName.get(line.name)).toBe(line);
    }
  });

  it('moves only the bodies a coordinate supports', () => {
    const standing = bodyScene();
    const flexed = bodyScene({ pose: { hip_flexion_r: 0.8 } });
    const hip = model.coordinateIndex.get('hip_flexion_r') as number;
    for (let b = 1; b < model.nbody; b++) {
      const moved = Math.hypot(
        ...[0, 1, 2].map((i) => flexed.bodies[b - 1].centerOfMass[i] - standing.bodies[b - 1].centerOfMass[i]),
      );
      if (model.bodyCoordinateSupport[b * model.nq + hip] === 1) expect(moved).toBeGreaterThan(1e-3);
      else expect(moved).toBe(0);
    }
  });

  it('gives the same track tensions as analyseChain at the nominal anchorage', () => {
    const analysis = analyseChain(model, poseFromValues(model, BENT_POSE));
    for (const [l, line] of analysis.lines.entries()) {
      for (const [k, track] of line.tracks.entries()) {
        const drawn = bent.lines[l].tracks[k].tensionN as number;
        expect(Math.abs(drawn - track.tensionN)).toBeLessThanOrEqual(1e-9 * Math.max(1, track.tensionN));
      }
    }
    expect(bent.tensionsConverged).toBe(analysis.convergence.converged);
  });

  it('reads a full coordinate vector exactly as the same pose by name', () => {
    const vector = setPose(model, BENT_POSE);
    const fromVector: BodyScene = bodyScene({ coordinates: Array.from(vector) });
    expect(fromVector).toEqual(bent);
    const withoutTensions = bodyScene({ pose: BENT_POSE, tensions: false });
    expect(withoutTensions.tissues).toEqual(bent.tissues);
    expect(withoutTensions.lines.every((line) => line.tracks.every((track) => track.tensionN === null))).toBe(true);
  });

  it('rejects bad input with coded errors', () => {
    expect(errorCode(() => bodyScene({ pose: { hip_flexion: 0.3 } }))).toBe('UNKNOWN_NAME');
    expect(errorCode(() => bodyScene({ pose: { hip_flexion_r: Number.NaN } }))).toBe('NOT_FINITE');
    expect(errorCode(() => bodyScene({ pose: { hip_flexion_r: 9 } }))).toBe('OUT_OF_RANGE');
    expect(errorCode(() => bodyScene({ coordinates: [0, 1] }))).toBe('MALFORMED_INPUT');
    expect(errorCode(() => bodyScene({ pose: {}, coordinates: Array.from(model.coordinateDefault) }))).toBe('MALFORMED_INPUT');
    expect(errorCode(() => bodyScene({ subject: { heightM: 5 } }))).toBe('OUT_OF_RANGE');
  });

  it('scales with the subject', () => {
    const tall = bodyScene({ subject: { heightM: 1.95 } });
    const top = (scene: BodyScene) => Math.max(...scene.bodies.map((body) => body.origin[1]));
    expect(top(tall)).toBeGreaterThan(top(bodyScene()));
    expect(tall.subject?.heightM).toBe(1.95);
  });
});
