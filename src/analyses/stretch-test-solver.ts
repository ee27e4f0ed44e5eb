/**
 * The machinery shared by reach tests (standing toe-touch, seated sit-and-reach): a
 * scenario compiled once, the tissues' tolerated tensions, the tension monitor and the
 * end-point search along a one-parameter movement, reusable for many solves.
 *
 * Tolerated tension of tissue i (N):
 *   T_tol,i = T_ref,i * scale_i, capped by scenario.tissueForceLimitN[i] when given,
 * with T_ref from tolerated-tension.ts (normative clinical end ranges in the reference
 * body) and scale_i = scenario.stretchToleranceScale[name] (1 when absent). A tissue with
 * only a force limit (e.g. a painful Achilles tendon) is monitored too.
 *
 * A tissue already at or past its tolerance in the start posture (a tight heel cord in
 * standing, say) limits the movement only once the movement stretches it further than
 * that: its effective tolerance in a solve is the larger of its tolerated tension and its
 * start tension (a person tolerates what they start from).
 *
 * Reuse: `toleratedTension` [ntissue] and `parameters` (the tissue-law arrays of the
 * model view, stretch-tension.ts) can be edited between solves, e.g. for 200 samples of
 * uncertain tolerances and stiffnesses, without recompiling or reallocating;
 * `resetTolerances()` and `resetParameters()` restore the scenario's values.
 */
import { KinechainError } from '../core/errors.js';
import { closestNames } from '../core/math/edit-distance.js';
import { makeData } from '../core/model/make-data.js';
import { LawType, type Data, type Model } from '../core/model/model.js';
import type { Scenario } from '../library/scenario.js';
import { findToleranceMember } from '../library/stretch-tolerance.js';
import { compile } from '../spec/compile.js';
import {
  findStretchEndPoint,
  makeStretchEndPoint,
  type StretchEndPoint,
  type StretchEndPointOptions,
} from './stretch-end-point.js';
import {
  makeTissueParameterView,
  resetTissueParameters,
  StretchTensionMonitor,
  type TendonModel,
  type TissueParameterArrays,
} from './stretch-tension.js';
import { referenceModelFor, toleratedTensions, type ToleratedTensionOptions } from './tolerated-tension.js';

/** A movement parameterised by s in [0, 1] that poses the model (forward kinematics in data). */
export interface StretchMovement {
  pose(s: number): void;
}

export interface StretchTestOptions {
  /** Muscle tendons rigid (default) or elastic, in the stretch and in the tolerance calibration. */
  readonly tendon?: TendonModel;
  /** Multiplies the superficial back lines' junction anchorage stiffness, in the stretch and the calibration. Default 1. */
  readonly anchorageScale?: number;
  /** End ranges replacing the library's nominal values (tolerated-tension.ts). */
  readonly endRangeDeg?: ToleratedTensionOptions['endRangeDeg'];
  /** Tolerated strains replacing the library's nominal values (tolerated-tension.ts). */
  readonly toleratedStrain?: ToleratedTensionOptions['toleratedStrain'];
  /** Reference body for the tolerances; by default the default body of the scenario's subject. */
  readonly referenceModel?: Model;
  /** End-point search settings. */
  readonly endPoint?: StretchEndPointOptions;
}

export interface TissueTensionReport {
  readonly name: string;
  readonly label: string;
  readonly group: string | null;
  readonly tensionN: number;
  readonly toleratedTensionN: number;
  /** tension / tolerated tension. */
  readonly ratio: number;
}

export interface BackLineStation {
  /** Body of the station (the track's upper junction), or the line's upper end for the last track. */
  readonly station: string;
  readonly stationLabel: string;
  /** Tissue of the track below the station, and its anatomical label. */
  readonly track: string;
  readonly trackLabel: string;
  /** Tension of that track (N). */
  readonly tensionN: number;
  /** Slide of the station's junction against the bone, + towards the upper track (mm); 0 at the fixed upper end. */
  readonly junctionDisplacementMm: number;
}

const SIDE_WORD: Record<string, string> = { r: 'right', l: 'left' };

/** "biceps_femoris_long_r" -> "biceps femoris long, right". */
export function readableTissueName(name: string): string {
  const side = name.endsWith('_r') ? 'r' : name.endsWith('_l') ? 'l' : null;
  const base = side ? name.slice(0, -2) : name;
  return `${base.replace(/_/g, ' ')}${side ? `, ${SIDE_WORD[side]}` : ''}`;
}

function baseName(name: string): string {
  return name.endsWith('_r') || name.endsWith('_l') ? name.slice(0, -2) : name;
}

function requirePositiveFinite(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new KinechainError('OUT_OF_RANGE', `${what} must be a finite number > 0, got ${String(value)}`, { what });
  }
  return value;
}

function requireTissue(model: Model, name: string, field: string): number {
  const index = model.tissueIndex.get(name);
  if (index === undefined) {
    const close = closestNames(name, model.tissueName);
    throw new KinechainError(
      'UNKNOWN_NAME',
      `scenario.${field} names tissue "${name}", which the body does not have${close.length > 0 ? `; close names: ${close.join(', ')}` : ''}`,
      { name, field, closeNames: close },
    );
  }
  return index;
}

/**
 * A compiled scenario ready for repeated stretch end-point solves along `movement`.
 * Subclasses build the movement and the report.
 */
export class StretchTestSolver<Movement extends StretchMovement> {
  readonly scenario: Scenario;
  /** The compiled scenario body (its tissue-law arrays are the originals). */
  readonly compiledModel: Model;
  /** The model the solver evaluates: compiledModel with its own tissue-law arrays (`parameters`). */
  readonly model: Model;
  readonly data: Data;
  readonly parameters: TissueParameterArrays;
  /** [ntissue] tolerated tension in use (N); Infinity = not monitored. Editable between solves. */
  readonly toleratedTension: Float64Array;
  /** [ntissue] the scenario's tolerated tension (calibrated x scale, capped by force limits). */
  readonly scenarioTolerance: Float64Array;
  /** [ntissue] the reference body's tolerated tension (N), before scaling. */
  readonly referenceTolerance: Float64Array;
  /** Tissue indices monitored (finite scenario tolerance). */
  readonly monitored: Int32Array;
  readonly monitor: StretchTensionMonitor;
  readonly movement: Movement;
  readonly endPoint: StretchEndPoint = makeStretchEndPoint();
  /** [ntissue] tolerance used by the last solve: max(toleratedTension, start tension). */
  readonly effectiveTolerance: Float64Array;
  private readonly endPointOptions: StretchEndPointOptions;
  private readonly ratioAt: (s: number, argmax: Int32Array) => number;

  constructor(scenario: Scenario, makeMovement: (model: Model, data: Data) => Movement, options: StretchTestOptions = {}) {
    this.scenario = scenario;
    this.compiledModel = compile(scenario.spec);
    const { view, parameters } = makeTissueParameterView(this.compiledModel);
    this.model = view;
    this.parameters = parameters;
    this.data = makeData(view);
    const model = view;

    // Resting activations (muscles only).
    this.data.tissueActivation.fill(0);
    for (const [name, activation] of Object.entries(scenario.restingActivation)) {
      const tissue = requireTissue(model, name, 'restingActivation');
      if (model.tissueLaw[tissue] !== LawType.muscle) {
        throw new KinechainError('OUT_OF_RANGE', `scenario.restingActivation names "${name}", which is not a muscle`, { name });
      }
      if (!(Number.isFinite(activation) && activation >= 0 && activation <= 1)) {
        throw new KinechainError('OUT_OF_RANGE', `resting activation of "${name}" must lie in [0, 1], got ${String(activation)}`, { name });
      }
      this.data.tissueActivation[tissue] = activation;
    }

    // Tolerances: reference tension by tissue name, scaled, capped by pain limits.
    const reference = options.referenceModel ?? referenceModelFor(scenario.spec);
    const calibrated = toleratedTensions(reference, {
      tendon: options.tendon,
      anchorageScale: options.anchorageScale,
      endRangeDeg: options.endRangeDeg,
      toleratedStrain: options.toleratedStrain,
    });
    this.referenceTolerance = new Float64Array(model.ntissue).fill(Number.POSITIVE_INFINITY);
    for (const entry of calibrated.entries) {
      const tissue = model.tissueIndex.get(entry.name);
      if (tissue !== undefined) this.referenceTolerance[tissue] = entry.tensionN;
    }
    this.scenarioTolerance = new Float64Array(this.referenceTolerance);
    for (const [name, scale] of Object.entries(scenario.stretchToleranceScale)) {
      const tissue = requireTissue(model, name, 'stretchToleranceScale');
      this.scenarioTolerance[tissue] *= requirePositiveFinite(scale, `stretch tolerance scale of "${name}"`);
    }
    for (const [name, limit] of Object.entries(scenario.tissueForceLimitN)) {
      const tissue = requireTissue(model, name, 'tissueForceLimitN');
      this.scenarioTolerance[tissue] = Math.min(this.scenarioTolerance[tissue], requirePositiveFinite(limit, `force limit of "${name}" (N)`));
    }
    this.toleratedTension = new Float64Array(this.scenarioTolerance);
    this.effectiveTolerance = new Float64Array(this.scenarioTolerance);
    const monitored: number[] = [];
    for (let tissue = 0; tissue < model.ntissue; tissue++) if (Number.isFinite(this.scenarioTolerance[tissue])) monitored.push(tissue);
    this.monitored = Int32Array.from(monitored);
    this.monitor = new StretchTensionMonitor(model, this.data, monitored, {
      tendon: options.tendon,
      anchorageScale: options.anchorageScale,
    });
    this.movement = makeMovement(model, this.data);
    this.endPointOptions = options.endPoint ?? {};

    const tension = this.monitor.tension;
    const tolerated = this.effectiveTolerance;
    const list = this.monitored;
    this.ratioAt = (s: number, argmax: Int32Array): number => {
      this.movement.pose(s);
      this.monitor.evaluate();
      let best = -1;
      let arg = -1;
      for (let i = 0; i < list.length; i++) {
        const tissue = list[i];
        const ratio = tension[tissue] / tolerated[tissue];
        if (ratio > best) {
          best = ratio;
          arg = tissue;
        }
      }
      argmax[0] = arg;
      return best;
    };
  }

  /** Restores the tolerances to the scenario's values. */
  resetTolerances(): void {
    this.toleratedTension.set(this.scenarioTolerance);
  }

  /** Restores the tissue-law arrays to the compiled scenario's values. */
  resetParameters(): void {
    resetTissueParameters(this.compiledModel, this.parameters);
  }

  /** Searches the end point with the current tolerances and parameters; leaves the posture there. Allocates nothing. */
  solveEndPoint(): StretchEndPoint {
    this.movement.pose(0);
    this.monitor.evaluate();
    const list = this.monitored;
    for (let i = 0; i < list.length; i++) {
      const tissue = list[i];
      const start = this.monitor.tension[tissue];
      const tolerated = this.toleratedTension[tissue];
      // Just above the start tension, so that the start posture itself is not an end point.
      this.effectiveTolerance[tissue] = start >= tolerated ? start * (1 + 1e-9) + 1e-9 : tolerated;
    }
    return findStretchEndPoint(this.ratioAt, this.endPointOptions, this.endPoint);
  }

  /** Ratio tension / effective tolerance of one tissue at the current posture (after solveEndPoint or an evaluation). */
  ratioOf(tissue: number): number {
    return this.monitor.tension[tissue] / this.effectiveTolerance[tissue];
  }

  /** An anatomical label: the tolerance group's label and the readable tissue name. */
  tissueLabel(tissue: number): string {
    const name = this.model.tissueName[tissue];
    const found = findToleranceMember(baseName(name));
    const track = this.monitor.backLineTrack[tissue];
    const trackLabel = track >= 0 ? ` (superficial back line track: ${this.model.trackLabel[track]})` : '';
    return `${found ? `${found.group.label}: ` : ''}${readableTissueName(name)}${trackLabel}`;
  }

  /** Tensions of the monitored tissues at the current posture, largest ratio first. */
  tissueReports(): TissueTensionReport[] {
    const reports: TissueTensionReport[] = [];
    for (const tissue of this.monitored) {
      const name = this.model.tissueName[tissue];
      reports.push({
        name,
        label: this.tissueLabel(tissue),
        group: findToleranceMember(baseName(name))?.group.key ?? null,
        tensionN: this.monitor.tension[tissue],
        toleratedTensionN: this.effectiveTolerance[tissue],
        ratio: this.ratioOf(tissue),
      });
    }
    return reports.sort((a, b) => b.ratio - a.ratio);
  }

  /**
   * The superficial back line of one side at the current posture, station by station from
   * the foot up: each entry is a track with the junction at its upper end.
   */
  backLineProfile(side: 'r' | 'l'): BackLineStation[] {
    const model = this.model;
    const line = this.monitor.backLines[side === 'r' ? 0 : 1];
    if (line < 0) return [];
    const firstTrack = model.lineTrackAdr[line];
    const firstJunction = model.lineJunctionAdr[line];
    const count = model.lineTrackNum[line];
    const profile: BackLineStation[] = [];
    for (let k = 0; k < count; k++) {
      const track = firstTrack + k;
      const junction = k < count - 1 ? firstJunction + k : -1;
      profile.push({
        station: junction >= 0 ? model.bodyName[model.junctionStation[junction]] : 'head',
        stationLabel: junction >= 0 ? model.junctionStationLabel[junction] : 'upper end of the line (frontal bone)',
        track: model.tissueName[model.trackTissue[track]],
        trackLabel: model.trackLabel[track],
        tensionN: this.data.trackTension[track],
        junctionDisplacementMm: junction >= 0 ? this.data.junctionDisplacement[junction] * 1000 : 0,
      });
    }
    return profile;
  }
}
