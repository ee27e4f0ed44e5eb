/**
 * Marker trajectories: the positions of named skin markers over time, as read from TRC
 * and C3D files. Positions are in metres whatever the file used; the file's unit is
 * recorded so a writer can give it back.
 */
import { KinechainError } from '../../core/errors.js';
import { didYouMean } from '../../core/math/edit-distance.js';
import type { LengthUnit } from './length-units.js';
import { summariseLabels } from './time-series-table.js';

export interface MarkerTrajectories {
  /** Marker names in file order; length markerCount. */
  readonly markerNames: readonly string[];
  /** Frame times, s; length frameCount. */
  readonly time: Float64Array;
  /** Frame numbers as written in the file (TRC "Frame#", C3D first frame + index); length frameCount. */
  readonly frameNumbers: Float64Array;
  /**
   * Positions, m, row-major [frame][marker][xyz]: length frameCount * markerCount * 3.
   * NaN where the marker is missing in that frame.
   */
  readonly positions: Float64Array;
  /** present[frame * markerCount + marker] = 1 when the marker was seen in that frame, else 0. */
  readonly present: Uint8Array;
  /** Frames per second. */
  readonly frameRate: number;
  /** Length unit of the file the trajectories came from (positions here are in m regardless). */
  readonly sourceUnit: LengthUnit;
}

export function markerCount(trajectories: MarkerTrajectories): number {
  return trajectories.markerNames.length;
}

export function frameCount(trajectories: MarkerTrajectories): number {
  return trajectories.time.length;
}

/** Index of the marker with this name; UNKNOWN_NAME with close names suggested otherwise. */
export function markerIndex(trajectories: MarkerTrajectories, name: string, source = 'marker data'): number {
  const index = trajectories.markerNames.indexOf(name);
  if (index < 0) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `${source} has no marker "${name}"${didYouMean(name, trajectories.markerNames)}; its markers are ${summariseLabels(trajectories.markerNames)}`,
      { marker: name, source },
    );
  }
  return index;
}

/**
 * Writes the position (m) of `marker` in `frame` into out[0..2] and returns whether the
 * marker was present (when it was not, out holds NaN).
 */
export function markerPosition(trajectories: MarkerTrajectories, frame: number, marker: number, out: Float64Array): boolean {
  const markers = trajectories.markerNames.length;
  const base = (frame * markers + marker) * 3;
  out[0] = trajectories.positions[base];
  out[1] = trajectories.positions[base + 1];
  out[2] = trajectories.positions[base + 2];
  return trajectories.present[frame * markers + marker] === 1;
}

export interface MarkerTrajectoriesInput {
  markerNames: readonly string[];
  time: Float64Array | readonly number[];
  frameNumbers?: Float64Array | readonly number[];
  /** m, [frame][marker][xyz]; NaN marks a missing marker unless `present` says otherwise. */
  positions: Float64Array | readonly number[];
  /** 1 present / 0 missing per [frame][marker]; derived from NaNs in positions when omitted. */
  present?: Uint8Array;
  frameRate: number;
  sourceUnit?: LengthUnit;
}

/**
 * Builds trajectories with their sizes checked. Missing markers get NaN positions so
 * that a caller who ignores the mask still cannot use a stale value.
 */
export function makeMarkerTrajectories(input: MarkerTrajectoriesInput): MarkerTrajectories {
  const time = Float64Array.from(input.time);
  const frames = time.length;
  const markers = input.markerNames.length;
  const positions = Float64Array.from(input.positions);
  if (positions.length !== frames * markers * 3) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `marker positions need frames x markers x 3 = ${frames} x ${markers} x 3 = ${frames * markers * 3} values, got ${positions.length}`,
      { frames, markers, values: positions.length },
    );
  }
  const seen = new Set<string>();
  for (const name of input.markerNames) {
    if (seen.has(name)) throw new KinechainError('MALFORMED_INPUT', `marker "${name}" appears twice; marker names must be unique`, { marker: name });
    seen.add(name);
  }
  if (!(input.frameRate > 0) || !Number.isFinite(input.frameRate)) {
    throw new KinechainError('OUT_OF_RANGE', `frame rate must be a positive number of frames per second, got ${input.frameRate}`, { frameRate: input.frameRate });
  }
  const frameNumbers = input.frameNumbers === undefined ? Float64Array.from({ length: frames }, (_, i) => i + 1) : Float64Array.from(input.frameNumbers);
  if (frameNumbers.length !== frames) {
    throw new KinechainError('MALFORMED_INPUT', `${frameNumbers.length} frame numbers for ${frames} frames`, { frames });
  }
  let present: Uint8Array;
  if (input.present !== undefined) {
    if (input.present.length !== frames * markers) {
      throw new KinechainError('MALFORMED_INPUT', `the presence mask needs frames x markers = ${frames * markers} entries, got ${input.present.length}`, {});
    }
    present = Uint8Array.from(input.present, (flag) => (flag ? 1 : 0));
  } else {
    present = new Uint8Array(frames * markers);
    for (let slot = 0; slot < frames * markers; slot++) {
      const base = slot * 3;
      present[slot] = Number.isNaN(positions[base]) || Number.isNaN(positions[base + 1]) || Number.isNaN(positions[base + 2]) ? 0 : 1;
    }
  }
  for (let slot = 0; slot < frames * markers; slot++) {
    if (present[slot] === 0) positions.fill(Number.NaN, slot * 3, slot * 3 + 3);
  }
  return {
    markerNames: [...input.markerNames],
    time,
    frameNumbers,
    positions,
    present,
    frameRate: input.frameRate,
    sourceUnit: input.sourceUnit ?? 'm',
  };
}
