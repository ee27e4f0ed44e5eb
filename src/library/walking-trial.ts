/**
 * Reference walking: the right-leg stance phase of the OpenSim Gait10dof18musc trial
 * (opensim-models, Pipelines/Gait10dof18musc/OutputReference; subject01, normal walking),
 * and the published numbers of foot mechanics in walking that the stance-phase analysis
 * is checked against. Nothing here reads files: the trial's rows come either from the
 * bundled copy (bundled-walking-trial.ts) or from the files' texts (walking-trial-text.ts).
 *
 * The trial: IK/subject01_walk_IK.mot (coordinates, degrees, 100 Hz) and
 * ExperimentalData/subject01_walk_grf.mot (ground reaction forces and centre of pressure,
 * 600 Hz; columns "ground_force_*" act on calcn_r as the trial's external loads file says).
 * Stance: the span over which the right vertical force exceeds STANCE_FORCE_THRESHOLD_N
 * and which lies inside the IK time range. Resampling: linear interpolation onto n
 * equally spaced instants from heel strike to toe-off; joint velocities and accelerations
 * by central differences on the IK's own time grid, then interpolated.
 */
import { KinechainError } from '../core/errors.js';
import { literature } from './literature-value.js';

/** Trial files, relative to the shared reference folder, and their licence. */
export const GAIT10DOF18MUSC_WALK = Object.freeze({
  coordinatesFile: 'opensim/gait10dof18musc/IK/subject01_walk_IK.mot',
  groundForceFile: 'opensim/gait10dof18musc/ExperimentalData/subject01_walk_grf.mot',
  source:
    'OpenSim Gait10dof18musc example (opensim-models, Pipelines/Gait10dof18musc/OutputReference): subject01 normal walking, ' +
    'IK result and measured ground reaction forces',
  license: 'Apache-2.0 (opensim-org/opensim-models, https://github.com/opensim-org/opensim-models)',
});

/** Vertical force (N) above which the foot counts as in stance (force-plate noise is a few N). */
export const STANCE_FORCE_THRESHOLD_N = 20;

/**
 * Published numbers of the foot in walking, with their ranges. The acceptance ranges of the
 * checks are wider than the published spread: the model is a generic foot driven by another
 * subject's trial.
 */
export const WALKING_FOOT_MECHANICS = Object.freeze({
  plantarFasciaPeakForceBW: literature(
    0.96,
    'body weight',
    'plantar aponeurosis peak force in late stance 96% +/- 36% of body weight (Erdemir et al. 2004, J Bone Joint Surg Am ' +
      '86:546, cadaver gait simulator); model-based mean maximum about 1.5 BW (Caravaggi et al. 2009, J Exp Biol 212:2491); ' +
      'acceptance range 0.5-2.0 BW',
    [0.5, 2.0],
  ),
  firstMtpPeakDorsiflexionDeg: literature(
    58,
    'deg',
    'peak first MTP dorsiflexion in walking 52 +/- 5 deg (slow) and 64 +/- 4 deg (fast) (Caravaggi et al. 2010, ' +
      'J Anat 217:254); acceptance range 35-75 deg',
    [35, 75],
  ),
  centerOfPressureAtHeelStrike: literature(
    0.08,
    'fraction of foot length',
    'assumption: the centre of pressure at initial contact lies under the posterior heel pad, about 5-12% of foot ' +
      'length ahead of the back of the heel (the usual CoP trajectories of barefoot walking start there)',
    [0.05, 0.12],
  ),
  centerOfPressureAtToeOff: literature(
    0.88,
    'fraction of foot length',
    'assumption: at toe-off the centre of pressure lies under the hallux, about 85-95% of foot length ahead of the back ' +
      'of the heel (barefoot CoP trajectories end under the first ray and hallux)',
    [0.85, 0.95],
  ),
});

/**
 * Span of stance (fractions) over which the foot is flat on the floor in normal walking:
 * from the end of loading response (~17% of stance) to heel rise (~50% of stance)
 * (Perry 1992, Gait Analysis: Normal and Pathological Function, phases of stance);
 * the middle of it is taken as the foot-flat posture of the trial.
 */
export const FOOT_FLAT_SPAN: readonly [number, number] = Object.freeze([0.2, 0.4]) as readonly [number, number];

/**
 * Heel rise (rad, the calcaneus's pitch above its foot-flat mean) that the trial's foot
 * must exceed before its posture, not the rollover of the centre of pressure, places the
 * foot: over foot flat the trial's calcaneus pitch wobbles by a degree or two (marker and
 * inverse-kinematics noise), so the heel counts as rising past that; the forefoot is then
 * pitched by the heel rise less this threshold (continuous at the switch).
 */
export const HEEL_RISE_THRESHOLD_RAD = literature(
  (2 * Math.PI) / 180,
  'rad',
  'assumption: the calcaneus pitch of the Gait10dof18musc trial varies by about +/-1-2 deg over foot flat (20-40% of stance)',
  [Math.PI / 180, (3 * Math.PI) / 180],
);

/**
 * Raw rows of a walking trial, in the files' own units: the coordinates (IK, angles in
 * degrees when inDegrees, translations in m) and the right foot's ground reaction force
 * (N) and centre of pressure along the walking direction (m). Every column has one value
 * per time.
 */
export interface WalkingTrialRows {
  readonly source: string;
  readonly coordinates: {
    readonly inDegrees: boolean;
    readonly time: readonly number[];
    /** Column label (OpenSim coordinate name) -> values. */
    readonly columns: Readonly<Record<string, readonly number[]>>;
  };
  readonly groundForce: {
    readonly time: readonly number[];
    readonly vx: readonly number[];
    readonly vy: readonly number[];
    readonly vz: readonly number[];
    readonly px: readonly number[];
  };
}

/** One stance phase resampled onto n instants (angles in rad, SI units). */
export interface StancePhaseTrial {
  readonly source: string;
  /** Trial times of heel strike and toe-off (s). */
  readonly heelStrikeTimeS: number;
  readonly toeOffTimeS: number;
  /** [n] time of each instant (s, trial clock) and its fraction of stance (0 at heel strike, 1 at toe-off). */
  readonly time: Float64Array;
  readonly stanceFraction: Float64Array;
  /** Coordinates, by the trial's (OpenSim) names: each [n] values (rad or m), velocities and accelerations. */
  readonly coordinates: ReadonlyMap<string, { readonly value: Float64Array; readonly velocity: Float64Array; readonly acceleration: Float64Array }>;
  /** [n] ground reaction force on the right foot (N, ground: x forward, y up, z right). */
  readonly groundForceX: Float64Array;
  readonly groundForceY: Float64Array;
  readonly groundForceZ: Float64Array;
  /** [n] centre of pressure along the walking direction (m, trial's ground). */
  readonly centerOfPressureX: Float64Array;
}

/** Linear interpolation of (times, values) at t (clamped to the ends); times increasing. */
function interpolate(times: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  const n = times.length;
  if (t <= times[0]) return values[0];
  if (t >= times[n - 1]) return values[n - 1];
  let low = 0;
  let high = n - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (times[mid] <= t) low = mid;
    else high = mid;
  }
  const w = (t - times[low]) / (times[high] - times[low]);
  return values[low] + w * (values[high] - values[low]);
}

/** Central differences (one-sided at the ends) of values over times. */
function differentiate(times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const n = times.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    out[i] = (values[b] - values[a]) / (times[b] - times[a]);
  }
  return out;
}

/**
 * Row indices of the first complete right stance inside the coordinates' time range:
 * heel strike is the first force row above the threshold (the row before it at or below),
 * toe-off the last row above it. Errors: MALFORMED_INPUT when there is none.
 */
export function findRightStance(rows: WalkingTrialRows): { readonly heelStrikeRow: number; readonly toeOffRow: number } {
  const ikTime = rows.coordinates.time;
  const grfTime = rows.groundForce.time;
  const vy = rows.groundForce.vy;
  const start = ikTime[0];
  const end = ikTime[ikTime.length - 1];
  let heelStrike = -1;
  let toeOff = -1;
  for (let i = 1; i < grfTime.length; i++) {
    if (grfTime[i] < start || grfTime[i] > end) continue;
    if (heelStrike < 0 && vy[i - 1] <= STANCE_FORCE_THRESHOLD_N && vy[i] > STANCE_FORCE_THRESHOLD_N && grfTime[i - 1] >= start) heelStrike = i;
    else if (heelStrike >= 0 && vy[i] <= STANCE_FORCE_THRESHOLD_N) {
      toeOff = i - 1;
      break;
    }
  }
  if (heelStrike < 0 || toeOff <= heelStrike) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `no complete right stance (ground_force_vy rising above ${STANCE_FORCE_THRESHOLD_N} N and falling below it) lies within ` +
        `the coordinates' time range [${start}, ${end}] s; pass a trial that holds one whole stance`,
    );
  }
  return { heelStrikeRow: heelStrike, toeOffRow: toeOff };
}

/**
 * The rows that the resampled stance depends on, and no others: the force rows from the
 * one before heel strike to the one after toe-off, and the coordinate rows that bracket
 * the stance plus two on each side (the accelerations are second central differences).
 * stancePhaseFromRows gives bit-for-bit the same trial from these rows as from the whole
 * files.
 */
export function rightStanceRows(rows: WalkingTrialRows): WalkingTrialRows {
  const { heelStrikeRow, toeOffRow } = findRightStance(rows);
  const grf = rows.groundForce;
  const t0 = grf.time[heelStrikeRow];
  const t1 = grf.time[toeOffRow];
  const ikTime = rows.coordinates.time;
  let first = 0;
  while (first + 1 < ikTime.length && ikTime[first + 1] <= t0) first++;
  let last = ikTime.length - 1;
  while (last - 1 >= 0 && ikTime[last - 1] >= t1) last--;
  const ikFrom = Math.max(0, first - 2);
  const ikTo = Math.min(ikTime.length - 1, last + 2) + 1;
  const grfFrom = heelStrikeRow - 1;
  const grfTo = Math.min(grf.time.length - 1, toeOffRow + 1) + 1;
  const columns: Record<string, readonly number[]> = {};
  for (const [label, values] of Object.entries(rows.coordinates.columns)) columns[label] = values.slice(ikFrom, ikTo);
  return {
    source: rows.source,
    coordinates: { inDegrees: rows.coordinates.inDegrees, time: ikTime.slice(ikFrom, ikTo), columns },
    groundForce: {
      time: grf.time.slice(grfFrom, grfTo),
      vx: grf.vx.slice(grfFrom, grfTo),
      vy: grf.vy.slice(grfFrom, grfTo),
      vz: grf.vz.slice(grfFrom, grfTo),
      px: grf.px.slice(grfFrom, grfTo),
    },
  };
}

/**
 * Right-leg stance of a trial's rows, resampled onto `instants` instants (>= 3).
 * Errors: OUT_OF_RANGE for fewer instants; MALFORMED_INPUT when no complete stance lies
 * inside the coordinates' time range or a column's length differs from its times'.
 */
export function stancePhaseFromRows(rows: WalkingTrialRows, instants = 100): StancePhaseTrial {
  if (!(Number.isInteger(instants) && instants >= 3)) {
    throw new KinechainError('OUT_OF_RANGE', `the stance phase needs an integer number of instants >= 3, got ${String(instants)}`);
  }
  const ikTime = rows.coordinates.time;
  const grf = rows.groundForce;
  const grfTime = grf.time;
  for (const [label, values] of [...Object.entries(rows.coordinates.columns), ...Object.entries({ vx: grf.vx, vy: grf.vy, vz: grf.vz, px: grf.px })]) {
    const expected = label in rows.coordinates.columns ? ikTime.length : grfTime.length;
    if (values.length !== expected) {
      throw new KinechainError('MALFORMED_INPUT', `walking trial column "${label}" has ${values.length} values for ${expected} times`, { label });
    }
  }
  const { heelStrikeRow, toeOffRow } = findRightStance(rows);
  const t0 = grfTime[heelStrikeRow];
  const t1 = grfTime[toeOffRow];
  const time = new Float64Array(instants);
  const stanceFraction = new Float64Array(instants);
  for (let k = 0; k < instants; k++) {
    stanceFraction[k] = k / (instants - 1);
    time[k] = t0 + (t1 - t0) * stanceFraction[k];
  }
  const resample = (times: ArrayLike<number>, values: ArrayLike<number>, scale: number): Float64Array => {
    const out = new Float64Array(instants);
    for (let k = 0; k < instants; k++) out[k] = scale * interpolate(times, values, time[k]);
    return out;
  };
  const angleScale = rows.coordinates.inDegrees ? Math.PI / 180 : 1;
  const coordinateSeries = new Map<string, { value: Float64Array; velocity: Float64Array; acceleration: Float64Array }>();
  for (const [label, column] of Object.entries(rows.coordinates.columns)) {
    // Translations (pelvis_t*) are in metres; every other coordinate is an angle.
    const scale = /_t[xyz]$/.test(label) ? 1 : angleScale;
    const velocity = differentiate(ikTime, column);
    const acceleration = differentiate(ikTime, velocity);
    coordinateSeries.set(label, {
      value: resample(ikTime, column, scale),
      velocity: resample(ikTime, velocity, scale),
      acceleration: resample(ikTime, acceleration, scale),
    });
  }
  return {
    source: rows.source,
    heelStrikeTimeS: t0,
    toeOffTimeS: t1,
    time,
    stanceFraction,
    coordinates: coordinateSeries,
    groundForceX: resample(grfTime, grf.vx, 1),
    groundForceY: resample(grfTime, grf.vy, 1),
    groundForceZ: resample(grfTime, grf.vz, 1),
    centerOfPressureX: resample(grfTime, grf.px, 1),
  };
}
