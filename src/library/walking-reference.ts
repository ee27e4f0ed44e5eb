/**
 * Reference walking: the right-leg stance phase of the OpenSim Gait10dof18musc trial
 * (opensim-models, Pipelines/Gait10dof18musc/OutputReference; subject01, normal walking),
 * and the published numbers of foot mechanics in walking that the stance-phase analysis
 * is checked against.
 *
 * The trial: IK/subject01_walk_IK.mot (coordinates, degrees, 100 Hz) and
 * ExperimentalData/subject01_walk_grf.mot (ground reaction forces and centre of pressure,
 * 600 Hz; columns "ground_force_*" act on calcn_r as the trial's external loads file says).
 * Stance: the span over which the right vertical force exceeds STANCE_FORCE_THRESHOLD_N
 * and which lies inside the IK time range. Resampling: linear interpolation onto n
 * equally spaced instants from heel strike to toe-off; joint velocities and accelerations
 * by central differences on the IK's own time grid, then interpolated.
 */
import { readFileSync } from 'node:fs';
import { KinechainError } from '../core/errors.js';
import { parseStorage } from '../io/opensim/storage.js';
import { getColumn } from '../io/table/time-series-table.js';
import { literature } from './literature-value.js';

/** Trial files, relative to the shared reference folder. */
export const GAIT10DOF18MUSC_WALK = Object.freeze({
  coordinatesFile: 'opensim/gait10dof18musc/IK/subject01_walk_IK.mot',
  groundForceFile: 'opensim/gait10dof18musc/ExperimentalData/subject01_walk_grf.mot',
  source:
    'OpenSim Gait10dof18musc example (opensim-models, Pipelines/Gait10dof18musc/OutputReference): subject01 normal walking, ' +
    'IK result and measured ground reaction forces',
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
function interpolate(times: Float64Array, values: Float64Array, t: number): number {
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
function differentiate(times: Float64Array, values: Float64Array): Float64Array {
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
 * Right-leg stance of the trial from the texts of its two files, resampled onto
 * `instants` instants (>= 3). Errors: MALFORMED_INPUT when a column is missing or no
 * complete stance lies inside the coordinates' time range.
 */
export function parseRightStancePhase(coordinatesText: string, groundForceText: string, instants = 100): StancePhaseTrial {
  if (!(Number.isInteger(instants) && instants >= 3)) {
    throw new KinechainError('OUT_OF_RANGE', `the stance phase needs an integer number of instants >= 3, got ${String(instants)}`);
  }
  const coordinates = parseStorage(coordinatesText, { source: 'walking coordinates' });
  const forces = parseStorage(groundForceText, { source: 'walking ground reaction forces' });
  const ikTime = coordinates.table.time;
  const grfTime = forces.table.time;
  const vy = getColumn(forces.table, 'ground_force_vy', 'ground reaction forces');
  const start = ikTime[0];
  const end = ikTime[ikTime.length - 1];
  // First complete span above the threshold inside the IK range.
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
  const t0 = grfTime[heelStrike];
  const t1 = grfTime[toeOff];
  const time = new Float64Array(instants);
  const stanceFraction = new Float64Array(instants);
  for (let k = 0; k < instants; k++) {
    stanceFraction[k] = k / (instants - 1);
    time[k] = t0 + (t1 - t0) * stanceFraction[k];
  }
  const resample = (times: Float64Array, values: Float64Array, scale: number): Float64Array => {
    const out = new Float64Array(instants);
    for (let k = 0; k < instants; k++) out[k] = scale * interpolate(times, values, time[k]);
    return out;
  };
  const angleScale = coordinates.inDegrees === false ? 1 : Math.PI / 180;
  const coordinateSeries = new Map<string, { value: Float64Array; velocity: Float64Array; acceleration: Float64Array }>();
  coordinates.table.labels.forEach((label, index) => {
    const column = coordinates.table.columns[index];
    // Translations (pelvis_t*) are in metres; every other coordinate is an angle.
    const scale = /_t[xyz]$/.test(label) ? 1 : angleScale;
    const velocity = differentiate(ikTime, column);
    const acceleration = differentiate(ikTime, velocity);
    coordinateSeries.set(label, {
      value: resample(ikTime, column, scale),
      velocity: resample(ikTime, velocity, scale),
      acceleration: resample(ikTime, acceleration, scale),
    });
  });
  return {
    source: GAIT10DOF18MUSC_WALK.source,
    heelStrikeTimeS: t0,
    toeOffTimeS: t1,
    time,
    stanceFraction,
    coordinates: coordinateSeries,
    groundForceX: resample(grfTime, getColumn(forces.table, 'ground_force_vx', 'ground reaction forces'), 1),
    groundForceY: resample(grfTime, vy, 1),
    groundForceZ: resample(grfTime, getColumn(forces.table, 'ground_force_vz', 'ground reaction forces'), 1),
    centerOfPressureX: resample(grfTime, getColumn(forces.table, 'ground_force_px', 'ground reaction forces'), 1),
  };
}

/** Reads the trial from the reference folder (default /work/shared/reference) and resamples its right stance. */
export function readRightStancePhase(referenceFolder = '/work/shared/reference', instants = 100): StancePhaseTrial {
  const read = (relative: string): string => {
    const path = `${referenceFolder}/${relative}`;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new KinechainError('MALFORMED_INPUT', `cannot read the walking trial file ${path}: ${(error as Error).message}`, { path });
    }
  };
  return parseRightStancePhase(read(GAIT10DOF18MUSC_WALK.coordinatesFile), read(GAIT10DOF18MUSC_WALK.groundForceFile), instants);
}
