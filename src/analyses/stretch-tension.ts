/**
 * The passive tension of the tissues a stretch loads, at the current posture: what a
 * stretch end point is tested against.
 *
 * Each tissue's "effective tension" is
 * - for a track of the superficial back line of its side: the track tension from the
 *   line's continuity solve (core/tissues/continuity.ts), so that tension passes between
 *   the plantar fascia, gastrocnemius, hamstrings, sacrotuberous ligament and erector
 *   spinae through their junctions (a tight heel cord pulls the femoral-condyle junction
 *   down and raises the hamstring track's tension);
 * - for a series tendon (the Achilles tendon): the sum of its muscles' effective tensions;
 * - for every other tissue: its own static force law at its path length (passive law;
 *   Hill muscle at its resting activation and zero velocity).
 * Only the superficial back lines are solved: the other lines are not part of this
 * end-point model, and a tissue in several lines (the biceps femoris is also in the
 * spiral line) takes its superficial back line value.
 *
 * TissueParameterView: a shallow copy of a compiled model whose tissue-law arrays
 * (passive stiffness and slack length, muscle force, tendon slack length, passive strain
 * at F0, junction stiffness) are private copies, so repeated solves can sample tissue
 * parameters without recompiling. Geometry is shared with the model; model.spec is not
 * updated by edits to the copies.
 */
import { KinechainError } from '../core/errors.js';
import { LawType, type Data, type Model } from '../core/model/model.js';
import { tissuePathLength } from '../core/paths/path-length.js';
import {
  elasticTendonTrackLaw,
  makeLineContinuityResult,
  rigidTendonTrackLaw,
  solveLineContinuity,
  type ContinuityOptions,
  type TrackForceLaw,
} from '../core/tissues/continuity.js';

export type TendonModel = 'rigid' | 'elastic';

export const SUPERFICIAL_BACK_LINE = { r: 'superficial_back_line_r', l: 'superficial_back_line_l' } as const;

/** The tissue-law arrays a view owns. */
export interface TissueParameterArrays {
  readonly passiveStiffness: Float64Array;
  readonly passiveSlackLength: Float64Array;
  readonly passiveToeStrain: Float64Array;
  readonly muscleMaxIsometricForce: Float64Array;
  readonly muscleTendonSlackLength: Float64Array;
  readonly musclePassiveStrainAtF0: Float64Array;
  readonly muscleOptimalFiberLength: Float64Array;
  readonly junctionStiffness: Float64Array;
}

/**
 * A model sharing `model`'s geometry with private copies of its tissue-law arrays
 * (returned as `parameters`, to be edited in place; `resetTissueParameters` restores them).
 */
export function makeTissueParameterView(model: Model): { view: Model; parameters: TissueParameterArrays } {
  const parameters: TissueParameterArrays = {
    passiveStiffness: new Float64Array(model.passiveStiffness),
    passiveSlackLength: new Float64Array(model.passiveSlackLength),
    passiveToeStrain: new Float64Array(model.passiveToeStrain),
    muscleMaxIsometricForce: new Float64Array(model.muscleMaxIsometricForce),
    muscleTendonSlackLength: new Float64Array(model.muscleTendonSlackLength),
    musclePassiveStrainAtF0: new Float64Array(model.musclePassiveStrainAtF0),
    muscleOptimalFiberLength: new Float64Array(model.muscleOptimalFiberLength),
    junctionStiffness: new Float64Array(model.junctionStiffness),
  };
  return { view: { ...model, ...parameters }, parameters };
}

/** Copies `model`'s tissue-law arrays back into a view's `parameters`. */
export function resetTissueParameters(model: Model, parameters: TissueParameterArrays): void {
  parameters.passiveStiffness.set(model.passiveStiffness);
  parameters.passiveSlackLength.set(model.passiveSlackLength);
  parameters.passiveToeStrain.set(model.passiveToeStrain);
  parameters.muscleMaxIsometricForce.set(model.muscleMaxIsometricForce);
  parameters.muscleTendonSlackLength.set(model.muscleTendonSlackLength);
  parameters.musclePassiveStrainAtF0.set(model.musclePassiveStrainAtF0);
  parameters.muscleOptimalFiberLength.set(model.muscleOptimalFiberLength);
  parameters.junctionStiffness.set(model.junctionStiffness);
}

export interface StretchTensionOptions {
  /** Muscle tendons rigid (the static solvers' default) or elastic (static fibre-tendon equilibrium). Default 'rigid'. */
  readonly tendon?: TendonModel;
  /** Multiplies every junction anchorage stiffness of the superficial back lines. Default 1. */
  readonly anchorageScale?: number;
  /** Also keep path lengths and tensions of these tissues current (indices). */
  readonly extraTissues?: readonly number[];
}

/**
 * Evaluates the effective tension of the monitored tissues (and of every superficial
 * back line track) at the posture in data (forward kinematics done). Allocates nothing
 * per evaluation.
 */
export class StretchTensionMonitor {
  readonly model: Model;
  readonly data: Data;
  /** [ntissue] effective tension after evaluate() (N); 0 for tissues not evaluated. */
  readonly tension: Float64Array;
  /** Indices of the superficial back line instances found (right first), -1 when absent. */
  readonly backLines: Int32Array;
  /** [ntissue] the track index carrying the tissue in its side's superficial back line, or -1. */
  readonly backLineTrack: Int32Array;
  private readonly law: TrackForceLaw;
  private readonly continuity: ContinuityOptions;
  private readonly pathTissues: Int32Array;
  private readonly lawTissues: Int32Array;
  private readonly seriesTissues: Int32Array;
  private readonly lawOut = new Float64Array(2);
  private readonly lineResult = makeLineContinuityResult();
  private solvedOnce = false;

  /** `tissues`: the tissues whose tension is wanted (indices). */
  constructor(model: Model, data: Data, tissues: readonly number[], options: StretchTensionOptions = {}) {
    this.model = model;
    this.data = data;
    this.tension = new Float64Array(model.ntissue);
    this.law = (options.tendon ?? 'rigid') === 'elastic' ? elasticTendonTrackLaw : rigidTendonTrackLaw;
    const anchorageScale = options.anchorageScale ?? 1;
    if (!(Number.isFinite(anchorageScale) && anchorageScale >= 0)) {
      throw new KinechainError('OUT_OF_RANGE', `anchorageScale must be a finite number >= 0, got ${String(anchorageScale)}`);
    }
    this.continuity = { law: this.law, anchorageScale, warmStart: true, maxIterations: 200 };
    this.backLines = Int32Array.of(model.lineIndex.get(SUPERFICIAL_BACK_LINE.r) ?? -1, model.lineIndex.get(SUPERFICIAL_BACK_LINE.l) ?? -1);
    this.backLineTrack = new Int32Array(model.ntissue).fill(-1);
    const wanted = new Set<number>();
    for (const tissue of [...tissues, ...(options.extraTissues ?? [])]) {
      if (!(Number.isInteger(tissue) && tissue >= 0 && tissue < model.ntissue)) {
        throw new KinechainError('OUT_OF_RANGE', `tissue index ${String(tissue)} is not a tissue of the model`);
      }
      wanted.add(tissue);
    }
    const paths = new Set<number>();
    for (const line of this.backLines) {
      if (line < 0) continue;
      const first = model.lineTrackAdr[line];
      for (let k = 0; k < model.lineTrackNum[line]; k++) {
        const tissue = model.trackTissue[first + k];
        paths.add(tissue);
        // A tissue is read from its own side's line (midline tissues from the right one).
        const side = model.tissueSide[tissue];
        const ownSide = side === 'midline' ? line === this.backLines[0] || this.backLines[0] < 0 : model.lineSide[line] === side;
        if (ownSide) this.backLineTrack[tissue] = first + k;
      }
    }
    const series: number[] = [];
    const byLaw: number[] = [];
    for (const tissue of wanted) {
      if (model.tissueSeriesNum[tissue] > 0) {
        series.push(tissue);
        const first = model.tissueSeriesAdr[tissue];
        for (let k = first; k < first + model.tissueSeriesNum[tissue]; k++) {
          const muscle = model.seriesMuscle[k];
          paths.add(muscle);
          if (this.backLineTrack[muscle] < 0) byLaw.push(muscle);
        }
      } else {
        paths.add(tissue);
        if (this.backLineTrack[tissue] < 0) byLaw.push(tissue);
      }
    }
    this.pathTissues = Int32Array.from([...paths].sort((a, b) => a - b));
    this.lawTissues = Int32Array.from([...new Set(byLaw)].sort((a, b) => a - b));
    this.seriesTissues = Int32Array.from(series);
  }

  /** Path lengths, line solves and effective tensions at the current posture. */
  evaluate(): void {
    const model = this.model;
    const data = this.data;
    for (let i = 0; i < this.pathTissues.length; i++) tissuePathLength(model, data, this.pathTissues[i]);
    const tension = this.tension;
    const out = this.lawOut;
    for (let i = 0; i < this.lawTissues.length; i++) {
      const tissue = this.lawTissues[i];
      this.law(model, tissue, data.tissueLength[tissue], model.tissueLaw[tissue] === LawType.muscle ? data.tissueActivation[tissue] : 0, out);
      tension[tissue] = out[0];
    }
    for (let i = 0; i < 2; i++) {
      const line = this.backLines[i];
      if (line < 0) continue;
      if (!this.solvedOnce) data.junctionDisplacement.fill(0, model.lineJunctionAdr[line], model.lineJunctionAdr[line] + model.lineTrackNum[line] - 1);
      solveLineContinuity(model, data, line, this.continuity, this.lineResult);
      if (!this.lineResult.converged) {
        throw new KinechainError(
          'DID_NOT_CONVERGE',
          `the continuity solve of "${model.lineName[line]}" did not converge (largest junction residual ${this.lineResult.maxResidualN} N)`,
          { line: model.lineName[line] },
        );
      }
      const first = model.lineTrackAdr[line];
      for (let k = 0; k < model.lineTrackNum[line]; k++) {
        const track = first + k;
        const tissue = model.trackTissue[track];
        if (this.backLineTrack[tissue] === track) tension[tissue] = data.trackTension[track];
      }
    }
    this.solvedOnce = true;
    for (let i = 0; i < this.seriesTissues.length; i++) {
      const tissue = this.seriesTissues[i];
      const first = model.tissueSeriesAdr[tissue];
      let sum = 0;
      for (let k = first; k < first + model.tissueSeriesNum[tissue]; k++) sum += tension[model.seriesMuscle[k]];
      tension[tissue] = sum;
    }
  }
}
