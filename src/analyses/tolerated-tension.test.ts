import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import { setPose } from '../core/model/pose.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { END_RANGE_TESTS, TOLERANCE_GROUPS } from '../library/stretch-tolerance.js';
import { compile } from '../spec/compile.js';
import { StretchTensionMonitor } from './stretch-tension.js';
import { referenceModelFor, toleratedTensions } from './tolerated-tension.js';

const DEG = Math.PI / 180;
const spec = buildBody(DEFAULT_SUBJECT);
const reference = referenceModelFor(spec);
const tolerances = toleratedTensions(reference);

describe('tolerated tensions calibrated on clinical end ranges', () => {
  it('covers every member of every tolerance group on both sides, with a positive finite tension', () => {
    const members = TOLERANCE_GROUPS.flatMap((group) => group.members.map((member) => member.tissue));
    expect(tolerances.entries).toHaveLength(2 * members.length);
    for (const entry of tolerances.entries) {
      expect(entry.tensionN).toBeGreaterThan(0);
      expect(Number.isFinite(entry.tensionN)).toBe(true);
    }
  });

  it('lets a normal (reference) body finish every single-region test with no tissue past its tolerance, and the named tissue at it', () => {
    const data = makeData(reference);
    data.tissueActivation.fill(0);
    const monitor = new StretchTensionMonitor(reference, data, tolerances.entries.map((entry) => entry.tissue));
    for (const test of Object.values(END_RANGE_TESTS)) {
      if (test.calibrates !== 'all') continue;
      for (const side of ['r', 'l'] as const) {
        const values: Record<string, number> = {};
        for (const [pattern, entry] of Object.entries(test.poseDeg)) values[pattern.replace('{side}', side)] = entry.value * DEG;
        forwardKinematics(reference, data, setPose(reference, values));
        data.junctionDisplacement.fill(0);
        monitor.evaluate();
        for (const entry of tolerances.entries) {
          expect(monitor.tension[entry.tissue] / entry.tensionN, `${entry.name} in ${test.key}`).toBeLessThanOrEqual(1 + 1e-9);
        }
      }
    }
    // The hamstrings are at their tolerance at the end of the straight-leg raise that names them.
    for (const name of ['biceps_femoris_long_r', 'semitendinosus_r', 'semimembranosus_r']) {
      expect(tolerances.entries.find((entry) => entry.name === name)?.definingTest).toBe('passive_straight_leg_raise');
    }
  });

  it('uses the default body of the subject as the reference and caches the result', () => {
    const edited = structuredClone(spec);
    expect(referenceModelFor(edited)).toBe(reference);
    expect(toleratedTensions(reference)).toBe(tolerances);
  });

  it('raises the hamstring tolerance with a larger normative straight-leg raise', () => {
    const flexible = toleratedTensions(reference, { endRangeDeg: { passive_straight_leg_raise: { 'hip_flexion_{side}': 85 } } });
    const index = reference.tissueIndex.get('semimembranosus_r')!;
    expect(flexible.tensionN[index]).toBeGreaterThan(tolerances.tensionN[index]);
  });

  it('rejects an end range for a coordinate the test does not have', () => {
    expect(() => toleratedTensions(reference, { endRangeDeg: { passive_straight_leg_raise: { hip_adduction_r: 5 } } })).toThrow(
      /not a coordinate/,
    );
  });

  it('treats a body without a subject as its own reference', () => {
    const { subject: _subject, ...anonymous } = spec;
    const own = referenceModelFor(anonymous);
    expect(own).not.toBe(reference);
    expect(compile(anonymous).ntissue).toBe(own.ntissue);
  });
});
