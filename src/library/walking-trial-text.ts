/**
 * The raw rows of a walking trial from the texts of its OpenSim files (an IK .mot and a
 * ground reaction force .mot). Parses text only; reading the files is the caller's.
 */
import { parseStorage } from '../io/opensim/storage.js';
import { getColumn } from '../io/table/time-series-table.js';
import { GAIT10DOF18MUSC_WALK, type WalkingTrialRows } from './walking-trial.js';

/**
 * Rows of the two files' texts: every coordinate column, and the right foot's force
 * columns ground_force_vx/vy/vz/px. Errors: MALFORMED_INPUT when a file is not a storage
 * file or a force column is missing.
 */
export function walkingTrialRowsFromText(coordinatesText: string, groundForceText: string): WalkingTrialRows {
  const coordinates = parseStorage(coordinatesText, { source: 'walking coordinates' });
  const forces = parseStorage(groundForceText, { source: 'walking ground reaction forces' });
  const columns: Record<string, readonly number[]> = {};
  coordinates.table.labels.forEach((label, index) => {
    columns[label] = Array.from(coordinates.table.columns[index]);
  });
  const forceColumn = (label: string): number[] => Array.from(getColumn(forces.table, label, 'ground reaction forces'));
  return {
    source: GAIT10DOF18MUSC_WALK.source,
    // As OpenSim: angles are in degrees unless the header says inDegrees=no.
    coordinates: { inDegrees: coordinates.inDegrees !== false, time: Array.from(coordinates.table.time), columns },
    groundForce: {
      time: Array.from(forces.table.time),
      vx: forceColumn('ground_force_vx'),
      vy: forceColumn('ground_force_vy'),
      vz: forceColumn('ground_force_vz'),
      px: forceColumn('ground_force_px'),
    },
  };
}
