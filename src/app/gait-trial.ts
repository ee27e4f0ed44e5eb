/**
 * A walking trial for the gait analysis: an OpenSim model, its coordinates (IK result)
 * and external loads (ground reactions), read from an InverseDynamicsTool or AnalyzeTool
 * setup or from the files named one by one, then run through kinechain's
 * InverseDynamicsTool (app/opensim/inverse-dynamics-tool.ts) exactly as OpenSim's tool
 * would run it. What the gait analysis needs besides the generalised forces is kept:
 * q, qd, qdd at the frames (the same quintic GCV splines the tool differentiates) and
 * each body's external wrench per frame.
 *
 * The settings given one by one are turned into an InverseDynamicsTool setup held in
 * memory (muscles excluded, as inverse dynamics requires; coordinates low-pass filtered
 * at lowpassCutoffHz, 6 Hz by default as OpenSim's gait examples do).
 *
 * Actuators (an AnalyzeTool's force_set_files, or --actuators): the CoordinateActuators
 * are read (reserve and residual actuators). PointActuators and TorqueActuators (the
 * residual forces of OpenSim's examples, e.g. FX, FY, MZ on the pelvis) are not read:
 * the gait analysis puts residual coordinate actuators on the root coordinates in their
 * place, which span the same generalised forces; the result lists the ones left out.
 */
import { basename, dirname, resolve } from 'node:path';
import { KinechainError } from '../core/errors.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Data, Model } from '../core/model/model.js';
import { readTextFile } from '../io/table/file-access.js';
import { parseXml } from '../io/xml/parse-xml.js';
import { childElement } from '../io/xml/xml-element.js';
import { childText, parseNumberToken, readBoolean, readText } from '../io/xml/xml-values.js';
import { coordinateSplines, processCoordinates, sampleCoordinateSplines } from './opensim/coordinate-trajectories.js';
import { externalWrenches, sampleExternalLoads } from './opensim/external-load-wrenches.js';
import { prepareInverseDynamics, readInverseDynamicsSettings, solveInverseDynamics } from './opensim/inverse-dynamics-tool.js';
import type { LoadedOpenSimModel, ModelApproximations } from './opensim/opensim-model.js';
import { parseSetupDocument, readSetupDocument } from './opensim/setup-document.js';
import { readStaticOptimizationSettings } from './opensim/static-optimization-tool.js';

/** Default low-pass cutoff of the coordinates when the files are named one by one (Hz). */
export const GAIT_DEFAULT_CUTOFF_HZ = 6;

export interface GaitTrialRequest {
  /** An InverseDynamicsTool or AnalyzeTool setup naming model, coordinates and external loads. */
  readonly setupPath?: string;
  /** Or the files one by one. */
  readonly modelPath?: string;
  readonly coordinatesPath?: string;
  readonly externalLoadsPath?: string;
  /** Force set files with reserve / residual CoordinateActuators. */
  readonly actuatorsPaths?: readonly string[];
  /** Low-pass cutoff of the coordinates (Hz; negative: none). Default: the setup's, else GAIT_DEFAULT_CUTOFF_HZ. */
  readonly lowpassCutoffHz?: number;
  /** Import approximations accepted (wraps left out, moving path points fixed). */
  readonly approximations?: ModelApproximations;
}

/** A reserve or residual actuator read from a force set file. */
export interface GaitCoordinateActuator {
  readonly name: string;
  readonly coordinate: string;
  readonly optimalForce: number;
  /** |control| bound (Infinity: unbounded). */
  readonly maxControl: number;
}

export interface GaitTrialSources {
  readonly setup: string | null;
  readonly model: string;
  readonly coordinates: string;
  readonly externalLoads: string | null;
  readonly actuators: readonly string[];
  readonly lowpassCutoffHz: number;
}

export interface GaitTrial {
  readonly sources: GaitTrialSources;
  readonly loaded: LoadedOpenSimModel;
  readonly model: Model;
  readonly data: Data;
  /** [nframe] frame times (s). */
  readonly time: Float64Array;
  /** [nframe*nq] coordinates, speeds, accelerations (rad, m; per s, per s^2), row-major by frame. */
  readonly q: Float64Array;
  readonly qd: Float64Array;
  readonly qdd: Float64Array;
  /** [nframe*nq] inverse-dynamics generalised forces (N m or N), muscles excluded. */
  readonly generalizedForce: Float64Array;
  /** Column labels of the generalised forces (<coordinate>_moment / _force). */
  readonly generalizedForceLabels: readonly string[];
  /** [nframe*nbody*6] external wrench on each body: moment about the ground origin (3), force (3), ground. */
  readonly externalWrench: Float64Array;
  readonly actuators: readonly GaitCoordinateActuator[];
  /** Actuators of the force set files that were not read (PointActuator, TorqueActuator), by name. */
  readonly actuatorsLeftOut: readonly string[];
  readonly warnings: readonly string[];
  readonly approximations: readonly string[];
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Reads the CoordinateActuators of a force set file; lists the other actuators it holds. */
export function parseGaitActuators(text: string, path: string): { actuators: GaitCoordinateActuator[]; leftOut: string[] } {
  const document = parseXml(text, { fileName: path });
  const forceSet = document.name === 'ForceSet' ? document : childElement(document, 'ForceSet');
  const objects = forceSet === undefined ? undefined : childElement(forceSet, 'objects');
  if (objects === undefined) {
    throw new KinechainError('MALFORMED_INPUT', `${path}: no <ForceSet><objects> found; give a force set file of reserve actuators (CoordinateActuator)`, {
      file: path,
    });
  }
  const actuators: GaitCoordinateActuator[] = [];
  const leftOut: string[] = [];
  for (const element of objects.children) {
    const name = element.attributes.name ?? element.name;
    const disabledElement = childElement(element, 'isDisabled');
    const appliesElement = childElement(element, 'appliesForce');
    const disabled =
      (disabledElement !== undefined && readText(disabledElement) !== '' && readBoolean(disabledElement)) ||
      (appliesElement !== undefined && readText(appliesElement) !== '' && !readBoolean(appliesElement));
    if (disabled) continue;
    if (element.name !== 'CoordinateActuator') {
      leftOut.push(`${element.name} "${name}"`);
      continue;
    }
    const number = (tag: string, fallback: number): number => {
      const child = childElement(element, tag);
      if (child === undefined || readText(child) === '') return fallback;
      const value = parseNumberToken(readText(child));
      if (value === undefined || Number.isNaN(value)) {
        throw new KinechainError('MALFORMED_INPUT', `${path}: line ${child.line}: <${tag}> of "${name}" must be a number, found "${readText(child)}"`);
      }
      return value;
    };
    const coordinate = childText(element, 'coordinate').trim();
    if (coordinate === '') throw new KinechainError('MALFORMED_INPUT', `${path}: line ${element.line}: CoordinateActuator "${name}" names no <coordinate>`);
    const maxControl = Math.max(Math.abs(number('min_control', -Infinity)), Math.abs(number('max_control', Infinity)));
    actuators.push({ name, coordinate, optimalForce: number('optimal_force', 1), maxControl });
  }
  return { actuators, leftOut };
}

interface ResolvedInputs {
  readonly setup: string | null;
  readonly model: string;
  readonly coordinates: string;
  readonly externalLoads: string | undefined;
  readonly actuators: readonly string[];
  readonly cutoff: number;
  readonly timeRange: [number, number];
  readonly forcesToExclude: readonly string[];
  readonly warnings: string[];
}

async function resolveInputs(request: GaitTrialRequest): Promise<ResolvedInputs> {
  const warnings: string[] = [];
  const named = [request.modelPath, request.coordinatesPath, request.externalLoadsPath].some((path) => path !== undefined);
  if (request.setupPath !== undefined) {
    if (named) {
      throw new KinechainError('MALFORMED_INPUT', 'give either a setup file (--setup) or the files one by one (--model, --coordinates, --external-loads), not both');
    }
    const document = await readSetupDocument(request.setupPath);
    if (document.toolName === 'InverseDynamicsTool') {
      const settings = readInverseDynamicsSettings(document, warnings);
      return {
        setup: document.path,
        model: settings.modelFile,
        coordinates: settings.coordinatesFile,
        externalLoads: settings.externalLoadsFile,
        actuators: (request.actuatorsPaths ?? []).map((path) => resolve(path)),
        cutoff: request.lowpassCutoffHz ?? settings.lowpassCutoffFrequency,
        timeRange: settings.timeRange,
        forcesToExclude: settings.forcesToExclude,
        warnings,
      };
    }
    if (document.toolName === 'AnalyzeTool') {
      const settings = readStaticOptimizationSettings(document, warnings);
      return {
        setup: document.path,
        model: settings.modelFile,
        coordinates: settings.coordinatesFile,
        externalLoads: settings.externalLoadsFile,
        actuators: [...settings.forceSetFiles, ...(request.actuatorsPaths ?? []).map((path) => resolve(path))],
        cutoff: request.lowpassCutoffHz ?? settings.lowpassCutoffFrequency,
        timeRange: [settings.initialTime, settings.finalTime],
        forcesToExclude: ['Muscles'],
        warnings,
      };
    }
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${document.path}: <${document.toolName}> is not a setup the gait analysis reads; give an InverseDynamicsTool or AnalyzeTool setup (they name the model, coordinates and external loads)`,
      { file: document.path },
    );
  }
  if (request.modelPath === undefined || request.coordinatesPath === undefined) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      'the gait analysis needs a setup (--setup SETUP.xml) or a model and its coordinates (--model M.osim --coordinates C.mot, with --external-loads E.xml for the ground reactions)',
    );
  }
  return {
    setup: null,
    model: resolve(request.modelPath),
    coordinates: resolve(request.coordinatesPath),
    externalLoads: request.externalLoadsPath === undefined ? undefined : resolve(request.externalLoadsPath),
    actuators: (request.actuatorsPaths ?? []).map((path) => resolve(path)),
    cutoff: request.lowpassCutoffHz ?? GAIT_DEFAULT_CUTOFF_HZ,
    timeRange: [-Infinity, Infinity],
    forcesToExclude: ['Muscles'],
    warnings,
  };
}

/** The InverseDynamicsTool setup text for the resolved inputs (absolute paths). */
function inverseDynamicsSetupText(inputs: ResolvedInputs): string {
  const range = Number.isFinite(inputs.timeRange[0]) || Number.isFinite(inputs.timeRange[1])
    ? `<time_range>${inputs.timeRange[0] === -Infinity ? '-Inf' : inputs.timeRange[0]} ${inputs.timeRange[1] === Infinity ? 'Inf' : inputs.timeRange[1]}</time_range>`
    : '';
  const loads = inputs.externalLoads === undefined ? '' : `<external_loads_file>${xmlEscape(inputs.externalLoads)}</external_loads_file>`;
  return (
    '<OpenSimDocument Version="40000"><InverseDynamicsTool name="gait">' +
    `<model_file>${xmlEscape(inputs.model)}</model_file><results_directory>.</results_directory>${range}` +
    `<forces_to_exclude>${inputs.forcesToExclude.map(xmlEscape).join(' ')}</forces_to_exclude>${loads}` +
    `<coordinates_file>${xmlEscape(inputs.coordinates)}</coordinates_file>` +
    `<lowpass_cutoff_frequency_for_coordinates>${inputs.cutoff}</lowpass_cutoff_frequency_for_coordinates>` +
    '</InverseDynamicsTool></OpenSimDocument>'
  );
}

/** Reads the trial's files and runs inverse dynamics over it. */
export async function loadGaitTrial(request: GaitTrialRequest): Promise<GaitTrial> {
  const inputs = await resolveInputs(request);
  const where = inputs.setup ?? resolve(dirname(inputs.model), `${basename(inputs.coordinates)} (gait inverse dynamics)`);
  const document = parseSetupDocument(inverseDynamicsSetupText(inputs), where);
  const prepared = await prepareInverseDynamics(document, { approximations: request.approximations });
  const solution = solveInverseDynamics(prepared);
  const model = prepared.model;
  const nq = model.nq;
  const time = solution.time;
  const nframe = time.length;

  // The same splines the tool differentiated, sampled at its frames.
  const processed = processCoordinates(model, prepared.coordinates, inputs.cutoff, false);
  const { q, qd, qdd } = sampleCoordinateSplines(coordinateSplines(model, processed), time);

  const data = makeData(model);
  const externalWrench = new Float64Array(nframe * model.nbody * 6);
  if (prepared.externalLoads !== undefined) {
    const samples = sampleExternalLoads(prepared.externalLoads, time);
    for (let frame = 0; frame < nframe; frame++) {
      forwardKinematics(model, data, q.subarray(frame * nq, frame * nq + nq));
      externalWrenches(model, data, samples, frame, externalWrench.subarray(frame * model.nbody * 6, (frame + 1) * model.nbody * 6));
    }
  }

  const actuators: GaitCoordinateActuator[] = [];
  const actuatorsLeftOut: string[] = [];
  for (const path of inputs.actuators) {
    const read = parseGaitActuators(await readTextFile(path, 'force set file (actuators)'), path);
    actuators.push(...read.actuators);
    actuatorsLeftOut.push(...read.leftOut.map((entry) => `${entry} (${basename(path)})`));
  }

  return {
    sources: {
      setup: inputs.setup,
      model: inputs.model,
      coordinates: inputs.coordinates,
      externalLoads: inputs.externalLoads ?? null,
      actuators: inputs.actuators,
      lowpassCutoffHz: inputs.cutoff,
    },
    loaded: prepared.loaded,
    model,
    data,
    time,
    q,
    qd,
    qdd,
    generalizedForce: solution.generalizedForce,
    generalizedForceLabels: solution.labels,
    externalWrench,
    actuators,
    actuatorsLeftOut,
    warnings: [...inputs.warnings, ...prepared.warnings, ...solution.warnings],
    approximations: prepared.approximations,
  };
}
