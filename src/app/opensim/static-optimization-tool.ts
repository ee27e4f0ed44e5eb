/**
 * OpenSim's AnalyzeTool running a StaticOptimization analysis, driven by its setup file:
 *
 *   coordinates_file -> (lowpass_cutoff_frequency_for_coordinates) pad + Butterworth
 *   -> radians -> states: q at the rows, u = derivative of q's quintic GCV spline
 *   -> rows from initial_time to final_time (the last rows at or before each)
 *   -> at each row: target accelerations = derivative of u's quintic spline; the
 *      generalised forces they need (rnea: gravity, external_loads_file's forces)
 *      shared among muscles and actuators by minimising sum |control|^p
 *   -> <name>_StaticOptimization_activation.sto and _force.sto in results_directory.
 *
 * As OpenSim's StaticOptimization (StaticOptimizationTarget):
 * - a muscle's force is control * its capacity, its force along the tendon at activation
 *   1 at the row's length and lengthening speed (use_muscle_physiology true), or control *
 *   max isometric force (false). The capacity of a Thelen2003Muscle follows the OpenSim
 *   version that wrote the setup (opensim-muscle-capacity.ts): OpenSim 3/4's rigid-tendon
 *   active fibre force with the muscle's own curve shapes, or, for documents of Version
 *   < 30000, OpenSim 2's elastic-tendon isometric force times its generic force-velocity
 *   curve; other muscles use kinechain's rigid-tendon law. No passive fibre force beyond
 *   that (OpenSim overrides the muscle's whole tension);
 * - PointActuators and TorqueActuators (model or force set files) are optimised like
 *   coordinate actuators, their generalised force per newton recomputed at each row
 *   (body-actuator.ts);
 * - muscles' controls are bounded by their min_control/max_control (0 .. 1 by default),
 *   coordinate actuators' by theirs, and an actuator's force is control * optimal force;
 * - every unlocked coordinate's equation is enforced;
 * - use_model_force_set false replaces muscles by a coordinate actuator "<coordinate>_actuator"
 *   (optimal force 1, unbounded) on every unlocked coordinate; force_set_files' actuators are appended to
 *   the model's (replace_force_set true: they replace the model's forces).
 *
 * kinechain solves each row exactly (core/solvers/static-optimization.ts: a bounded QP
 * for p = 2, sequential QP otherwise); OpenSim runs IPOPT to
 * optimizer_convergence_criterion, so its activations carry that optimisation error.
 * Actuator controls are costed u^2 for every p (OpenSim: |u|^p; equal at p = 2).
 */
import { resolve } from 'node:path';
import { KinechainError } from '../../core/errors.js';
import { rnea } from '../../core/dynamics/rnea.js';
import { makeData } from '../../core/model/make-data.js';
import type { Data, Model } from '../../core/model/model.js';
import {
  makeStaticOptimization,
  solveStaticOptimizationAtPose,
  type CoordinateActuatorSet,
  type StaticOptimizationSolver,
} from '../../core/solvers/static-optimization.js';
import type { OsimMuscleParameters } from '../../io/opensim/osim-model.js';
import { writeStorageFile } from '../../io/opensim/storage.js';
import { makeTimeSeriesTable, type TimeSeriesTable } from '../../io/table/time-series-table.js';
import { childElement, type XmlElement } from '../../io/xml/xml-element.js';
import { compile } from '../../spec/compile.js';
import {
  processCoordinates,
  readCoordinatesFile,
  rowAtOrBefore,
  stateTrajectories,
  targetAccelerations,
  type CoordinatesFile,
} from './coordinate-trajectories.js';
import { externalWrenches, readPreparedExternalLoads, sampleExternalLoads, type PreparedExternalLoads } from './external-load-wrenches.js';
import { bodyActuatorGeneralizedForce, readBodyActuatorGeometry, resolveBodyActuator, type BodyActuatorGeometry } from './body-actuator.js';
import { readForceSetFile } from './force-set-file.js';
import { openSimMuscleCapacity, type OpenSimMuscleCapacityModel } from './opensim-muscle-capacity.js';
import { ensureResultsFolder, resultFileName, resultsFolder } from './inverse-dynamics-tool.js';
import { importNotes, loadOpenSimModel, pathApproximations, rejectCouplers, type LoadedOpenSimModel, type ToolForce } from './opensim-model.js';
import type { OpenSimToolResult, RunOpenSimSetupOptions } from './opensim-tool-result.js';
import {
  checkToolElements,
  malformedSetting,
  resolveSetupPath,
  settingBoolean,
  settingNames,
  settingNumber,
  settingText,
  unsupportedSetting,
  type SetupDocument,
} from './setup-document.js';

export interface StaticOptimizationSettings {
  readonly modelFile: string;
  readonly replaceForceSet: boolean;
  readonly forceSetFiles: readonly string[];
  readonly resultsDirectory: string;
  /** Decimals written (output_precision, default 8). */
  readonly outputPrecision: number;
  readonly initialTime: number;
  readonly finalTime: number;
  readonly externalLoadsFile: string | undefined;
  readonly coordinatesFile: string;
  readonly lowpassCutoffFrequency: number;
  /** The StaticOptimization analysis. */
  readonly analysisName: string;
  readonly stepInterval: number;
  readonly useModelForceSet: boolean;
  readonly activationExponent: number;
  readonly useMusclePhysiology: boolean;
  readonly convergenceCriterion: number;
  readonly maxIterations: number;
}

const KNOWN_ELEMENTS = new Set([
  'model_file',
  'replace_force_set',
  'force_set_files',
  'results_directory',
  'output_precision',
  'initial_time',
  'final_time',
  'solve_for_equilibrium_for_auxiliary_states',
  'maximum_number_of_integrator_steps',
  'maximum_integrator_step_size',
  'minimum_integrator_step_size',
  'integrator_error_tolerance',
  'AnalysisSet',
  'ControllerSet',
  'external_loads_file',
  'states_file',
  'coordinates_file',
  'speeds_file',
  'lowpass_cutoff_frequency_for_coordinates',
  'external_loads_model_kinematics_file',
  'lowpass_cutoff_frequency_for_load_kinematics',
  'controls_file',
]);

const STATIC_OPTIMIZATION_ELEMENTS = new Set([
  'on',
  'start_time',
  'end_time',
  'step_interval',
  'in_degrees',
  'use_model_force_set',
  'use_model_actuator_set',
  'activation_exponent',
  'use_muscle_physiology',
  'optimizer_convergence_criterion',
  'optimizer_max_iterations',
]);

function unsupportedToolElement(element: XmlElement): string | undefined {
  const text = element.text.trim();
  const assigned = text !== '' && text.toLowerCase() !== 'unassigned';
  if (element.name === 'states_file' && assigned) return 'is not supported yet: give the motion as a coordinates_file';
  if (element.name === 'speeds_file' && assigned) return 'is not supported yet: speeds are computed from the coordinates by differentiation';
  if (element.name === 'controls_file' && assigned) return 'is not supported: static optimisation computes the controls';
  return undefined;
}

/** The StaticOptimization analysis of the AnalysisSet; any other analysis that is on is UNSUPPORTED. */
function staticOptimizationElement(tool: XmlElement): XmlElement {
  const analysisSet = childElement(tool, 'AnalysisSet');
  const analyses = childElement(analysisSet ?? tool, 'objects')?.children ?? [];
  let found: XmlElement | undefined;
  for (const analysis of analyses) {
    const on = childElement(analysis, 'on');
    const isOn = on === undefined || on.text.trim().toLowerCase() !== 'false';
    if (analysis.name === 'StaticOptimization') {
      if (found !== undefined) throw unsupportedSetting(analysis, 'is a second StaticOptimization; run one per setup file');
      if (isOn) found = analysis;
      continue;
    }
    if (isOn) throw unsupportedSetting(analysis, 'is an analysis kinechain does not run; the AnalyzeTool runs StaticOptimization only (turn this one off with <on>false</on>)');
  }
  if (found === undefined) {
    throw unsupportedSetting(analysisSet ?? tool, 'has no StaticOptimization analysis that is on; kinechain\'s AnalyzeTool runs StaticOptimization only');
  }
  return found;
}

export function readStaticOptimizationSettings(document: SetupDocument, warnings: string[]): StaticOptimizationSettings {
  const tool = document.tool;
  checkToolElements(tool, KNOWN_ELEMENTS, warnings, unsupportedToolElement);
  const analysis = staticOptimizationElement(tool);
  for (const child of analysis.children) {
    if (!STATIC_OPTIMIZATION_ELEMENTS.has(child.name)) {
      warnings.push(`${document.path}: line ${child.line}: <${child.name}> is not a setting of StaticOptimization; it was ignored`);
    }
  }
  const controllers = childElement(childElement(tool, 'ControllerSet') ?? tool, 'objects');
  if (controllers !== undefined && controllers.children.length > 0) {
    warnings.push(`${document.path}: the ControllerSet is ignored: static optimisation disables controllers, as in OpenSim`);
  }
  if (settingText(tool, 'external_loads_model_kinematics_file') !== undefined) {
    warnings.push(`${document.path}: <external_loads_model_kinematics_file> is ignored, as OpenSim 4 ignores it`);
  }
  const modelFile = settingText(tool, 'model_file');
  if (modelFile === undefined) throw malformedSetting(childElement(tool, 'model_file') ?? tool, 'names no model file (<model_file>)');
  const coordinatesFile = settingText(tool, 'coordinates_file');
  if (coordinatesFile === undefined) {
    throw malformedSetting(childElement(tool, 'coordinates_file') ?? tool, 'names no coordinates file (<coordinates_file>): the motion to analyse');
  }
  const outputPrecision = settingNumber(tool, 'output_precision', 8);
  if (!Number.isInteger(outputPrecision) || outputPrecision < 1 || outputPrecision > 30) {
    throw malformedSetting(childElement(tool, 'output_precision') ?? tool, `must be a whole number of decimals from 1 to 30, got ${outputPrecision}`);
  }
  const stepInterval = settingNumber(analysis, 'step_interval', 1);
  if (!Number.isInteger(stepInterval) || stepInterval < 1) {
    throw malformedSetting(childElement(analysis, 'step_interval') ?? analysis, `must be a positive whole number, got ${stepInterval}`);
  }
  const exponent = settingNumber(analysis, 'activation_exponent', 2);
  if (!(exponent > 1) || !Number.isFinite(exponent)) {
    throw unsupportedSetting(childElement(analysis, 'activation_exponent') ?? analysis, `is ${exponent}; kinechain needs an exponent > 1 (a strictly convex objective)`);
  }
  if (childElement(analysis, 'start_time') !== undefined || childElement(analysis, 'end_time') !== undefined) {
    warnings.push(`${document.path}: StaticOptimization start_time/end_time are ignored, as in OpenSim 4: the tool's initial_time and final_time set the rows`);
  }
  const externalLoads = settingText(tool, 'external_loads_file');
  return {
    modelFile: resolveSetupPath(document, modelFile),
    replaceForceSet: settingBoolean(tool, 'replace_force_set', false),
    forceSetFiles: settingNames(tool, 'force_set_files').map((file) => resolveSetupPath(document, file)),
    resultsDirectory: settingText(tool, 'results_directory') ?? './',
    outputPrecision,
    initialTime: settingNumber(tool, 'initial_time', 0),
    finalTime: settingNumber(tool, 'final_time', 1),
    externalLoadsFile: externalLoads === undefined ? undefined : resolveSetupPath(document, externalLoads),
    coordinatesFile: resolveSetupPath(document, coordinatesFile),
    lowpassCutoffFrequency: settingNumber(tool, 'lowpass_cutoff_frequency_for_coordinates', -1),
    analysisName: analysis.attributes.name || 'StaticOptimization',
    stepInterval,
    useModelForceSet: settingBoolean(analysis, 'use_model_force_set', settingBoolean(analysis, 'use_model_actuator_set', true)),
    activationExponent: exponent,
    useMusclePhysiology: settingBoolean(analysis, 'use_muscle_physiology', true),
    convergenceCriterion: settingNumber(analysis, 'optimizer_convergence_criterion', 1e-4),
    maxIterations: settingNumber(analysis, 'optimizer_max_iterations', 100),
  };
}

/** One unknown of the optimisation, in OpenSim's column order. */
interface OptimizationActuator {
  readonly name: string;
  readonly kind: 'muscle' | 'coordinate' | 'body';
  /** Muscles: tissue index; coordinate actuators: coordinate index; body actuators: their order among them. */
  readonly index: number;
  readonly optimalForce: number;
  /** Body actuators (PointActuator, TorqueActuator): where and how they act. */
  readonly geometry?: BodyActuatorGeometry;
  readonly bodies?: { readonly first: number; readonly second: number };
}

export interface PreparedStaticOptimization {
  readonly document: SetupDocument;
  readonly settings: StaticOptimizationSettings;
  readonly loaded: LoadedOpenSimModel;
  readonly model: Model;
  readonly data: Data;
  readonly solver: StaticOptimizationSolver;
  readonly actuators: readonly OptimizationActuator[];
  readonly coordinates: CoordinatesFile;
  readonly externalLoads: PreparedExternalLoads | undefined;
  readonly warnings: string[];
  readonly approximations: string[];
  /** How the muscles' force at full activation is computed (RunOpenSimSetupOptions.muscleCapacity). */
  readonly muscleCapacityModel: OpenSimMuscleCapacityModel;
}

/** OpenSim 2 (documents of Version < 30000) computed static optimisation's muscle capacity differently. */
export function defaultMuscleCapacityModel(documentVersion: number | undefined, modelVersion: number): OpenSimMuscleCapacityModel {
  const version = documentVersion ?? modelVersion;
  return version > 0 && version < 30000 ? 'isokinetic-elastic-tendon' : 'rigid-tendon';
}

/** The actuators the optimisation shares the load among, in OpenSim's order, and the model they act on. */
function optimizationForces(
  loaded: LoadedOpenSimModel,
  settings: StaticOptimizationSettings,
  fileForces: readonly ToolForce[],
): { forces: ToolForce[]; keepMuscles: boolean; keepPassive: boolean } {
  const modelForces = settings.replaceForceSet ? [] : loaded.forces.filter((force) => force.enabled);
  const files = fileForces.filter((force) => force.enabled);
  if (settings.useModelForceSet) return { forces: [...modelForces, ...files], keepMuscles: !settings.replaceForceSet, keepPassive: !settings.replaceForceSet };
  // A coordinate actuator (optimal force 1, unbounded) on every unlocked coordinate, then
  // the forces that are not muscles.
  const generated: ToolForce[] = [];
  const model = loaded.model;
  for (let j = 0; j < model.nq; j++) {
    if (model.coordinateLocked[j] === 1) continue;
    generated.push({
      name: `${model.coordinateName[j]}_actuator`,
      element: 'CoordinateActuator',
      line: 0,
      kind: 'coordinateActuator',
      enabled: true,
      minControl: -Infinity,
      maxControl: Infinity,
      coordinate: model.coordinateName[j],
      optimalForce: 1,
    });
  }
  return { forces: [...generated, ...[...modelForces, ...files].filter((force) => force.kind !== 'muscle')], keepMuscles: false, keepPassive: !settings.replaceForceSet };
}

export async function prepareStaticOptimization(document: SetupDocument, options: RunOpenSimSetupOptions = {}): Promise<PreparedStaticOptimization> {
  const warnings: string[] = [];
  const settings = readStaticOptimizationSettings(document, warnings);
  const loaded = await loadOpenSimModel(settings.modelFile, { freezePathPoints: options.approximations?.freezePathPointsAtDefaultPose === true });
  rejectCouplers(loaded, 'static optimisation');
  const fileForces: ToolForce[] = [];
  for (const file of settings.forceSetFiles) fileForces.push(...(await readForceSetFile(file)));
  const { forces, keepMuscles, keepPassive } = optimizationForces(loaded, settings, fileForces);

  const where = (force: ToolForce) => `${force.element} "${force.name}"${force.line > 0 ? ` (line ${force.line})` : ''}`;
  for (const force of forces) {
    if (force.kind === 'coordinateLimitForce' || force.kind === 'other') {
      throw new KinechainError(
        'UNSUPPORTED',
        `${where(force)} of the model applies force in the static optimisation, and kinechain supports muscles, passive tissues, ` +
          'CoordinateActuators, PointActuators and TorqueActuators only',
        { force: force.name },
      );
    }
  }

  // The model the optimisation runs on: muscles and passive tissues kept or removed.
  const muscleNames = new Set(loaded.forces.filter((force) => force.kind === 'muscle').map((force) => force.name));
  const passiveNames = new Set(loaded.forces.filter((force) => force.kind === 'passive' && force.enabled).map((force) => force.name));
  const tissues = loaded.spec.tissues.filter((tissue) => (muscleNames.has(tissue.name) ? keepMuscles : keepPassive && passiveNames.has(tissue.name)));
  const model = tissues.length === loaded.spec.tissues.length ? loaded.model : compile({ ...loaded.spec, tissues });

  const used = new Set(tissues.map((tissue) => tissue.name));
  const approximations = pathApproximations(loaded, used, options.approximations ?? {});
  approximations.push(...importNotes(loaded, used));

  // Unknowns in OpenSim's order.
  const actuators: OptimizationActuator[] = [];
  let muscleBounds: [number, number] | undefined;
  const reserveSets = new Map<string, { optimalForce: number; maxControl: number; coordinates: string[] }>();
  const residualSets = new Map<string, { optimalForce: number; maxControl: number; coordinates: string[] }>();
  const rootCoordinates = new Set<number>();
  for (let body = 1; body < model.nbody; body++) {
    if (model.bodyParent[body] !== 0) continue;
    for (let j = model.jointCoordAdr[body]; j < model.jointCoordAdr[body] + model.jointCoordNum[body]; j++) rootCoordinates.add(j);
  }
  const driven = new Set<number>();
  const generalActuators: { optimalForce: number; maxControl: number }[] = [];
  for (const force of forces) {
    if (force.kind === 'passive') continue;
    if (force.kind === 'muscle') {
      const tissue = model.tissueIndex.get(force.name);
      if (tissue === undefined) continue;
      if (muscleBounds === undefined) muscleBounds = [force.minControl, force.maxControl];
      else if (muscleBounds[0] !== force.minControl || muscleBounds[1] !== force.maxControl) {
        throw new KinechainError(
          'UNSUPPORTED',
          `${where(force)} has control bounds ${force.minControl} .. ${force.maxControl}, other muscles ${muscleBounds[0]} .. ${muscleBounds[1]}; ` +
            'kinechain\'s static optimisation takes one activation range for all muscles',
          { force: force.name },
        );
      }
      actuators.push({ name: force.name, kind: 'muscle', index: tissue, optimalForce: model.muscleMaxIsometricForce[tissue] });
      continue;
    }
    if (force.kind === 'pointActuator' || force.kind === 'torqueActuator') {
      const geometry = readBodyActuatorGeometry(force.element, force.properties ?? {}, where(force));
      const bodies = resolveBodyActuator(model, geometry, where(force));
      if (force.minControl !== -force.maxControl || !(force.maxControl > 0)) {
        throw new KinechainError(
          'UNSUPPORTED',
          `${where(force)} has control bounds ${force.minControl} .. ${force.maxControl}; kinechain's actuators take symmetric bounds -u .. u`,
          { force: force.name },
        );
      }
      const optimalForce = force.optimalForce ?? 1;
      actuators.push({ name: force.name, kind: 'body', index: generalActuators.length, optimalForce, geometry, bodies });
      generalActuators.push({ optimalForce, maxControl: force.maxControl });
      continue;
    }
    // Coordinate actuator.
    const coordinate = model.coordinateIndex.get(force.coordinate ?? '');
    if (coordinate === undefined) {
      throw new KinechainError('UNKNOWN_NAME', `${where(force)} acts on "${force.coordinate}", which is not a coordinate of the model`, { force: force.name });
    }
    if (model.coordinateLocked[coordinate] === 1) {
      warnings.push(`${where(force)} acts on locked coordinate "${force.coordinate}"; it was left out (the coordinate's equation is not enforced)`);
      continue;
    }
    if (driven.has(coordinate)) {
      throw new KinechainError(
        'UNSUPPORTED',
        `${where(force)} is a second actuator on "${force.coordinate}"; kinechain's static optimisation takes one actuator per coordinate`,
        { force: force.name },
      );
    }
    if (force.minControl !== -force.maxControl || !(force.maxControl > 0)) {
      throw new KinechainError(
        'UNSUPPORTED',
        `${where(force)} has control bounds ${force.minControl} .. ${force.maxControl}; kinechain's actuators take symmetric bounds -u .. u`,
        { force: force.name },
      );
    }
    driven.add(coordinate);
    const optimalForce = force.optimalForce ?? 1;
    const sets = rootCoordinates.has(coordinate) ? residualSets : reserveSets;
    const key = `${optimalForce}|${force.maxControl}`;
    const set = sets.get(key) ?? { optimalForce, maxControl: force.maxControl, coordinates: [] };
    set.coordinates.push(model.coordinateName[coordinate]);
    sets.set(key, set);
    actuators.push({ name: force.name, kind: 'coordinate', index: coordinate, optimalForce });
  }
  if (settings.activationExponent !== 2 && actuators.some((actuator) => actuator.kind !== 'muscle')) {
    approximations.push(`actuator controls are costed u^2; OpenSim costs |u|^${settings.activationExponent} like the muscles`);
  }
  const toSets = (sets: Map<string, { optimalForce: number; maxControl: number; coordinates: string[] }>): CoordinateActuatorSet[] =>
    [...sets.values()].map((set) => ({ optimalForce: set.optimalForce, maxControl: set.maxControl, coordinates: set.coordinates }));
  const bounds = muscleBounds ?? [0, 1];
  if (!(bounds[0] >= 0 && bounds[0] <= bounds[1] && bounds[1] <= 1)) {
    throw new KinechainError('UNSUPPORTED', `muscle control bounds ${bounds[0]} .. ${bounds[1]} are outside 0 .. 1, which kinechain's static optimisation requires`);
  }
  const muscleCapacityModel = options.muscleCapacity ?? defaultMuscleCapacityModel(document.version, loaded.osim.version);
  // Muscle parameters as the file gives them, by tissue index, for OpenSim's capacity law.
  const osimMuscles = new Map<number, OsimMuscleParameters>();
  for (const force of loaded.osim.forces) {
    const tissue = force.kind === 'muscle' ? model.tissueIndex.get(force.name) : undefined;
    if (force.kind === 'muscle' && tissue !== undefined) osimMuscles.set(tissue, force.muscle);
  }
  const muscleCapacity = (tissue: number, length: number, lengtheningSpeed: number): number => {
    const muscle = osimMuscles.get(tissue);
    return muscle === undefined ? Number.NaN : openSimMuscleCapacity(muscleCapacityModel, muscle, length, lengtheningSpeed);
  };
  const solver = makeStaticOptimization(model, {
    forceModel: settings.useMusclePhysiology ? 'physiological' : 'ideal',
    muscleCapacity,
    musclePassiveForce: false,
    passiveTissues: true,
    activationExponent: settings.activationExponent,
    minActivation: bounds[0],
    maxActivation: bounds[1],
    reserves: toSets(reserveSets),
    residuals: toSets(residualSets),
    generalActuators,
  });

  const coordinates = await readCoordinatesFile(settings.coordinatesFile);
  const externalLoads = await readPreparedExternalLoads(settings.externalLoadsFile, model, warnings);
  return {
    document,
    settings,
    loaded,
    model,
    data: makeData(model),
    solver,
    actuators,
    coordinates,
    externalLoads,
    warnings,
    approximations,
    muscleCapacityModel,
  };
}

export interface StaticOptimizationSolution {
  readonly time: Float64Array;
  readonly labels: readonly string[];
  readonly activation: TimeSeriesTable;
  readonly force: TimeSeriesTable;
  /** Rows whose optimisation could not meet every equation (the rest is in its residual). */
  readonly infeasibleTimes: readonly number[];
  readonly warnings: readonly string[];
}

/** The rows the analysis records: first, last, and every step_interval-th row between. */
function recordedRows(first: number, last: number, stepInterval: number): number[] {
  const rows: number[] = [];
  for (let i = first; i <= last; i++) if (i === first || i === last || i % stepInterval === 0) rows.push(i);
  return rows;
}

export function solveStaticOptimizationTrajectory(prepared: PreparedStaticOptimization): StaticOptimizationSolution {
  const { model, data, settings, solver, actuators } = prepared;
  const nq = model.nq;
  const processed = processCoordinates(model, prepared.coordinates, settings.lowpassCutoffFrequency, true);
  const states = stateTrajectories(model, processed);
  const first = rowAtOrBefore(states.time, settings.initialTime);
  const last = rowAtOrBefore(states.time, settings.finalTime);
  if (last < first) throw new KinechainError('OUT_OF_RANGE', `final_time ${settings.finalTime} precedes initial_time ${settings.initialTime}`);
  const rows = recordedRows(first, last, settings.stepInterval);
  const time = Float64Array.from(rows, (row) => states.time[row]);
  const loads = prepared.externalLoads === undefined ? undefined : sampleExternalLoads(prepared.externalLoads, time);

  const nactuator = actuators.length;
  const activation = new Float64Array(rows.length * nactuator);
  const force = new Float64Array(rows.length * nactuator);
  const q = new Float64Array(nq);
  const u = new Float64Array(nq);
  const udot = new Float64Array(nq);
  const target = new Float64Array(nq);
  const wrench = new Float64Array(6 * model.nbody);
  const muscleSlot = new Int32Array(model.ntissue).fill(-1);
  for (let k = 0; k < solver.muscleTissue.length; k++) muscleSlot[solver.muscleTissue[k]] = k;
  const actuatorSlot = new Int32Array(nq).fill(-1);
  for (let k = 0; k < solver.firstGeneralActuator; k++) actuatorSlot[solver.actuatorCoordinate[k]] = k;
  const infeasibleTimes: number[] = [];

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let j = 0; j < nq; j++) {
      q[j] = states.q[row * nq + j];
      u[j] = states.u[row * nq + j];
    }
    targetAccelerations(states, time[r], udot);
    if (loads !== undefined) {
      // The wrenches need the pose: rnea runs forwardKinematics again (same q).
      rnea(model, data, q, u, udot);
      externalWrenches(model, data, loads, r, wrench);
      rnea(model, data, q, u, udot, wrench);
    } else {
      rnea(model, data, q, u, udot);
    }
    target.set(data.generalizedForce);
    // Body actuators' generalised force per newton at this pose (rnea left its kinematics in data).
    for (const actuator of actuators) {
      if (actuator.kind !== 'body' || actuator.geometry === undefined || actuator.bodies === undefined) continue;
      bodyActuatorGeneralizedForce(model, data, actuator.geometry, actuator.bodies, solver.generalActuatorDirection, actuator.index * nq);
    }
    const result = solveStaticOptimizationAtPose(solver, model, data, q, u, target);
    if (result.status !== 'optimal') infeasibleTimes.push(time[r]);
    for (let k = 0; k < nactuator; k++) {
      const actuator = actuators[k];
      const o = r * nactuator + k;
      if (actuator.kind === 'muscle') {
        const slot = muscleSlot[actuator.index];
        activation[o] = result.activation[slot];
        force[o] = result.muscleForce[slot];
      } else {
        const slot = actuator.kind === 'body' ? solver.firstGeneralActuator + actuator.index : actuatorSlot[actuator.index];
        activation[o] = result.actuatorControl[slot];
        force[o] = result.actuatorForce[slot];
      }
    }
  }

  const labels = actuators.map((actuator) => actuator.name);
  const column = (values: Float64Array, k: number) => Float64Array.from(rows, (_, r) => values[r * nactuator + k]);
  const activationTable = makeTimeSeriesTable({ time, labels, columns: labels.map((_, k) => column(activation, k)) });
  const forceTable = makeTimeSeriesTable({ time, labels, columns: labels.map((_, k) => column(force, k)) });
  const warnings = [...states.warnings];
  if (infeasibleTimes.length > 0) {
    warnings.push(
      `the muscles and actuators could not produce the motion's generalised forces at ${infeasibleTimes.length} of ${rows.length} times ` +
        `(first at ${infeasibleTimes[0]} s); the model appears too weak there (OpenSim reports the optimizer failing)`,
    );
  }
  return { time, labels, activation: activationTable, force: forceTable, infeasibleTimes, warnings };
}

export async function runStaticOptimizationTool(document: SetupDocument, options: RunOpenSimSetupOptions = {}): Promise<OpenSimToolResult> {
  const prepared = await prepareStaticOptimization(document, options);
  const solution = solveStaticOptimizationTrajectory(prepared);
  const settings = prepared.settings;
  const folder = resultsFolder(document, settings.resultsDirectory, options);
  await ensureResultsFolder(folder);
  const warnings = [...prepared.warnings, ...solution.warnings];
  const base = `${document.name}_${settings.analysisName}`;
  const files = [
    { path: resolve(folder, resultFileName(`${base}_activation`, warnings, document.path)), table: solution.activation },
    { path: resolve(folder, resultFileName(`${base}_force`, warnings, document.path)), table: solution.force },
  ];
  for (const file of files) {
    await writeStorageFile(file.path, file.table, {
      name: 'Static Optimization',
      inDegrees: false,
      description: ['This file contains static optimization results.', ''],
      decimals: settings.outputPrecision,
    });
  }
  return { tool: document.toolName, setupPath: document.path, resultsDirectory: folder, files, warnings, approximations: prepared.approximations };
}
