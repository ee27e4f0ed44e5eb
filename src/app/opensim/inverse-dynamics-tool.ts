/**
 * OpenSim's InverseDynamicsTool, driven by its setup file:
 *
 *   coordinates_file -> (lowpass_cutoff_frequency_for_coordinates) pad + Butterworth
 *   -> radians -> quintic GCV splines -> q, qd, qdd at the processed rows inside
 *   time_range -> rnea with gravity, the external_loads_file's forces and the passive
 *   tissues not in forces_to_exclude -> <output_gen_force_file> in results_directory,
 *   columns <coordinate>_moment (rotational) / <coordinate>_force (translational) in
 *   the model's tree order.
 *
 * Muscles must be excluded (forces_to_exclude Muscles, Actuators or All): OpenSim would
 * add their forces at the model's default muscle states, which kinechain does not
 * model. Actuators without a controller apply nothing in OpenSim and are ignored here.
 * CoordinateLimitForces that are not excluded, coupler constraints and
 * joints_to_report_body_forces are UNSUPPORTED (they change the result or its files).
 *
 * Split for benchmarking: prepareInverseDynamics (read files, import, compile) and
 * solveInverseDynamics (filter, splines, frame loop: allocation-free per frame).
 */
import { basename, extname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { KinechainError } from '../../core/errors.js';
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { makeData } from '../../core/model/make-data.js';
import { CoordinateKind, LawType, type Data, type Model } from '../../core/model/model.js';
import { rneaWithCurrentKinematics } from '../../core/dynamics/rnea.js';
import { momentArms } from '../../core/paths/moment-arm.js';
import { pathLength } from '../../core/paths/path-length.js';
import { pathVelocity } from '../../core/paths/path-velocity.js';
import { passiveTissueForce } from '../../core/tissues/passive-law.js';
import { writeStorageFile } from '../../io/opensim/storage.js';
import { makeTimeSeriesTable, type TimeSeriesTable } from '../../io/table/time-series-table.js';
import { childElement, type XmlElement } from '../../io/xml/xml-element.js';
import {
  coordinateSplines,
  processCoordinates,
  readCoordinatesFile,
  rowAtOrBefore,
  sampleCoordinateSplines,
  type CoordinatesFile,
} from './coordinate-trajectories.js';
import { externalWrenches, readPreparedExternalLoads, sampleExternalLoads, type PreparedExternalLoads } from './external-load-wrenches.js';
import { excludedForces, importNotes, loadOpenSimModel, pathApproximations, rejectCouplers, type LoadedOpenSimModel } from './opensim-model.js';
import type { OpenSimToolResult, RunOpenSimSetupOptions } from './opensim-tool-result.js';
import {
  checkToolElements,
  malformedSetting,
  resolveSetupPath,
  settingNames,
  settingNumber,
  settingRange,
  settingText,
  unsupportedSetting,
  type SetupDocument,
} from './setup-document.js';

export interface InverseDynamicsSettings {
  readonly modelFile: string;
  readonly resultsDirectory: string;
  readonly timeRange: [number, number];
  readonly forcesToExclude: readonly string[];
  readonly externalLoadsFile: string | undefined;
  readonly coordinatesFile: string;
  /** Hz; negative = no filtering. */
  readonly lowpassCutoffFrequency: number;
  /** File name of the generalised forces, with extension. */
  readonly outputFile: string;
}

const KNOWN_ELEMENTS = new Set([
  'model_file',
  'results_directory',
  'time_range',
  'forces_to_exclude',
  'external_loads_file',
  'coordinates_file',
  'lowpass_cutoff_frequency_for_coordinates',
  'output_gen_force_file',
  'joints_to_report_body_forces',
  'output_body_forces_file',
  'coordinates_in_degrees',
]);

/** Storage::printResult: a name without extension gets ".sto"; a folder part is ignored. */
export function resultFileName(name: string, warnings: string[], where: string): string {
  const file = basename(name);
  if (file !== name) warnings.push(`${where}: "${name}" names a folder; the file is written to the results directory as "${file}", as OpenSim does`);
  return extname(file) === '' ? `${file}.sto` : file;
}

/** Creates the results folder (and its parents); a path that cannot be a folder is MALFORMED_INPUT. */
export async function ensureResultsFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `cannot create the results folder ${folder}: ${(error as Error).message}; give a folder that can be written (results_directory or --results-dir)`,
      { path: folder },
    );
  }
}

/** The results folder: the caller's, or results_directory relative to the setup file. */
export function resultsFolder(document: SetupDocument, directory: string, options: RunOpenSimSetupOptions): string {
  return options.resultsDir !== undefined ? resolve(options.resultsDir) : resolveSetupPath(document, directory);
}

export function readInverseDynamicsSettings(document: SetupDocument, warnings: string[]): InverseDynamicsSettings {
  const tool = document.tool;
  checkToolElements(tool, KNOWN_ELEMENTS, warnings, (element: XmlElement) => {
    if (element.name === 'joints_to_report_body_forces' && element.text.trim() !== '') {
      return 'asks for joint body forces (output_body_forces_file), which kinechain does not compute yet; empty it to run';
    }
    return undefined;
  });
  if (childElement(tool, 'coordinates_in_degrees') !== undefined) {
    warnings.push(`${document.path}: <coordinates_in_degrees> is ignored, as OpenSim 4 ignores it: the coordinates file's header decides`);
  }
  const modelFile = settingText(tool, 'model_file');
  if (modelFile === undefined) throw malformedSetting(childElement(tool, 'model_file') ?? tool, 'names no model file (<model_file>)');
  const coordinatesFile = settingText(tool, 'coordinates_file');
  if (coordinatesFile === undefined) {
    throw malformedSetting(childElement(tool, 'coordinates_file') ?? tool, 'names no coordinates file (<coordinates_file>): the motion to analyse');
  }
  const output = settingText(tool, 'output_gen_force_file') ?? 'inverse_dynamics.sto';
  return {
    modelFile: resolveSetupPath(document, modelFile),
    resultsDirectory: settingText(tool, 'results_directory') ?? './',
    timeRange: settingRange(tool, 'time_range', [-Infinity, Infinity]),
    forcesToExclude: settingNames(tool, 'forces_to_exclude'),
    externalLoadsFile: ((file) => (file === undefined ? undefined : resolveSetupPath(document, file)))(settingText(tool, 'external_loads_file')),
    coordinatesFile: resolveSetupPath(document, coordinatesFile),
    lowpassCutoffFrequency: settingNumber(tool, 'lowpass_cutoff_frequency_for_coordinates', -1),
    outputFile: resultFileName(output, warnings, `${document.path}: <output_gen_force_file>`),
  };
}

/** Everything read from files, ready for solveInverseDynamics. */
export interface PreparedInverseDynamics {
  readonly document: SetupDocument;
  readonly settings: InverseDynamicsSettings;
  readonly loaded: LoadedOpenSimModel;
  readonly model: Model;
  readonly data: Data;
  readonly coordinates: CoordinatesFile;
  readonly externalLoads: PreparedExternalLoads | undefined;
  /** Passive tissues (ligaments, path springs) that apply force (not excluded). */
  readonly passiveTissues: Int32Array;
  readonly warnings: string[];
  readonly approximations: string[];
}

export async function prepareInverseDynamics(document: SetupDocument, options: RunOpenSimSetupOptions = {}): Promise<PreparedInverseDynamics> {
  const warnings: string[] = [];
  const settings = readInverseDynamicsSettings(document, warnings);
  const loaded = await loadOpenSimModel(settings.modelFile, { freezePathPoints: options.approximations?.freezePathPointsAtDefaultPose === true });
  rejectCouplers(loaded, 'inverse dynamics');
  const model = loaded.model;
  const excludeElement = childElement(document.tool, 'forces_to_exclude') ?? document.tool;
  const excluded = excludedForces(loaded, settings.forcesToExclude, warnings, `${document.path}: <forces_to_exclude>`);
  const active = loaded.forces.filter((force) => !excluded.has(force.name));
  const muscle = active.find((force) => force.kind === 'muscle');
  if (muscle !== undefined) {
    throw unsupportedSetting(
      excludeElement,
      `leaves muscle "${muscle.name}" (line ${muscle.line} of ${basename(loaded.path)}) applying force; inverse dynamics in kinechain ` +
        'needs muscles excluded (add Muscles to forces_to_exclude), since their forces at default states are not modelled',
    );
  }
  const limit = active.find((force) => force.kind === 'coordinateLimitForce' || force.kind === 'other');
  if (limit !== undefined) {
    throw unsupportedSetting(
      excludeElement,
      `leaves ${limit.element} "${limit.name}" (line ${limit.line} of ${basename(loaded.path)}) applying force, which kinechain does not model; exclude it to run`,
    );
  }
  const passiveNames = new Set(active.filter((force) => force.kind === 'passive').map((force) => force.name));
  const passiveTissues = Int32Array.from(
    [...passiveNames].map((name) => model.tissueIndex.get(name)).filter((index): index is number => index !== undefined),
  );
  const approximations = pathApproximations(loaded, passiveNames, options.approximations ?? {});
  approximations.push(...importNotes(loaded, passiveNames));
  const coordinates = await readCoordinatesFile(settings.coordinatesFile);
  const externalLoads = await readPreparedExternalLoads(settings.externalLoadsFile, model, warnings);
  return {
    document,
    settings,
    loaded,
    model,
    data: makeData(model),
    coordinates,
    externalLoads,
    passiveTissues,
    warnings,
    approximations,
  };
}

export interface InverseDynamicsSolution {
  /** [nframe] frame times (s). */
  readonly time: Float64Array;
  /** Column labels (time excluded): <coordinate>_moment / _force. */
  readonly labels: readonly string[];
  /** [nframe*nq] generalised forces (N m or N), row-major by frame. */
  readonly generalizedForce: Float64Array;
  readonly table: TimeSeriesTable;
  readonly warnings: readonly string[];
}

/** The ID column label of coordinate j (OpenSim: rotational -> _moment, otherwise _force). */
export function generalizedForceLabel(model: Model, j: number): string {
  return `${model.coordinateName[j]}${model.coordinateKind[j] === CoordinateKind.rotational ? '_moment' : '_force'}`;
}

/** Filtering, splines and the frame loop. Pure computation on prepared inputs. */
export function solveInverseDynamics(prepared: PreparedInverseDynamics): InverseDynamicsSolution {
  const { model, data, settings } = prepared;
  const nq = model.nq;
  const processed = processCoordinates(model, prepared.coordinates, settings.lowpassCutoffFrequency, false);
  const splines = coordinateSplines(model, processed);
  const rows = splines.time;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const startTime = first > settings.timeRange[0] ? first : settings.timeRange[0];
  const finalTime = last < settings.timeRange[1] ? last : settings.timeRange[1];
  if (startTime > finalTime) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `time_range ${settings.timeRange[0]} .. ${settings.timeRange[1]} s does not overlap the coordinates (${first} .. ${last} s)`,
    );
  }
  const startRow = rowAtOrBefore(rows, startTime);
  const finalRow = rowAtOrBefore(rows, finalTime);
  const time = rows.slice(startRow, finalRow + 1);
  const nframe = time.length;
  const { q, qd, qdd } = sampleCoordinateSplines(splines, time);
  const loads = prepared.externalLoads === undefined ? undefined : sampleExternalLoads(prepared.externalLoads, time);

  const generalizedForce = new Float64Array(nframe * nq);
  const wrench = new Float64Array(6 * model.nbody);
  const frameQd = new Float64Array(nq);
  const frameQdd = new Float64Array(nq);
  const passive = prepared.passiveTissues;
  const tau = data.generalizedForce;
  for (let frame = 0; frame < nframe; frame++) {
    const o = frame * nq;
    for (let j = 0; j < nq; j++) {
      data.q[j] = q[o + j];
      frameQd[j] = qd[o + j];
      frameQdd[j] = qdd[o + j];
    }
    forwardKinematics(model, data, data.q);
    if (loads !== undefined) externalWrenches(model, data, loads, frame, wrench);
    rneaWithCurrentKinematics(model, data, frameQd, frameQdd, loads === undefined ? undefined : wrench);
    for (let j = 0; j < nq; j++) generalizedForce[o + j] = tau[j];
    if (passive.length > 0) subtractPassiveTissues(model, data, passive, frameQd, generalizedForce, o);
  }

  const labels = Array.from({ length: nq }, (_, j) => generalizedForceLabel(model, j));
  const columns = labels.map((_, j) => {
    const column = new Float64Array(nframe);
    for (let frame = 0; frame < nframe; frame++) column[frame] = generalizedForce[frame * nq + j];
    return column;
  });
  const table = makeTimeSeriesTable({ time, labels, columns, metadata: { inDegrees: 'no' } });
  return { time, labels, generalizedForce, table, warnings: splines.warnings };
}

/** The passive tissues' generalised forces help the motion: ID subtracts them. */
function subtractPassiveTissues(model: Model, data: Data, passive: Int32Array, qd: Float64Array, out: Float64Array, offset: number): void {
  pathLength(model, data);
  pathVelocity(model, data, qd);
  momentArms(model, data);
  const nq = model.nq;
  for (let k = 0; k < passive.length; k++) {
    const tissue = passive[k];
    if (model.tissueLaw[tissue] !== LawType.passive || model.tissueActsOnSkeleton[tissue] === 0) continue;
    const tension = passiveTissueForce(
      data.tissueLength[tissue],
      data.tissueVelocity[tissue],
      model.passiveSlackLength[tissue],
      model.passiveStiffness[tissue],
      model.passiveToeStrain[tissue],
      model.passiveDamping[tissue],
    );
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) out[offset + j] -= data.tissueMomentArm[row + j] * tension;
  }
}

/** Runs the tool: reads, solves, writes the generalised forces file. */
export async function runInverseDynamicsTool(document: SetupDocument, options: RunOpenSimSetupOptions = {}): Promise<OpenSimToolResult> {
  const prepared = await prepareInverseDynamics(document, options);
  const solution = solveInverseDynamics(prepared);
  const folder = resultsFolder(document, prepared.settings.resultsDirectory, options);
  await ensureResultsFolder(folder);
  const path = resolve(folder, prepared.settings.outputFile);
  await writeStorageFile(path, solution.table, { name: 'Inverse Dynamics Generalized Forces', inDegrees: false });
  return {
    tool: document.toolName,
    setupPath: document.path,
    resultsDirectory: folder,
    files: [{ path, table: solution.table }],
    warnings: [...prepared.warnings, ...solution.warnings],
    approximations: prepared.approximations,
  };
}
