/**
 * The reference walk bundled with kinechain: the raw rows of the right stance of the
 * OpenSim Gait10dof18musc trial (opensim-models, Apache-2.0; data/gait10dof18musc-right-stance.ts,
 * written by scripts/bundle-walking-trial.ts). Reads no file, so it runs in a browser.
 */
import { GAIT10DOF18MUSC_RIGHT_STANCE_ROWS } from './data/gait10dof18musc-right-stance.js';
import { stancePhaseFromRows, type StancePhaseTrial } from './walking-trial.js';

/** The reference walk's right stance from the bundled rows, resampled onto `instants` instants (>= 3). */
export function bundledRightStancePhase(instants = 100): StancePhaseTrial {
  return stancePhaseFromRows(GAIT10DOF18MUSC_RIGHT_STANCE_ROWS, instants);
}
