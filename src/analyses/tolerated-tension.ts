/**
 * Tolerated tension of each tissue (N), calibrated on the normative clinical end-range
 * tests of library/stretch-tolerance.ts in the reference body: the largest effective
 * tension the tissue carries at the end of any of the tests (each single-side test done
 * on the right and on the left), and, for a tissue whose tolerance is given as a strain,
 * at least its passive law at that strain. See library/stretch-tolerance.ts for why.
 *
 * The reference body is the unimpaired default body of the scenario's subject (stature,
 * mass, sex), so an impairment that shortens or stiffens a tissue does not move its
 * tolerance. A body that is not the default body (no `subject` in its spec) is its own
 * reference. Tensions are evaluated relaxed (activation 0) with the same effective-tension
 * rules, tendon model and junction anchorage as the stretch (stretch-tension.ts). Results
 * are cached per reference model and options.
 */
import { KinechainError } from '../core/errors.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import { LawType, type Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { passiveElasticForce } from '../core/tissues/passive-law.js';
import { buildBody } from '../library/default-body.js';
import {
  END_RANGE_TESTS,
  findToleranceMember,
  type EndRangeTest,
  type ToleranceGroup,
  type ToleranceMember,
} from '../library/stretch-tolerance.js';
import type { ModelSpec } from '../spec/schema.js';
import { compile } from '../spec/compile.js';
import { StretchTensionMonitor, type TendonModel } from './stretch-tension.js';

const DEG = Math.PI / 180;

export interface ToleratedTensionOptions {
  readonly tendon?: TendonModel;
  /** Multiplies the superficial back lines' junction anchorage stiffness (as in the stretch). Default 1. */
  readonly anchorageScale?: number;
  /**
   * End ranges replacing the library's nominal values: test key -> coordinate pattern
   * (as in END_RANGE_TESTS, e.g. "hip_flexion_{side}") -> degrees.
   */
  readonly endRangeDeg?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Tolerated strains replacing the library's nominal values, by tissue base name. */
  readonly toleratedStrain?: Readonly<Record<string, number>>;
}

export interface ToleratedTensionEntry {
  readonly tissue: number;
  readonly name: string;
  readonly group: string;
  readonly groupLabel: string;
  /** The test the tissue is named for (its own end-range test), or null for a strain tolerance. */
  readonly namedTest: string | null;
  /** The test at whose end the tissue carries its largest tension (the one that sets the tolerance), or null when the strain does. */
  readonly definingTest: string | null;
  /** Tolerated tension in the reference body (N). */
  readonly tensionN: number;
}

export interface ToleratedTensions {
  /** [ntissue] of the reference model: tolerated tension (N), Infinity for tissues without a tolerance. */
  readonly tensionN: Float64Array;
  readonly entries: readonly ToleratedTensionEntry[];
}

const referenceCache = new Map<string, Model>();
const toleranceCache = new WeakMap<Model, Map<string, ToleratedTensions>>();

/** The reference model of a spec: the default body of its subject, or the spec itself when it has none. */
export function referenceModelFor(spec: ModelSpec): Model {
  if (!spec.subject) return compile(spec);
  const key = `${spec.subject.heightM}|${spec.subject.massKg}|${spec.subject.sex}`;
  const cached = referenceCache.get(key);
  if (cached) return cached;
  const model = compile(buildBody(spec.subject));
  if (referenceCache.size >= 8) referenceCache.delete(referenceCache.keys().next().value as string);
  referenceCache.set(key, model);
  return model;
}

function baseName(name: string): { base: string; side: 'r' | 'l' | null } {
  if (name.endsWith('_r')) return { base: name.slice(0, -2), side: 'r' };
  if (name.endsWith('_l')) return { base: name.slice(0, -2), side: 'l' };
  return { base: name, side: null };
}

/** The poses of a test: one per side for a single-side test (coordinates with {side}), one for a two-sided test. */
function testPoses(model: Model, test: EndRangeTest, options: ToleratedTensionOptions): { side: 'r' | 'l' | null; q: Float64Array }[] {
  const override = options.endRangeDeg?.[test.key] ?? {};
  for (const pattern of Object.keys(override)) {
    if (!(pattern in test.poseDeg)) {
      throw new KinechainError(
        'UNKNOWN_NAME',
        `end range "${pattern}" is not a coordinate of the "${test.key}" test; its coordinates are ${Object.keys(test.poseDeg).join(', ')}`,
        { test: test.key, pattern },
      );
    }
  }
  const singleSide = Object.keys(test.poseDeg).some((pattern) => pattern.includes('{side}'));
  const sides: ('r' | 'l' | null)[] = singleSide ? ['r', 'l'] : [null];
  return sides.map((side) => {
    const values: Record<string, number> = {};
    for (const [pattern, entry] of Object.entries(test.poseDeg)) {
      const degrees = override[pattern] ?? entry.value;
      values[side === null ? pattern : pattern.replace('{side}', side)] = degrees * DEG;
    }
    return { side, q: setPose(model, values) };
  });
}

/**
 * Tolerated tensions of every tissue of `reference` that belongs to a tolerance group
 * (library/stretch-tolerance.ts), in N.
 */
export function toleratedTensions(reference: Model, options: ToleratedTensionOptions = {}): ToleratedTensions {
  const key = JSON.stringify([options.tendon ?? 'rigid', options.anchorageScale ?? 1, options.endRangeDeg ?? {}, options.toleratedStrain ?? {}]);
  let perModel = toleranceCache.get(reference);
  const cached = perModel?.get(key);
  if (cached) return cached;

  const members: { tissue: number; member: ToleranceMember; group: ToleranceGroup }[] = [];
  for (let tissue = 0; tissue < reference.ntissue; tissue++) {
    const { base, side } = baseName(reference.tissueName[tissue]);
    if (side === null) continue;
    const found = findToleranceMember(base);
    if (found) members.push({ tissue, member: found.member, group: found.group });
  }
  const data = makeData(reference);
  data.tissueActivation.fill(0);
  const monitor = new StretchTensionMonitor(reference, data, members.map((m) => m.tissue), {
    tendon: options.tendon,
    anchorageScale: options.anchorageScale,
  });
  const tensionN = new Float64Array(reference.ntissue).fill(Number.POSITIVE_INFINITY);
  const best = new Float64Array(reference.ntissue);
  const bestTest: (string | null)[] = new Array<string | null>(reference.ntissue).fill(null);
  for (const { tissue, member } of members) {
    if (member.tolerance.kind !== 'strain') continue;
    if (reference.tissueSeriesNum[tissue] > 0 || reference.tissueLaw[tissue] !== LawType.passive) {
      throw new KinechainError('INTERNAL', `a strain tolerance needs a passive tissue; "${reference.tissueName[tissue]}" is not one`);
    }
    const strain = options.toleratedStrain?.[member.tissue] ?? member.tolerance.strain.value;
    best[tissue] = passiveElasticForce(strain, reference.passiveStiffness[tissue], reference.passiveToeStrain[tissue]);
  }
  for (const test of Object.values(END_RANGE_TESTS)) {
    for (const { q } of testPoses(reference, test, options)) {
      forwardKinematics(reference, data, q);
      data.junctionDisplacement.fill(0);
      monitor.evaluate();
      for (const { tissue, member } of members) {
        const calibrates =
          test.calibrates === 'all' || (member.tolerance.kind === 'end-range' && member.tolerance.tests.includes(test.key));
        if (calibrates && monitor.tension[tissue] > best[tissue]) {
          best[tissue] = monitor.tension[tissue];
          bestTest[tissue] = test.key;
        }
      }
    }
  }
  const entries: ToleratedTensionEntry[] = [];
  for (const { tissue, member, group } of members) {
    const tension = best[tissue];
    if (!(tension > 0 && Number.isFinite(tension))) {
      throw new KinechainError(
        'OUT_OF_RANGE',
        `tissue "${reference.tissueName[tissue]}" carries no tension at the end of any clinical end-range test calibrating it in the reference ` +
          'body, so no stretch tolerance can be calibrated for it: its slack length is longer than the tests stretch it',
        { tissue: reference.tissueName[tissue] },
      );
    }
    tensionN[tissue] = tension;
    entries.push({
      tissue,
      name: reference.tissueName[tissue],
      group: group.key,
      groupLabel: group.label,
      namedTest: member.tolerance.kind === 'end-range' ? member.tolerance.tests[0] : null,
      definingTest: bestTest[tissue],
      tensionN: tension,
    });
  }
  const result = { tensionN, entries };
  if (!perModel) {
    perModel = new Map();
    toleranceCache.set(reference, perModel);
  }
  perModel.set(key, result);
  return result;
}
