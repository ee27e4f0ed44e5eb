/**
 * Force plates described by the C3D FORCE_PLATFORM group: their type, where they sit in
 * the laboratory (CORNERS), where the sensor origin lies relative to the plate's centre
 * (ORIGIN), which analog channels carry their signals (CHANNEL) and, for types 4 and 6,
 * the calibration matrix (CAL_MATRIX).
 */
import { KinechainError } from '../../core/errors.js';
import { findParameter, parameterCount } from './c3d-parameters.js';
import type { C3dGroups } from './c3d-parameters.js';

export interface C3dForcePlatform {
  /** FORCE_PLATFORM:TYPE (1: six channels Fx Fy Fz Px Py Tz; 2: Fx Fy Fz Mx My Mz; 3: eight Kistler channels; 4: type 2 with a calibration matrix; ...). */
  readonly type: number;
  /** Corner positions in the laboratory frame, m, row-major [corner][xyz]: 4 x 3 = 12 values. */
  readonly corners: Float64Array;
  /**
   * FORCE_PLATFORM:ORIGIN converted to m (3 values; for types 2-4 the vector from the
   * plate's geometric centre to the sensor origin, in the plate frame). Type-1 plates
   * store other numbers here; they are converted all the same.
   */
  readonly origin: Float64Array;
  /** 1-based analog channel numbers of the plate's signals, in the order the type defines. */
  readonly channels: readonly number[];
  /** Calibration matrix, row-major n x n, when CAL_MATRIX gives one for this plate. */
  readonly calibrationMatrix: Float64Array | undefined;
}

/**
 * The plates of FORCE_PLATFORM (none when the group is absent or USED is 0).
 * `metresPerPointUnit` converts CORNERS and ORIGIN, which are in POINT:UNITS.
 */
export function readForcePlatforms(groups: C3dGroups, metresPerPointUnit: number): C3dForcePlatform[] {
  const used = parameterCount(groups, 'FORCE_PLATFORM', 'USED') ?? 0;
  if (used === 0) return [];
  const types = findParameter(groups, 'FORCE_PLATFORM', 'TYPE');
  const corners = findParameter(groups, 'FORCE_PLATFORM', 'CORNERS');
  const origins = findParameter(groups, 'FORCE_PLATFORM', 'ORIGIN');
  const channels = findParameter(groups, 'FORCE_PLATFORM', 'CHANNEL');
  const calibration = findParameter(groups, 'FORCE_PLATFORM', 'CAL_MATRIX');
  const need = (ok: boolean, what: string): void => {
    if (!ok) {
      throw new KinechainError('MALFORMED_INPUT', `C3D FORCE_PLATFORM:USED is ${used} but ${what}; the force-plate description is incomplete`, { used });
    }
  };
  need(types !== undefined && types.values.length >= used, `TYPE has ${types?.values.length ?? 0} value(s)`);
  need(corners !== undefined && corners.values.length >= used * 12, `CORNERS has ${corners?.values.length ?? 0} value(s), not 3 x 4 per plate`);
  need(origins !== undefined && origins.values.length >= used * 3, `ORIGIN has ${origins?.values.length ?? 0} value(s), not 3 per plate`);
  need(channels !== undefined && channels.dimensions.length >= 1, 'CHANNEL is missing');
  const channelsPerPlate = channels!.dimensions[0];
  need(channels!.values.length >= used * channelsPerPlate, `CHANNEL has ${channels!.values.length} value(s), not ${channelsPerPlate} per plate`);

  const plates: C3dForcePlatform[] = [];
  for (let plate = 0; plate < used; plate++) {
    let calibrationMatrix: Float64Array | undefined;
    if (calibration !== undefined && calibration.dimensions.length >= 2) {
      const rows = calibration.dimensions[0];
      const columns = calibration.dimensions[1];
      const plates = calibration.dimensions.length >= 3 ? calibration.dimensions[2] : 1;
      if (rows === columns && plate < plates && calibration.values.length >= (plate + 1) * rows * columns) {
        // Stored column-major (first dimension fastest); returned row-major.
        calibrationMatrix = new Float64Array(rows * columns);
        const base = plate * rows * columns;
        for (let row = 0; row < rows; row++) {
          for (let column = 0; column < columns; column++) calibrationMatrix[row * columns + column] = calibration.values[base + column * rows + row];
        }
      }
    }
    plates.push({
      type: types!.values[plate],
      corners: Float64Array.from(corners!.values.slice(plate * 12, plate * 12 + 12), (value) => value * metresPerPointUnit),
      origin: Float64Array.from(origins!.values.slice(plate * 3, plate * 3 + 3), (value) => value * metresPerPointUnit),
      channels: channels!.values.slice(plate * channelsPerPlate, (plate + 1) * channelsPerPlate),
      calibrationMatrix,
    });
  }
  return plates;
}
