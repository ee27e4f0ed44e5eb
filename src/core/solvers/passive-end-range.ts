/**
 * Passive end range of motion, as a clinical range-of-motion test finds it: the examiner
 * moves one coordinate with the muscles relaxed and stops when the resisting torque of the
 * tissues reaches a roughly constant push (e.g. an equinometer at 10 N m for ankle
 * dorsiflexion). Two solves, both bisections on a monotonic function:
 *
 * - passiveEndRange: the coordinate value at which the resisting torque reaches the
 *   end-range torque, every other coordinate held at the test pose.
 * - muscleShorteningForEndRange: how far to shorten the tendon slack lengths of a group of
 *   muscles (each by `scale * shorteningPerUnitM[i]`) so that the end range falls at a
 *   given coordinate value. Path lengths and moment arms do not depend on slack lengths,
 *   so the pose is evaluated once and only the muscle laws are re-evaluated in the loop.
 *
 * "Resisting torque" is -direction * tau_j, where tau_j is the generalised force of every
 * tissue on coordinate j (tissueGeneralizedForces) with all activations 0: positive when
 * the tissues push back against the test motion. Both solves assume it grows
 * monotonically along the test motion (true for tension-only tissues stretched further),
 * and muscleShorteningForEndRange checks that every chosen muscle resists the motion.
 *
 * Overwrites data.tissueActivation (set to 0) and the kinematic and tissue buffers of
 * `data`. Allocates only the small result objects.
 */
import { KinechainError, requireFinite } from '../errors.js';
import { didYouMean } from '../math/edit-distance.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { LawType, type Data, type Model } from '../model/model.js';
import { setPose } from '../model/pose.js';
import { momentArms } from '../paths/moment-arm.js';
import { pathLength } from '../paths/path-length.js';
import { makeMuscleParameters, makeMuscleState, readMuscleParameters, rigidTendonMuscle } from '../tissues/hill-muscle.js';
import { tissueForces, tissueGeneralizedForces } from '../tissues/tissue-forces.js';

/** A passive range-of-motion test. */
export interface EndRangeTest {
  /** The coordinate the examiner moves, e.g. "ankle_angle_r". */
  readonly coordinate: string;
  /** +1: the test moves the coordinate towards larger values (dorsiflexion, hip flexion); -1: towards smaller ones. */
  readonly direction: 1 | -1;
  /** Coordinates held during the test (rad or m); all others stay at their default values. */
  readonly pose: Readonly<Record<string, number>>;
  /** Resisting torque at which the test stops (N m, > 0). */
  readonly endRangeTorqueNm: number;
}

export interface EndRangeResult {
  /** Coordinate value at the end of the range (rad or m). */
  readonly value: number;
  /**
   * 'tissues': the resisting torque reached the end-range torque inside the joint range;
   * 'joint-limit': it never did, and the range ends at the coordinate's limit;
   * 'start': the tissues already resist more than the end-range torque at the far end of
   * the joint range opposite to the motion (the test cannot start).
   */
  readonly limitedBy: 'tissues' | 'joint-limit' | 'start';
  /** Resisting torque at `value` (N m). */
  readonly resistanceNm: number;
  readonly iterations: number;
}

export interface ShorteningResult {
  /** Multiplier of shorteningPerUnitM that puts the end range at the requested value; 0 when no shortening is needed. */
  readonly scale: number;
  /** Resisting torque at the requested value before any shortening (N m). */
  readonly resistanceBeforeNm: number;
  /** Resisting torque at the requested value after the shortening (N m). */
  readonly resistanceAfterNm: number;
}

/** Bisection stops when the bracket is this narrow (rad or m for coordinates; the scale is relative). */
const COORDINATE_TOLERANCE = 1e-10;
const SCALE_RELATIVE_TOLERANCE = 1e-13;
const MAX_BISECTIONS = 200;

/** Module scratch for the muscle evaluations (reused; nothing is allocated per call). */
const muscleParameters = makeMuscleParameters();
const muscleState = makeMuscleState();

interface ResolvedTest {
  readonly coordinate: number;
  readonly q: Float64Array;
  readonly tau: Float64Array;
}

function resolveTest(model: Model, test: EndRangeTest): ResolvedTest {
  const coordinate = model.coordinateIndex.get(test.coordinate);
  if (coordinate === undefined) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `unknown coordinate "${test.coordinate}" for an end-range test${didYouMean(test.coordinate, model.coordinateName)}`,
      { coordinate: test.coordinate },
    );
  }
  if (test.direction !== 1 && test.direction !== -1) {
    throw new KinechainError('MALFORMED_INPUT', `end-range test direction must be +1 or -1, got ${String(test.direction)}`);
  }
  const torque = requireFinite(test.endRangeTorqueNm, 'end-range torque (N m)');
  if (!(torque > 0)) {
    throw new KinechainError('OUT_OF_RANGE', `end-range torque must be positive, got ${torque} N m`, { endRangeTorqueNm: torque });
  }
  return { coordinate, q: setPose(model, { ...test.pose }), tau: new Float64Array(model.nq) };
}

/** Evaluates paths, moment arms and relaxed tissue forces at q; returns tau_j (N m). */
function relaxedTorque(model: Model, data: Data, resolved: ResolvedTest): number {
  forwardKinematics(model, data, resolved.q);
  pathLength(model, data);
  momentArms(model, data);
  data.tissueActivation.fill(0);
  tissueForces(model, data);
  tissueGeneralizedForces(model, data, resolved.tau);
  return resolved.tau[resolved.coordinate];
}

/** Resisting torque (N m) of the relaxed tissues when the test coordinate is at `value`. */
export function passiveResistance(model: Model, data: Data, test: EndRangeTest, value: number): number {
  const resolved = resolveTest(model, test);
  resolved.q[resolved.coordinate] = requireFinite(value, `${test.coordinate} value`);
  return -test.direction * relaxedTorque(model, data, resolved);
}

/**
 * The end of the passive range: the coordinate value, searched over the coordinate's whole
 * range, at which the resisting torque reaches test.endRangeTorqueNm (to 1e-10 rad).
 */
export function passiveEndRange(model: Model, data: Data, test: EndRangeTest): EndRangeResult {
  const resolved = resolveTest(model, test);
  const j = resolved.coordinate;
  const min = model.coordinateRange[2 * j];
  const max = model.coordinateRange[2 * j + 1];
  const target = test.endRangeTorqueNm;
  const resistanceAt = (value: number): number => {
    resolved.q[j] = value;
    return -test.direction * relaxedTorque(model, data, resolved);
  };
  // `from` is where the test motion starts (the far end opposite to the motion), `to` where it would end.
  const from = test.direction > 0 ? min : max;
  const to = test.direction > 0 ? max : min;
  const resistanceFrom = resistanceAt(from);
  if (resistanceFrom >= target) return { value: from, limitedBy: 'start', resistanceNm: resistanceFrom, iterations: 0 };
  const resistanceTo = resistanceAt(to);
  if (resistanceTo < target) return { value: to, limitedBy: 'joint-limit', resistanceNm: resistanceTo, iterations: 0 };
  // Invariant: resistance(low) < target <= resistance(high), low on the `from` side.
  let low = from;
  let high = to;
  let iterations = 0;
  while (Math.abs(high - low) > COORDINATE_TOLERANCE && iterations < MAX_BISECTIONS) {
    const middle = 0.5 * (low + high);
    if (resistanceAt(middle) < target) low = middle;
    else high = middle;
    iterations++;
  }
  const value = 0.5 * (low + high);
  return { value, limitedBy: 'tissues', resistanceNm: resistanceAt(value), iterations };
}

/**
 * The shortening of a group of muscles that puts the end of the passive range at `value`:
 * each muscle's tendon slack length becomes L_s,i - scale * shorteningPerUnitM[i], with
 * `scale` found by bisection so that the resisting torque at `value` equals the end-range
 * torque. Returns scale = 0 when the tissues already resist at least that much at `value`
 * (the range already ends at or before it: nothing to tighten).
 *
 * Throws UNSUPPORTED if a chosen tissue is not a muscle or does not resist the test motion
 * at `value`, and OUT_OF_RANGE if no shortening short of a zero tendon slack length reaches
 * the end-range torque.
 */
export function muscleShorteningForEndRange(
  model: Model,
  data: Data,
  test: EndRangeTest,
  value: number,
  muscles: readonly number[],
  shorteningPerUnitM: readonly number[],
): ShorteningResult {
  const resolved = resolveTest(model, test);
  const j = resolved.coordinate;
  resolved.q[j] = requireFinite(value, `${test.coordinate} value`);
  if (muscles.length === 0 || muscles.length !== shorteningPerUnitM.length) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `give one shortening per muscle (${muscles.length} muscles, ${shorteningPerUnitM.length} shortenings)`,
    );
  }
  const nq = model.nq;
  const tau = relaxedTorque(model, data, resolved);
  // Torque of everything except the chosen muscles (N m).
  let otherTorque = tau;
  let maxScale = Infinity;
  for (let k = 0; k < muscles.length; k++) {
    const tissue = muscles[k];
    const name = model.tissueName[tissue] ?? String(tissue);
    if (model.tissueLaw[tissue] !== LawType.muscle) {
      throw new KinechainError('UNSUPPORTED', `tissue "${name}" is not a muscle; only muscle tendon slack lengths can be shortened here`);
    }
    const momentArm = model.tissueActsOnSkeleton[tissue] === 1 ? data.tissueMomentArm[tissue * nq + j] : 0;
    if (!(-test.direction * momentArm > 0)) {
      throw new KinechainError(
        'UNSUPPORTED',
        `muscle "${name}" does not resist the motion of "${test.coordinate}" at ${value} (moment arm ${momentArm} m); ` +
          'shortening it cannot move this end range',
        { tissue: name, coordinate: test.coordinate, momentArm },
      );
    }
    const perUnit = requireFinite(shorteningPerUnitM[k], `shortening per unit of "${name}" (m)`);
    if (!(perUnit > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `shortening per unit of "${name}" must be positive, got ${perUnit} m`);
    }
    otherTorque -= momentArm * data.tissueForce[tissue];
    maxScale = Math.min(maxScale, model.muscleTendonSlackLength[tissue] / perUnit);
  }
  const resistanceWith = (scale: number): number => {
    let torque = otherTorque;
    for (let k = 0; k < muscles.length; k++) {
      const tissue = muscles[k];
      readMuscleParameters(model, tissue, muscleParameters);
      muscleParameters.tendonSlackLength -= scale * shorteningPerUnitM[k];
      const force = rigidTendonMuscle(muscleParameters, data.tissueLength[tissue], 0, 0, muscleState);
      torque += data.tissueMomentArm[tissue * nq + j] * force;
    }
    return -test.direction * torque;
  };
  const target = test.endRangeTorqueNm;
  const before = resistanceWith(0);
  if (before >= target) return { scale: 0, resistanceBeforeNm: before, resistanceAfterNm: before };
  // Keep every tendon slack length positive: stop at 99.9% of the smallest allowed scale.
  const highest = 0.999 * maxScale;
  if (resistanceWith(highest) < target) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `no shortening of the chosen muscles brings the passive resistance of "${test.coordinate}" to ` +
        `${target} N m at ${value}; the requested end range is beyond what these muscles can limit`,
      { coordinate: test.coordinate, value, endRangeTorqueNm: target },
    );
  }
  let low = 0;
  let high = highest;
  for (let iteration = 0; iteration < MAX_BISECTIONS && high - low > SCALE_RELATIVE_TOLERANCE * highest; iteration++) {
    const middle = 0.5 * (low + high);
    if (resistanceWith(middle) < target) low = middle;
    else high = middle;
  }
  const scale = 0.5 * (low + high);
  return { scale, resistanceBeforeNm: before, resistanceAfterNm: resistanceWith(scale) };
}
