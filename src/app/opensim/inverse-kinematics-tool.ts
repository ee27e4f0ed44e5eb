/**
 * OpenSim's InverseKinematicsTool: runs an IK setup .xml and writes what OpenSim writes.
 *
 * What it does, step by step as OpenSim (InverseKinematicsTool::run, 3.3 to 4.x):
 * - paths in the setup are relative to the setup file's folder;
 * - the model is imported from model_file (only the skeleton and the markers matter to
 *   IK, so forces are not imported and tissues are not compiled); locked coordinates
 *   are held at their default value, clamped coordinates kept in their range, coordinate
 *   couplers the import keeps as two coordinates are enforced (exactly when
 *   constraint_weight is Inf, as a weighted penalty otherwise);
 * - marker tasks (OpenSim's MarkersReference): the markers of applied IKMarkerTasks that
 *   the marker file has, with their weights; when no IKMarkerTask is applied, every
 *   marker of the file with weight 1. Of those, the ones the model has are tracked, in
 *   the marker file's order;
 * - coordinate tasks (applied IKCoordinateTasks): target from_file (the coordinate_file
 *   column through the interpolating quintic spline OpenSim fits, rotational columns
 *   taken in degrees and converted to radians; OpenSim converts them whatever the header
 *   says, kinechain leaves them alone when the file states inDegrees=no), manual_value
 *   (value, rad or m) or default_value (the model's default value); a task on a locked
 *   coordinate is dropped, as OpenSim's AssemblySolver does;
 * - frames: from max(first marker time, time_range[0]) to min(last marker time,
 *   time_range[1]) in steps of 1 / DataRate, int((final - start) DataRate) + 1 of them,
 *   each using the marker-file row nearest in time (the frame times written are
 *   start + i / DataRate, as in the OpenSim release that wrote the reference results;
 *   later releases step through the marker file's rows and write their own times);
 * - each frame is solved from the previous frame's solution (the first from the model's
 *   default pose) by core/solvers/inverse-kinematics.ts, converged to the optimum;
 * - output_motion_file (relative to the setup folder): every model coordinate in the
 *   model file's order, rotational ones (OpenSim's motion type, see motionTypeOf) in
 *   degrees, with OpenSim's "Coordinates" header; coupled coordinates folded into their
 *   joint by the import are written too, computed from their independent coordinate;
 * - report_errors: <results_directory>/<tool name>_ik_marker_errors.sto with
 *   total_squared_error (m^2), marker_error_RMS and marker_error_max (m) over the tracked
 *   markers (a missing marker counts as 0 error, as in OpenSim); report_marker_locations:
 *   <tool name>_ik_model_marker_locations.sto (m, ground). The tool name is the
 *   InverseKinematicsTool's name attribute, "" when absent (so "_ik_marker_errors.sto").
 *
 * options.resultsDir moves every output (the marker files and a relative
 * output_motion_file) into that folder, so a setup can be run without writing next to it.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { KinechainError } from '../../core/errors.js';
import { didYouMean } from '../../core/math/edit-distance.js';
import { evaluateFunction } from '../../core/math/functions.js';
import { FunctionTableBuilder } from '../../core/math/function-table-builder.js';
import {
  InverseKinematicsSolver,
  type InverseKinematicsCoordinateTask,
  type InverseKinematicsCoupling,
  type InverseKinematicsMarker,
} from '../../core/solvers/inverse-kinematics.js';
import { compile } from '../../spec/compile.js';
import type { ImportReport } from '../../io/opensim/osim-import-report.js';
import { importOsimModel } from '../../io/opensim/osim-import.js';
import type { OsimCoordinate, OsimJoint, OsimModel } from '../../io/opensim/osim-model.js';
import { readOsim } from '../../io/opensim/osim-reader.js';
import { readStorageFile, writeStorageFile, type StorageFile } from '../../io/opensim/storage.js';
import { readTrcFile } from '../../io/opensim/trc.js';
import { readTextFile } from '../../io/table/file-access.js';
import type { MarkerTrajectories } from '../../io/table/marker-trajectories.js';
import { makeTimeSeriesTable, type TimeSeriesTable } from '../../io/table/time-series-table.js';
import { NaturalQuinticSplines } from './coordinate-reference-spline.js';
import { parseIkTaskSetFile, parseInverseKinematicsSetup, type InverseKinematicsSetup } from './inverse-kinematics-setup.js';

const DEGREES_PER_RADIAN = 180 / Math.PI;

/** OpenSim's motion type of a coordinate: what decides whether the .mot holds it in degrees. */
export type OpenSimMotionType = 'rotational' | 'translational' | 'coupled';

/**
 * The motion type OpenSim gives a coordinate: as declared (3.x files), else OpenSim 4's
 * rule: a coordinate that drives a transform axis through a LinearFunction of slope +-1
 * is rotational (rotation axes) or translational (translation axes), one that drives
 * axes only through other functions is coupled; the fixed joint types are what they are.
 */
export function motionTypeOf(joint: OsimJoint, coordinate: OsimCoordinate): OpenSimMotionType {
  if (coordinate.motionType !== undefined) return coordinate.motionType;
  const index = joint.coordinates.indexOf(coordinate);
  switch (joint.type) {
    case 'SliderJoint':
      return 'translational';
    case 'FreeJoint':
      return index < 3 ? 'rotational' : 'translational';
    case 'PlanarJoint':
      return index < 1 ? 'rotational' : 'translational';
    case 'CustomJoint': {
      let type: OpenSimMotionType | undefined;
      const ordered = [...joint.spatialTransform.filter((axis) => axis.kind === 'rotation'), ...joint.spatialTransform.filter((axis) => axis.kind === 'translation')];
      for (const axis of ordered) {
        if (!axis.coordinates.includes(coordinate.name)) continue;
        const fn = axis.function;
        if (fn.type === 'LinearFunction' && (fn.slope === 1 || fn.slope === -1)) type = axis.kind === 'rotation' ? 'rotational' : 'translational';
        else type ??= 'coupled';
      }
      return type ?? 'coupled';
    }
    default:
      return 'rotational';
  }
}

export interface InverseKinematicsTrialInput {
  setup: InverseKinematicsSetup;
  /** The model document as read by readOsim. */
  osim: OsimModel;
  /** The marker file's trajectories (m). */
  markers: MarkerTrajectories;
  /** The coordinate file, when the setup names one. */
  coordinates?: StorageFile;
}

export interface InverseKinematicsTrial {
  /** Time and every OpenSim coordinate, rotational ones in degrees: the .mot content. */
  motion: TimeSeriesTable;
  /** Time, total_squared_error (m^2), marker_error_RMS (m), marker_error_max (m). */
  markerErrors: TimeSeriesTable;
  /** Time and <marker>_tx/_ty/_tz (m, ground) of the tracked markers. */
  markerLocations: TimeSeriesTable;
  /** Tracked markers in solve order, with their weights. */
  markers: { name: string; weight: number }[];
  /** Applied coordinate tasks. */
  coordinateTasks: { name: string; weight: number; valueType: string }[];
  /** Frames whose solve stopped at the iteration limit (indices into the motion rows). */
  unconvergedFrames: number[];
  /** Solver iterations per frame. */
  iterations: Int32Array;
  /** Things worth knowing (markers without data, ...). */
  warnings: string[];
  importReport: ImportReport;
}

function setupError(setup: InverseKinematicsSetup, key: string, code: 'UNSUPPORTED' | 'MALFORMED_INPUT' | 'UNKNOWN_NAME' | 'OUT_OF_RANGE', problem: string): KinechainError {
  const line = setup.lines[key] ?? setup.lines.InverseKinematicsTool ?? 0;
  const where = `${setup.fileName !== '' ? `${setup.fileName}: ` : ''}<${key}> at line ${line}`;
  return new KinechainError(code, `${where}: ${problem}`, { file: setup.fileName, line, element: key });
}

/** Row of `times` nearest to t (ties to the earlier row). */
function nearestRow(times: Float64Array, t: number): number {
  let low = 0;
  let high = times.length - 1;
  if (t <= times[0]) return 0;
  if (t >= times[high]) return high;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (times[mid] <= t) low = mid;
    else high = mid;
  }
  return t - times[low] <= times[high] - t ? low : high;
}

interface OpenSimCoordinate {
  name: string;
  motionType: OpenSimMotionType;
  clamped: boolean;
  defaultValue: number;
  line: number;
}

/** Every coordinate of the model file in OpenSim's CoordinateSet order (joints in order, then their coordinates). */
function openSimCoordinates(osim: OsimModel): OpenSimCoordinate[] {
  const coordinates: OpenSimCoordinate[] = [];
  for (const joint of osim.joints) {
    for (const coordinate of joint.coordinates) {
      coordinates.push({
        name: coordinate.name,
        motionType: motionTypeOf(joint, coordinate),
        clamped: coordinate.clamped,
        defaultValue: coordinate.defaultValue,
        line: coordinate.line,
      });
    }
  }
  return coordinates;
}

/**
 * Solves a trial in memory (no file access): the setup, the model document, the marker
 * trajectories and, when the setup has from_file coordinate tasks, the coordinate file.
 */
export function solveInverseKinematicsTrial(input: InverseKinematicsTrialInput): InverseKinematicsTrial {
  const { setup, osim, markers: trajectories } = input;
  const warnings: string[] = [];

  // The skeleton only: forces play no part in inverse kinematics.
  const { spec, report } = importOsimModel(
    { ...osim, forces: [] },
    { fileName: osim.fileName, ignoreUnsupportedWrapping: true, freezePathPointsAtDefaultPose: true, keepUncomposableCouplers: true },
  );
  const model = compile({ ...spec, tissues: [], lines: [] });
  const coordinates = openSimCoordinates(osim);
  const coordinateByName = new Map(coordinates.map((coordinate) => [coordinate.name, coordinate]));
  const composed = new Map(report.couplings.filter((coupling) => coupling.mapping === 'composed').map((coupling) => [coupling.dependent, coupling]));
  const couplings: InverseKinematicsCoupling[] = report.couplings
    .filter((coupling) => coupling.mapping === 'kept')
    .map((coupling) => ({ dependent: coupling.dependent, independent: coupling.independent, function: coupling.function }));

  // Markers, as OpenSim's MarkersReference and InverseKinematicsSolver choose them.
  const appliedMarkerTasks = setup.tasks.markerTasks.filter((task) => task.apply);
  const taskWeight = new Map(appliedMarkerTasks.map((task) => [task.name, task.weight]));
  const fileMarkers = trajectories.markerNames;
  const referenceMarkers = appliedMarkerTasks.length > 0 ? fileMarkers.filter((name) => taskWeight.has(name)) : [...fileMarkers];
  if (appliedMarkerTasks.length === 0) warnings.push('no IKMarkerTask is applied: as OpenSim, every marker of the marker file that the model has is tracked with weight 1');
  for (const task of appliedMarkerTasks) {
    if (!fileMarkers.includes(task.name)) warnings.push(`IKMarkerTask "${task.name}" (line ${task.line}) has no data in the marker file; it is ignored`);
  }
  const modelMarkers = new Map(osim.markers.map((marker) => [marker.name, marker]));
  const solverMarkers: InverseKinematicsMarker[] = [];
  const markerFileColumn: number[] = [];
  for (const name of referenceMarkers) {
    const marker = modelMarkers.get(name);
    if (marker === undefined) {
      if (taskWeight.has(name)) warnings.push(`IKMarkerTask "${name}" names a marker the model does not have; it is ignored`);
      continue;
    }
    solverMarkers.push({ name, body: marker.body, location: marker.location, weight: taskWeight.get(name) ?? 1 });
    markerFileColumn.push(fileMarkers.indexOf(name));
  }
  if (osim.markers.length === 0) throw setupError(setup, 'model_file', 'MALFORMED_INPUT', `the model "${osim.name}" has no markers to track`);
  if (solverMarkers.length === 0) {
    throw setupError(setup, 'marker_file', 'MALFORMED_INPUT', 'no marker of the marker file is both tracked by an applied IKMarkerTask and defined in the model');
  }
  if (solverMarkers.length < 4) warnings.push(`only ${solverMarkers.length} marker(s) to track`);

  // Coordinate tasks and their targets.
  const appliedCoordinateTasks = setup.tasks.coordinateTasks.filter((task) => task.apply);
  let splines: NaturalQuinticSplines | undefined;
  const splineColumn = new Map<string, number>();
  if (appliedCoordinateTasks.some((task) => task.valueType === 'from_file')) {
    if (input.coordinates === undefined) {
      throw setupError(setup, 'coordinate_file', 'MALFORMED_INPUT', 'IKCoordinateTasks take values from_file but the setup names no coordinate_file');
    }
    const table = input.coordinates.table;
    // OpenSim converts the rotational columns to radians (the file is taken to be in degrees unless it says otherwise).
    const inDegrees = input.coordinates.inDegrees !== false;
    const columns = table.labels.map((label, index) => {
      const coordinate = coordinateByName.get(label);
      const scale = inDegrees && coordinate?.motionType === 'rotational' ? 1 / DEGREES_PER_RADIAN : 1;
      return Float64Array.from(table.columns[index], (value) => value * scale);
    });
    table.labels.forEach((label, index) => splineColumn.set(label, index));
    splines = new NaturalQuinticSplines(table.time, columns, `coordinate file ${setup.coordinateFile}`);
  }
  const solverTasks: InverseKinematicsCoordinateTask[] = [];
  const taskTarget: ((time: number) => number)[] = [];
  for (const task of appliedCoordinateTasks) {
    const coordinate = coordinateByName.get(task.name);
    if (coordinate === undefined) {
      throw setupError(setup, 'IKTaskSet', 'UNKNOWN_NAME', `IKCoordinateTask "${task.name}" (line ${task.line}) names a coordinate the model does not have${didYouMean(task.name, coordinateByName.keys())}`);
    }
    if (composed.has(task.name)) {
      throw setupError(setup, 'IKTaskSet', 'UNSUPPORTED', `IKCoordinateTask "${task.name}" (line ${task.line}) targets a coupled coordinate that the import folded into its joint`);
    }
    if (task.valueType === 'from_file') {
      const column = splineColumn.get(task.name);
      if (column === undefined || splines === undefined) {
        throw setupError(setup, 'coordinate_file', 'UNKNOWN_NAME', `coordinate file ${setup.coordinateFile} has no column "${task.name}" for the IKCoordinateTask at line ${task.line}`);
      }
      const fitted = splines;
      taskTarget.push((time) => fitted.value(column, time));
    } else {
      const value = task.valueType === 'manual_value' ? task.value : model.coordinateDefault[model.coordinateIndex.get(task.name) as number];
      taskTarget.push(() => value);
    }
    solverTasks.push({ coordinate: task.name, weight: task.weight });
  }

  const bounded = coordinates.filter((coordinate) => coordinate.clamped && model.coordinateIndex.has(coordinate.name)).map((coordinate) => coordinate.name);
  const solver = new InverseKinematicsSolver(model, {
    markers: solverMarkers,
    coordinateTasks: solverTasks,
    boundedCoordinates: bounded,
    couplings,
    constraintWeight: setup.constraintWeight,
    accuracy: setup.accuracy,
  });

  // Frames.
  const times = trajectories.time;
  if (times.length === 0) throw setupError(setup, 'marker_file', 'MALFORMED_INPUT', 'the marker file has no frames');
  const start = Math.max(times[0], setup.timeRange[0]);
  const final = Math.min(times[times.length - 1], setup.timeRange[1]);
  if (!(final >= start)) {
    throw setupError(setup, 'time_range', 'OUT_OF_RANGE', `time_range [${setup.timeRange.join(', ')}] does not overlap the marker data (${times[0]} to ${times[times.length - 1]} s)`);
  }
  const step = 1 / trajectories.frameRate;
  const frameCount = Math.trunc((final - start) / step) + 1;

  // Outputs, allocated before the frame loop.
  const frameTime = new Float64Array(frameCount);
  const motionColumns = coordinates.map(() => new Float64Array(frameCount));
  const errorColumns = [new Float64Array(frameCount), new Float64Array(frameCount), new Float64Array(frameCount)];
  const nmarker = solverMarkers.length;
  const locationColumns = Array.from({ length: 3 * nmarker }, () => new Float64Array(frameCount));
  const iterations = new Int32Array(frameCount);
  const unconvergedFrames: number[] = [];

  // How each OpenSim coordinate is read from q: its own index, or (folded coupled
  // coordinates) a function of its independent coordinate's value.
  const builder = new FunctionTableBuilder();
  const coordinateSource = coordinates.map((coordinate) => {
    const index = model.coordinateIndex.get(coordinate.name);
    if (index !== undefined) return { index, functionIndex: -1 };
    const coupling = composed.get(coordinate.name);
    const independent = coupling ? model.coordinateIndex.get(coupling.independent) : undefined;
    if (coupling === undefined || independent === undefined) {
      throw new KinechainError('INTERNAL', `coordinate "${coordinate.name}" of the model file has no counterpart in the imported model`);
    }
    return { index: independent, functionIndex: builder.add(coupling.function, `coupling of "${coordinate.name}"`) };
  });
  const couplingFunctions = builder.build();
  const functionValue = new Float64Array(3);
  const degreeScale = coordinates.map((coordinate) => (coordinate.motionType === 'rotational' ? DEGREES_PER_RADIAN : 1));

  const q = Float64Array.from(model.coordinateDefault);
  const observations = new Float64Array(3 * nmarker);
  const targets = new Float64Array(solverTasks.length);
  const fileMarkerCount = fileMarkers.length;
  for (let frame = 0; frame < frameCount; frame++) {
    const time = start + frame * step;
    frameTime[frame] = time;
    const row = nearestRow(times, time);
    for (let k = 0; k < nmarker; k++) {
      const base = (row * fileMarkerCount + markerFileColumn[k]) * 3;
      observations[3 * k] = trajectories.positions[base];
      observations[3 * k + 1] = trajectories.positions[base + 1];
      observations[3 * k + 2] = trajectories.positions[base + 2];
    }
    for (let t = 0; t < targets.length; t++) targets[t] = taskTarget[t](time);
    const result = solver.solve(observations, q, targets);
    iterations[frame] = result.iterations;
    if (result.status === 'max-iterations') unconvergedFrames.push(frame);

    for (let c = 0; c < coordinates.length; c++) {
      const source = coordinateSource[c];
      let value = q[source.index];
      if (source.functionIndex >= 0) {
        evaluateFunction(couplingFunctions, source.functionIndex, value, functionValue, 0);
        value = functionValue[0];
      }
      motionColumns[c][frame] = value * degreeScale[c];
    }
    let total = 0;
    let largest = 0;
    for (let k = 0; k < nmarker; k++) {
      const squared = solver.markerSquaredError[k];
      total += squared;
      if (squared > largest) largest = squared;
      for (let axis = 0; axis < 3; axis++) locationColumns[3 * k + axis][frame] = solver.markerPosition[3 * k + axis];
    }
    errorColumns[0][frame] = total;
    errorColumns[1][frame] = Math.sqrt(total / nmarker);
    errorColumns[2][frame] = Math.sqrt(largest);
  }
  if (unconvergedFrames.length > 0) {
    warnings.push(`${unconvergedFrames.length} frame(s) stopped at the iteration limit before converging (first at t = ${frameTime[unconvergedFrames[0]]} s)`);
  }

  return {
    motion: makeTimeSeriesTable({ time: frameTime, labels: coordinates.map((coordinate) => coordinate.name), columns: motionColumns }),
    markerErrors: makeTimeSeriesTable({ time: frameTime, labels: ['total_squared_error', 'marker_error_RMS', 'marker_error_max'], columns: errorColumns }),
    markerLocations: makeTimeSeriesTable({
      time: frameTime,
      labels: solverMarkers.flatMap((marker) => [`${marker.name}_tx`, `${marker.name}_ty`, `${marker.name}_tz`]),
      columns: locationColumns,
    }),
    markers: solverMarkers.map((marker) => ({ name: marker.name, weight: marker.weight })),
    coordinateTasks: appliedCoordinateTasks.map((task) => ({ name: task.name, weight: task.weight, valueType: task.valueType })),
    unconvergedFrames,
    iterations,
    warnings,
    importReport: report,
  };
}

export interface InverseKinematicsToolOptions {
  /** Folder for every output instead of the setup's results_directory and folder. */
  resultsDir?: string;
}

export interface InverseKinematicsToolResult extends InverseKinematicsTrial {
  /** "InverseKinematicsTool". */
  tool: string;
  /** Absolute path of the setup file. */
  setupPath: string;
  /** Absolute folder of the marker files (results_directory or options.resultsDir). */
  resultsDirectory: string;
  /** Every file written, with its table. */
  files: { path: string; table: TimeSeriesTable }[];
  /** Where kinechain's kinematics knowingly differ from OpenSim's model (from the import). */
  approximations: string[];
  setup: InverseKinematicsSetup;
  /** Absolute paths of the inputs read and the outputs written (null when not written). */
  modelFile: string;
  markerFile: string;
  coordinateFile: string | null;
  motionFile: string | null;
  markerErrorsFile: string | null;
  markerLocationsFile: string | null;
}

/** Description lines OpenSim's Kinematics reporter writes into the .mot header. */
const MOTION_DESCRIPTION = ['', 'Units are S.I. units (second, meters, Newtons, ...)', 'Angles are in degrees.', ''];

/**
 * Runs an OpenSim InverseKinematicsTool setup file: reads the model, marker (and
 * coordinate) files it names, solves every frame and writes the motion and the marker
 * error (and location) files as OpenSim does. Errors: FILE_NOT_FOUND, MALFORMED_INPUT,
 * UNSUPPORTED (naming the setup element and line), UNKNOWN_NAME.
 */
export async function runInverseKinematicsTool(setupPath: string, options: InverseKinematicsToolOptions = {}): Promise<InverseKinematicsToolResult> {
  const setupFile = resolve(setupPath);
  const setupFolder = dirname(setupFile);
  const setup = parseInverseKinematicsSetup(await readTextFile(setupFile, 'inverse kinematics setup file'), setupFile);
  const inSetupFolder = (path: string) => (isAbsolute(path) ? path : resolve(setupFolder, path));

  if (setup.taskSetFile !== '') {
    const taskFile = inSetupFolder(setup.taskSetFile);
    setup.tasks = parseIkTaskSetFile(await readTextFile(taskFile, 'IK task set file'), taskFile);
  }
  const modelFile = inSetupFolder(setup.modelFile);
  const markerFile = inSetupFolder(setup.markerFile);
  if (!/\.trc$/i.test(markerFile)) {
    throw setupError(setup, 'marker_file', 'UNSUPPORTED', `marker file "${setup.markerFile}" is not a .trc file; kinechain reads TRC marker files`);
  }
  const osim = readOsim(await readTextFile(modelFile, 'OpenSim model file'), { fileName: basename(modelFile) });
  const trc = await readTrcFile(markerFile);
  const coordinateFile = setup.coordinateFile !== '' ? inSetupFolder(setup.coordinateFile) : null;
  const coordinates = coordinateFile !== null ? await readStorageFile(coordinateFile) : undefined;

  const trial = solveInverseKinematicsTrial({ setup, osim, markers: trc.markers, coordinates });

  const resultsFolder = options.resultsDir !== undefined ? resolve(options.resultsDir) : inSetupFolder(setup.resultsDirectory);
  const files: { path: string; table: TimeSeriesTable }[] = [];
  let motionFile: string | null = null;
  if (setup.outputMotionFile !== '') {
    motionFile = options.resultsDir !== undefined && !isAbsolute(setup.outputMotionFile) ? join(resultsFolder, setup.outputMotionFile) : inSetupFolder(setup.outputMotionFile);
    await mkdir(dirname(motionFile), { recursive: true });
    await writeStorageFile(motionFile, trial.motion, { name: 'Coordinates', inDegrees: true, description: MOTION_DESCRIPTION });
    files.push({ path: motionFile, table: trial.motion });
  }
  let markerErrorsFile: string | null = null;
  let markerLocationsFile: string | null = null;
  if (setup.reportErrors || setup.reportMarkerLocations) await mkdir(resultsFolder, { recursive: true });
  if (setup.reportErrors) {
    markerErrorsFile = join(resultsFolder, `${setup.toolName}_ik_marker_errors.sto`);
    await writeStorageFile(markerErrorsFile, trial.markerErrors, { name: 'Model Marker Errors from IK', inDegrees: false });
    files.push({ path: markerErrorsFile, table: trial.markerErrors });
  }
  if (setup.reportMarkerLocations) {
    markerLocationsFile = join(resultsFolder, `${setup.toolName}_ik_model_marker_locations.sto`);
    await writeStorageFile(markerLocationsFile, trial.markerLocations, { name: 'Model Marker Locations from IK', inDegrees: false });
    files.push({ path: markerLocationsFile, table: trial.markerLocations });
  }
  const approximations = trial.importReport.approximations.map((note) => `${note.element}${note.name !== '' ? ` "${note.name}"` : ''}: ${note.message}`);
  return {
    ...trial,
    tool: 'InverseKinematicsTool',
    setupPath: setupFile,
    resultsDirectory: resultsFolder,
    files,
    approximations,
    setup,
    modelFile,
    markerFile,
    coordinateFile,
    motionFile,
    markerErrorsFile,
    markerLocationsFile,
  };
}
