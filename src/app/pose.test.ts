import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { compile } from '../spec/compile.js';
import { CLI_FIXTURE_SPEC } from '../../test/fixtures/cli-fixture.js';
import { defaultModel } from './default-model.js';
import {
  ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG,
  ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG,
  STANDING_FORWARD_BEND_DEG,
} from './example-poses.js';
import { loadPoseFile, parsePose, poseFromValues, standingPose } from './pose.js';

const model = compile(CLI_FIXTURE_SPEC);
const DEG = Math.PI / 180;
const EXAMPLES = new URL('../../examples/poses/', import.meta.url);

/** The KinechainError `action` throws (fails the test if it throws nothing or something else). */
function caught(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KinechainError);
    return error as KinechainError;
  }
  throw new Error('expected a KinechainError');
}

async function caughtAsync(action: () => Promise<unknown>): Promise<KinechainError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(KinechainError);
    return error as KinechainError;
  }
  throw new Error('expected a KinechainError');
}

describe('parsePose', () => {
  it('converts degrees to radians for rotations only and keeps every other coordinate at its standing value', () => {
    const pose = parsePose('{"hip_flexion_r": 90, "pelvis_ty": 0.8}', model, { degrees: true, source: 'test.json' });
    expect(pose.values.hip_flexion_r).toBe(90 * DEG);
    expect(pose.values.pelvis_ty).toBe(0.8);
    for (let j = 0; j < model.nq; j++) {
      const name = model.coordinateName[j];
      const expected = name === 'hip_flexion_r' ? 90 * DEG : name === 'pelvis_ty' ? 0.8 : model.coordinateDefault[j];
      expect(pose.q[j]).toBe(expected);
    }
  });

  it('reads radians by default and accepts a parsed object as well as text', () => {
    const fromText = parsePose('{"knee_angle_r": -1.2}', model);
    const fromObject = parsePose({ knee_angle_r: -1.2 }, model);
    expect(fromText.q).toEqual(fromObject.q);
    expect(fromText.values).toEqual({ knee_angle_r: -1.2 });
  });

  it('accepts an empty object (the standing pose) and a byte-order mark', () => {
    expect(parsePose('\uFEFF{}', model).q).toEqual(standingPose(model).q);
  });

  it('accepts a value typed exactly at a limit in degrees', () => {
    const pose = parsePose({ knee_angle_r: 10, hip_flexion_r: -30 }, model, { degrees: true });
    const knee = model.coordinateIndex.get('knee_angle_r') as number;
    expect(pose.q[knee]).toBeLessThanOrEqual(model.coordinateRange[2 * knee + 1]);
    expect(pose.q[knee]).toBeCloseTo(10 * DEG, 12);
  });

  it('reports malformed JSON with the source, the line and the column', () => {
    const error = caught(() => parsePose('{\n  "hip_flexion_r": 90,\n}', model, { source: 'bend.json' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain('bend.json');
    expect(error.message).toMatch(/line 3, column 1/);
    expect(error.details).toMatchObject({ line: 3, column: 1 });
  });

  it('reports empty and truncated documents as malformed', () => {
    expect(caught(() => parsePose('', model, { source: 'empty.json' })).code).toBe('MALFORMED_INPUT');
    expect(caught(() => parsePose('{"hip_flexion_r": ', model)).code).toBe('MALFORMED_INPUT');
  });

  it.each([
    ['[1, 2]', 'an array'],
    ['42', 'a number'],
    ['"hip"', 'a string'],
    ['null', 'null'],
  ])('rejects the non-object %s', (text, found) => {
    const error = caught(() => parsePose(text, model, { source: 'p.json' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain(`found ${found}`);
  });

  it('rejects an unknown coordinate and suggests close names', () => {
    const error = caught(() => parsePose({ hip_flexon_r: 1 }, model, { source: 'p.json' }));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toContain('"hip_flexon_r"');
    expect(error.message).toContain('hip_flexion_r');
    expect(error.details?.suggestions).toContain('hip_flexion_r');
  });

  it('suggests both sides for a coordinate typed without its side', () => {
    const error = caught(() => parsePose({ knee_angle: 0 }, model));
    expect(error.details?.suggestions).toEqual(expect.arrayContaining(['knee_angle_r', 'knee_angle_l']));
  });

  it.each([
    ['a string', '"90"'],
    ['null', 'null'],
    ['a boolean', 'true'],
    ['an object', '{"value": 1}'],
  ])('rejects %s as a value with NOT_FINITE', (_what, value) => {
    const error = caught(() => parsePose(`{"hip_flexion_r": ${value}}`, model, { source: 'p.json' }));
    expect(error.code).toBe('NOT_FINITE');
    expect(error.message).toContain('hip_flexion_r');
  });

  it('rejects NaN and Infinity given as numbers', () => {
    expect(caught(() => parsePose({ hip_flexion_r: Number.NaN }, model)).code).toBe('NOT_FINITE');
    expect(caught(() => parsePose({ hip_flexion_r: Number.POSITIVE_INFINITY }, model)).code).toBe('NOT_FINITE');
  });

  it('reports a value out of range with the range in degrees when the user wrote degrees', () => {
    const error = caught(() => parsePose({ knee_angle_r: 15 }, model, { degrees: true, source: 'p.json' }));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('knee_angle_r = 15 deg');
    expect(error.message).toContain('[-120, 10] deg');
    expect(error.details).toMatchObject({ unit: 'deg', range: [-120, 10] });
  });

  it('reports a value out of range in radians, with a hint about --degrees', () => {
    const error = caught(() => parsePose({ knee_angle_r: 90 }, model));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('rad');
    expect(error.message).toContain('--degrees');
    const range = error.details?.range as number[];
    expect(range[0]).toBeCloseTo(-120 * DEG, 12);
    expect(range[1]).toBeCloseTo(10 * DEG, 12);
  });

  it('reports translations out of range in metres even with degrees', () => {
    const error = caught(() => parsePose({ pelvis_ty: 3 }, model, { degrees: true }));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('m is outside');
    expect(error.message).toContain('[-1, 2] m');
  });

  it('poseFromValues checks named SI values like a file', () => {
    expect(poseFromValues(model, { ankle_angle_r: 0.1 }).values).toEqual({ ankle_angle_r: 0.1 });
    expect(caught(() => poseFromValues(model, { ankle_angle_r: 2 })).code).toBe('OUT_OF_RANGE');
  });
});

describe('loadPoseFile', () => {
  const directory = mkdtempSync(join(tmpdir(), 'kinechain-pose-'));

  it('reads a file and names it in errors', async () => {
    const path = join(directory, 'broken.json');
    writeFileSync(path, '{"hip_flexion_r": 90,, }');
    const error = await caughtAsync(() => loadPoseFile(path, model, { degrees: true }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/line 1, column \d+/);
  });

  it('reports a missing file as FILE_NOT_FOUND and a directory as MALFORMED_INPUT', async () => {
    expect((await caughtAsync(() => loadPoseFile(join(directory, 'missing.json'), model))).code).toBe('FILE_NOT_FOUND');
    expect((await caughtAsync(() => loadPoseFile(directory, model))).code).toBe('MALFORMED_INPUT');
  });

  it.each([
    ['standing-forward-bend.json', STANDING_FORWARD_BEND_DEG],
    ['ankle-dorsiflexion-knee-extended.json', ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG],
    ['ankle-dorsiflexion-knee-flexed.json', ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG],
  ])('example %s holds the same values as the library constant and loads on the fixture', async (file, constant) => {
    const path = new URL(file, EXAMPLES);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(constant);
    const pose = await loadPoseFile(path.pathname, model, { degrees: true });
    for (const [name, degrees] of Object.entries(constant)) expect(pose.values[name]).toBeCloseTo(degrees * DEG, 14);
  });

  it.each(['standing-forward-bend.json', 'ankle-dorsiflexion-knee-extended.json', 'ankle-dorsiflexion-knee-flexed.json'])(
    'example %s is valid for the default body',
    async (file) => {
      const pose = await loadPoseFile(new URL(file, EXAMPLES).pathname, defaultModel(), { degrees: true });
      expect(Object.keys(pose.values).length).toBeGreaterThan(0);
    },
  );

  it('the standing forward bend keeps the thighs vertical: hip flexion cancels the pelvis tilt', () => {
    expect(STANDING_FORWARD_BEND_DEG.pelvis_tilt + STANDING_FORWARD_BEND_DEG.hip_flexion_r).toBe(0);
    expect(STANDING_FORWARD_BEND_DEG.pelvis_tilt + STANDING_FORWARD_BEND_DEG.hip_flexion_l).toBe(0);
  });
});
