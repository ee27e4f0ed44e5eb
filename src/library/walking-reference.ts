/**
 * Reference walking read from the OpenSim files themselves (Node only: reads files).
 * The browser-safe parts — the published numbers, the stance detection and resampling
 * (walking-trial.ts) and the bundled copy of the trial (bundled-walking-trial.ts) — are
 * re-exported here.
 */
import { readFileSync } from 'node:fs';
import { KinechainError } from '../core/errors.js';
import { bundledRightStancePhase } from './bundled-walking-trial.js';
import { walkingTrialRowsFromText } from './walking-trial-text.js';
import { GAIT10DOF18MUSC_WALK, stancePhaseFromRows, type StancePhaseTrial } from './walking-trial.js';

export { bundledRightStancePhase } from './bundled-walking-trial.js';
export { walkingTrialRowsFromText } from './walking-trial-text.js';
export {
  findRightStance,
  FOOT_FLAT_SPAN,
  GAIT10DOF18MUSC_WALK,
  rightStanceRows,
  STANCE_FORCE_THRESHOLD_N,
  stancePhaseFromRows,
  WALKING_FOOT_MECHANICS,
  type StancePhaseTrial,
  type WalkingTrialRows,
} from './walking-trial.js';

/**
 * Right-leg stance of the trial from the texts of its two files, resampled onto
 * `instants` instants (>= 3). Errors: OUT_OF_RANGE for fewer instants; MALFORMED_INPUT
 * when a column is missing or no complete stance lies inside the coordinates' time range.
 */
export function parseRightStancePhase(coordinatesText: string, groundForceText: string, instants = 100): StancePhaseTrial {
  if (!(Number.isInteger(instants) && instants >= 3)) {
    throw new KinechainError('OUT_OF_RANGE', `the stance phase needs an integer number of instants >= 3, got ${String(instants)}`);
  }
  return stancePhaseFromRows(walkingTrialRowsFromText(coordinatesText, groundForceText), instants);
}

/**
 * Reads the trial from a reference folder (the one holding opensim/gait10dof18musc/...)
 * and resamples its right stance. Without a folder: the copy bundled with kinechain
 * (bundledRightStancePhase), which reads no file.
 */
export function readRightStancePhase(referenceFolder?: string, instants = 100): StancePhaseTrial {
  if (referenceFolder === undefined) return bundledRightStancePhase(instants);
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
