/**
 * Coordinate trajectories as OpenSim's tools build them from a coordinates file (.mot,
 * .sto), so that kinechain's tools see the same q, qd, qdd OpenSim's do:
 *
 * - Units (Storage): a file whose header says inDegrees=yes holds degrees; a .mot file
 *   without a version line is an old SIMM motion file and also holds degrees (OpenSim
 *   assumes so whatever else its header says). Rotational coordinates' columns are
 *   converted to radians after filtering; translational ones and other columns are left.
 * - Filtering (lowpass_cutoff_frequency_for_coordinates >= 0): pad by half the rows,
 *   resample onto a uniform grid if needed, zero-phase third-order Butterworth
 *   (core/math/lowpass-filter.ts). The filtered, padded rows become the tool's time base.
 * - Inverse dynamics (InverseDynamicsTool): each coordinate's column is fitted with an
 *   interpolating quintic GCV spline (GCVSplineSet(5, ...)); q, qd, qdd are the spline
 *   and its first two derivatives. A coordinate missing from the file stays at its
 *   default value (speed and acceleration 0).
 * - Analyses (AnalyzeTool, SimbodyEngine::formCompleteStorages): q at the rows, a
 *   coordinate missing from the file is 0; the speeds u are the first derivative of
 *   the quintic spline of q at the rows; a static optimisation then takes its target
 *   accelerations from a second quintic spline fitted to u (GCVSplineSet(5, states)),
 *   differentiated at the row's time.
 */
import { extname } from 'node:path';
import { KinechainError } from '../../core/errors.js';
import { evaluateGcvSpline, fitGcvSpline, type GcvSpline } from '../../core/math/gcv-spline.js';
import { lowpassCoordinatesAsOpenSim } from '../../core/math/lowpass-filter.js';
import { CoordinateKind, type SkeletonModel } from '../../core/model/model.js';
import { readStorageFile, type StorageFile } from '../../io/opensim/storage.js';

/** A coordinates file as read (values as written, degrees or radians per `inDegrees`). */
export interface CoordinatesFile {
  readonly path: string;
  /** [n] times (s). */
  readonly time: Float64Array;
  /** Column labels, time excluded. */
  readonly labels: readonly string[];
  /** One [n] array per label. */
  readonly columns: readonly Float64Array[];
  /** Whether rotational columns are in degrees (see the file comment). */
  readonly inDegrees: boolean;
}

/** Reads a .mot/.sto coordinates file and decides its units as OpenSim's Storage does. */
export async function readCoordinatesFile(path: string): Promise<CoordinatesFile> {
  return coordinatesFromStorage(await readStorageFile(path), path);
}

export function coordinatesFromStorage(storage: StorageFile, path: string): CoordinatesFile {
  const versionText = storage.table.metadata.get('version');
  const version = versionText === undefined ? -1 : Number(versionText);
  const simmMotion = extname(path).toLowerCase() === '.mot' && !(version >= 1);
  const inDegrees = storage.inDegrees === true || simmMotion;
  if (storage.table.time.length < 1) {
    throw new KinechainError('MALFORMED_INPUT', `${path}: the coordinates file has no rows`, { path });
  }
  return { path, time: storage.table.time, labels: storage.table.labels, columns: storage.table.columns, inDegrees };
}

/**
 * The column index of each model coordinate in `labels` [nq] (-1 when absent): the
 * coordinate's name, or (with `acceptStatePaths`, as formCompleteStorages does) a state
 * path ending in "/<name>/value".
 */
export function coordinateColumns(model: SkeletonModel, labels: readonly string[], acceptStatePaths: boolean): Int32Array {
  const columns = new Int32Array(model.nq).fill(-1);
  for (let j = 0; j < model.nq; j++) {
    const name = model.coordinateName[j];
    let index = labels.indexOf(name);
    if (index < 0 && acceptStatePaths) index = labels.findIndex((label) => label.endsWith(`/${name}/value`));
    columns[j] = index;
  }
  return columns;
}

export interface ProcessedCoordinates {
  /** [n] times after padding and resampling (or as read when not filtered). */
  readonly time: Float64Array;
  /** Columns in SI units (rotational coordinates in radians), one [n] array per label. */
  readonly columns: readonly Float64Array[];
  readonly labels: readonly string[];
  /** [nq] column of each model coordinate, -1 when the file lacks it. */
  readonly coordinateColumn: Int32Array;
  readonly warnings: readonly string[];
}

/** Filter (cutoff >= 0) then convert rotational coordinate columns to radians. */
export function processCoordinates(
  model: SkeletonModel,
  file: CoordinatesFile,
  cutoffHz: number,
  acceptStatePaths: boolean,
): ProcessedCoordinates {
  const warnings: string[] = [];
  let time = file.time;
  let columns: Float64Array[] = file.columns.map((column) => Float64Array.from(column));
  if (cutoffHz >= 0) {
    if (cutoffHz === 0) {
      throw new KinechainError(
        'OUT_OF_RANGE',
        `lowpass_cutoff_frequency_for_coordinates is 0 Hz; give a positive cutoff, or -1 for no filtering`,
      );
    }
    const filtered = lowpassCoordinatesAsOpenSim({ time, columns }, cutoffHz);
    time = filtered.time;
    columns = filtered.columns as Float64Array[];
    for (const warning of filtered.warnings) warnings.push(`${file.path}: ${warning}`);
  }
  const coordinateColumn = coordinateColumns(model, file.labels, acceptStatePaths);
  if (file.inDegrees) {
    const factor = Math.PI / 180;
    for (let j = 0; j < model.nq; j++) {
      const column = coordinateColumn[j];
      if (column < 0 || model.coordinateKind[j] !== CoordinateKind.rotational) continue;
      const values = columns[column];
      for (let i = 0; i < values.length; i++) values[i] *= factor;
    }
  }
  for (let j = 0; j < model.nq; j++) {
    if (coordinateColumn[j] < 0) warnings.push(`${file.path} has no column for coordinate "${model.coordinateName[j]}"`);
  }
  return { time, columns, labels: file.labels, coordinateColumn, warnings };
}

/** Storage::findIndex: the last row whose time is <= t (0 when t precedes every row). */
export function rowAtOrBefore(time: ArrayLike<number>, t: number): number {
  let i = 0;
  while (i < time.length && !(t < time[i])) i++;
  return i - 1 < 0 ? 0 : i - 1;
}

// ---------------------------------------------------------------------------------
// Inverse dynamics: splines of q
// ---------------------------------------------------------------------------------

export interface CoordinateSplines {
  /** [n] the processed times (the tool picks its frames among them). */
  readonly time: Float64Array;
  /** [nq] the quintic spline of each coordinate, or null when the file lacks it. */
  readonly splines: readonly (GcvSpline | null)[];
  /** [nq] value used for coordinates without a spline (their default value). */
  readonly constant: Float64Array;
  readonly warnings: readonly string[];
}

/** InverseDynamicsTool: quintic interpolating splines of the processed coordinate columns. */
export function coordinateSplines(model: SkeletonModel, processed: ProcessedCoordinates): CoordinateSplines {
  const splines: (GcvSpline | null)[] = [];
  const constant = new Float64Array(model.nq);
  for (let j = 0; j < model.nq; j++) {
    const column = processed.coordinateColumn[j];
    constant[j] = model.coordinateDefault[j];
    splines.push(column < 0 ? null : fitGcvSpline(processed.time, processed.columns[column], { degree: 5, errorVariance: 0 }));
  }
  const warnings = processed.warnings.map((warning) =>
    warning.includes('has no column') ? `${warning}; it is held at its default value` : warning,
  );
  return { time: processed.time, splines, constant, warnings };
}

/**
 * q, qd, qdd [nframe*nq] at `times` from the splines (allocated once here; the tool's
 * frame loop then only reads them).
 */
export function sampleCoordinateSplines(
  splines: CoordinateSplines,
  times: Float64Array,
): { q: Float64Array; qd: Float64Array; qdd: Float64Array } {
  const nq = splines.splines.length;
  const nframe = times.length;
  const q = new Float64Array(nframe * nq);
  const qd = new Float64Array(nframe * nq);
  const qdd = new Float64Array(nframe * nq);
  for (let j = 0; j < nq; j++) {
    const spline = splines.splines[j];
    for (let frame = 0; frame < nframe; frame++) {
      const o = frame * nq + j;
      if (spline === null) {
        q[o] = splines.constant[j];
        continue;
      }
      const t = times[frame];
      q[o] = evaluateGcvSpline(spline, t, 0);
      qd[o] = evaluateGcvSpline(spline, t, 1);
      qdd[o] = evaluateGcvSpline(spline, t, 2);
    }
  }
  return { q, qd, qdd };
}

// ---------------------------------------------------------------------------------
// Analyses: states (q, u) and target accelerations
// ---------------------------------------------------------------------------------

export interface StateTrajectories {
  /** [n] the states' times. */
  readonly time: Float64Array;
  /** [n*nq] coordinates and speeds at the rows. */
  readonly q: Float64Array;
  readonly u: Float64Array;
  /** [nq] quintic splines of the speeds (their derivative is the target acceleration). */
  readonly speedSplines: readonly GcvSpline[];
  readonly warnings: readonly string[];
}

/** AnalyzeTool + formCompleteStorages: states (q, u) at the processed rows. */
export function stateTrajectories(model: SkeletonModel, processed: ProcessedCoordinates): StateTrajectories {
  const nq = model.nq;
  const time = processed.time;
  const n = time.length;
  const q = new Float64Array(n * nq);
  const u = new Float64Array(n * nq);
  const speedSplines: GcvSpline[] = [];
  const column = new Float64Array(n);
  const speed = new Float64Array(n);
  for (let j = 0; j < nq; j++) {
    const index = processed.coordinateColumn[j];
    if (index >= 0) column.set(processed.columns[index]);
    else column.fill(0);
    const spline = fitGcvSpline(time, column, { degree: 5, errorVariance: 0 });
    for (let i = 0; i < n; i++) {
      q[i * nq + j] = column[i];
      speed[i] = evaluateGcvSpline(spline, time[i], 1);
      u[i * nq + j] = speed[i];
    }
    speedSplines.push(fitGcvSpline(time, speed, { degree: 5, errorVariance: 0 }));
  }
  const warnings = processed.warnings.map((warning) => (warning.includes('has no column') ? `${warning}; it is held at 0` : warning));
  return { time, q, u, speedSplines, warnings };
}

/** udot [nq] at time t: the derivative of each speed spline. */
export function targetAccelerations(states: StateTrajectories, t: number, out: Float64Array): Float64Array {
  for (let j = 0; j < states.speedSplines.length; j++) out[j] = evaluateGcvSpline(states.speedSplines[j], t, 1);
  return out;
}
