/**
 * Continuity junctions: the tension balance along one myofascial line.
 *
 * A line has n tracks (tissues) in series, lower/distal first, and n - 1 junction nodes.
 * Node k (between track k below and track k + 1 above; 0-based k = 0 .. n - 2 in the code,
 * 1 .. n - 1 in the text) may slide by s_k relative to its bony station, positive
 * towards the upper track, against an anchorage spring of stiffness K_k. The line's two
 * ends are fixed to bone (s_0 = s_n = 0 in the text's numbering). Track k then has the
 * effective length
 *
 *   e_k = L_k(q) + s_k - s_{k-1}
 *
 * (L_k its path length at the pose) and the tension T_k = f_k(e_k) of its own force law:
 * the passive law for tendon, ligament and fascia; for a muscle, passive force-length
 * plus activation times active force-length at its current activation (hill-muscle.ts),
 * statically (fibre velocity 0). Each node is in equilibrium:
 *
 *   r_k = T_{k+1} - T_k - K_k s_k = 0.
 *
 * With monotone laws this is the stationarity condition of the convex energy
 *   E(s) = sum_k W_k(e_k) + sum_k K_k s_k^2 / 2,   W_k' = f_k,   r = -grad E,
 * whose Hessian is tridiagonal: H_kk = f_k' + f_{k+1}' + K_k, H_k,k+1 = -f_{k+1}'.
 * It is solved by Newton's method, H ds = r, with the Thomas algorithm (no allocation),
 * and a bracketing line search on the directional derivative of E,
 *   phi'(alpha) = -r(s + alpha ds) . ds,
 * which needs forces only (no energies). The full step is kept if it still descends
 * (phi'(1) <= 0) or lowers the largest residual; otherwise the sign change of phi' in
 * (0, 1] is bracketed by regula falsi (Illinois) and the last point with phi' <= 0 is
 * taken, so E decreases for convex laws.
 *
 * Regularisation: a slack track has zero stiffness, and a node between two slack tracks
 * with K = 0 makes H singular. The Newton matrix therefore uses max(f_k', eps) per track,
 * eps = 1e-8 of the largest track or anchorage stiffness of the line (at least 1e-6 N/m).
 * Only the step direction is regularised: the residual, and so the solution, is exact.
 * A node whose neighbours are both slack and K = 0 has zero residual and stays where it
 * started (its position is then undetermined). Negative slopes (a muscle on the
 * descending limb of its active force-length curve) are clamped the same way; the energy
 * is then not convex and the equilibrium found need not be unique.
 *
 * Limits: K -> infinity gives s = 0 and independent tracks (an infinite K, allowed in the
 * stiffness override, pins the node exactly and its anchorage force is T_{k+1} - T_k);
 * K = 0 gives one continuous cable with equal tension in every taut track.
 *
 * Limitation: lines are solved independently. A tissue that belongs to two lines (e.g.
 * the biceps femoris in the superficial back line and the spiral line) is solved once per
 * line, each time as if the other line did not exist; its two track tensions may differ.
 *
 * Scratch layout (data.lineScratch, slots of maxTracksPerLine entries each):
 *   0 track stiffness f'_k, 1 residual r_k, 2 step ds_k, 3 node start s_k of the step,
 *   4 Thomas modified super-diagonal, 5 Thomas modified right-hand side,
 *   6 track tension at the trial point, 7 unused.
 * The track tensions and effective lengths live directly in data.trackTension and
 * data.trackLength, the slides in data.junctionDisplacement.
 */
import { KinechainError } from '../errors.js';
import { LawType, type LineData, type LineModel, type TissueData, type TissueModel } from '../model/model.js';
import { LINE_SCRATCH_SLOTS } from '../model/make-line-data.js';
import { passiveElasticForce, passiveElasticStiffness } from './passive-law.js';
import {
  activeForceLengthSlope,
  elasticTendonMuscleEquilibrium,
  makeMuscleParameters,
  makeMuscleState,
  minFiberLengthAlongTendon,
  passiveFiberForceLengthSlope,
  readMuscleParameters,
  rigidTendonMuscle,
  tendonForceStrainSlope,
  type MuscleParameters,
  type MuscleState,
} from './hill-muscle.js';

/**
 * Static force law of a track: writes the tension (N) into out[0] and its slope
 * dTension/dLength (N/m) into out[1] for `tissue` at length `lengthM` and muscle
 * activation `activation` (ignored by passive tissues).
 */
export type TrackForceLaw = (
  model: TissueModel,
  tissue: number,
  lengthM: number,
  activation: number,
  out: Float64Array,
) => void;

/** Module scratch for muscle evaluations (reused; nothing is allocated per call). */
const muscleParameters: MuscleParameters = makeMuscleParameters();
const muscleState: MuscleState = makeMuscleState();

function passiveTrack(model: TissueModel, tissue: number, lengthM: number, out: Float64Array): void {
  const slack = model.passiveSlackLength[tissue];
  const stiffness = model.passiveStiffness[tissue];
  const toe = model.passiveToeStrain[tissue];
  const strain = lengthM / slack - 1;
  out[0] = passiveElasticForce(strain, stiffness, toe);
  out[1] = passiveElasticStiffness(strain, stiffness, toe) / slack;
}

/**
 * d(fibre force along the tendon)/d(fibre projection) (N/m) of the fibre state in
 * `state`, at activation a and zero fibre velocity: with fibre length l, cos(alpha) =
 * x / l and F_fibre = F0 (a f_L + f_PE), d(F_fibre cos alpha)/dx = F_fibre' cos^2(alpha)
 * + F_fibre sin^2(alpha) / l.
 */
function fiberAlongTendonStiffness(params: MuscleParameters, state: MuscleState, activation: number): number {
  const a = activation < 0 ? 0 : activation > 1 ? 1 : activation;
  const n = state.normalizedFiberLength;
  const cos = state.cosPennation;
  const fiberForce = state.activeFiberForce + state.passiveFiberForce;
  const fiberSlope =
    (params.maxIsometricForce * (a * activeForceLengthSlope(n) + passiveFiberForceLengthSlope(n, params.passiveStrainAtF0))) /
    params.optimalFiberLength;
  return fiberSlope * cos * cos + (fiberForce * (1 - cos * cos)) / state.fiberLength;
}

/**
 * Track law with rigid muscle tendons (what the static solvers use): passive-law.ts for
 * tendon, ligament and fascia (series tendons included: their own law on their own
 * length), rigidTendonMuscle at zero velocity for muscles.
 */
export const rigidTendonTrackLaw: TrackForceLaw = (model, tissue, lengthM, activation, out) => {
  if (model.tissueLaw[tissue] !== LawType.muscle) {
    passiveTrack(model, tissue, lengthM, out);
    return;
  }
  readMuscleParameters(model, tissue, muscleParameters);
  out[0] = rigidTendonMuscle(muscleParameters, lengthM, 0, activation, muscleState);
  // Below tendon slack + shortest fibre the fibre is clamped: force constant in length.
  const clamped = lengthM - muscleParameters.tendonSlackLength < minFiberLengthAlongTendon(muscleParameters);
  out[1] = clamped ? 0 : fiberAlongTendonStiffness(muscleParameters, muscleState, activation);
};

/**
 * Track law with elastic muscle tendons: static fibre-tendon equilibrium
 * (elasticTendonMuscleEquilibrium); the slope is that of tendon and fibre in series.
 */
export const elasticTendonTrackLaw: TrackForceLaw = (model, tissue, lengthM, activation, out) => {
  if (model.tissueLaw[tissue] !== LawType.muscle) {
    passiveTrack(model, tissue, lengthM, out);
    return;
  }
  readMuscleParameters(model, tissue, muscleParameters);
  out[0] = elasticTendonMuscleEquilibrium(muscleParameters, lengthM, activation, muscleState);
  const tendonStiffness =
    (muscleParameters.maxIsometricForce * tendonForceStrainSlope(muscleState.tendonStrain, muscleParameters.tendonStrainAtF0)) /
    muscleParameters.tendonSlackLength;
  const fiberStiffness = fiberAlongTendonStiffness(muscleParameters, muscleState, activation);
  const sum = tendonStiffness + fiberStiffness;
  out[1] = sum > 0 ? (tendonStiffness * fiberStiffness) / sum : 0;
};

/** Options of solveLineContinuity (all optional). */
export interface ContinuityOptions {
  /** Multiplies every anchorage stiffness (>= 0, finite). Default 1. */
  readonly anchorageScale?: number;
  /**
   * [njunction] anchorage stiffness per junction (N/m) used instead of
   * model.junctionStiffness (then scaled by anchorageScale); Infinity pins a junction.
   */
  readonly stiffnessOverride?: Float64Array;
  /** Track force law; rigidTendonTrackLaw by default. */
  readonly law?: TrackForceLaw;
  /** Start from the slides already in data.junctionDisplacement instead of 0. Default false. */
  readonly warmStart?: boolean;
  /** Absolute residual tolerance (N). Default 1e-10. */
  readonly absoluteTolerance?: number;
  /** Residual tolerance relative to the node's force scale |T_k| + |T_k+1| + |K s_k|. Default 1e-12. */
  readonly relativeTolerance?: number;
  /** Newton iterations at most. Default 100. */
  readonly maxIterations?: number;
}

/** Outcome of one line's solve. */
export interface LineContinuityResult {
  converged: boolean;
  /** Newton iterations used (0 when the start already satisfied the tolerance). */
  iterations: number;
  /** Largest |r_k| at the returned state (N); 0 for a line without junctions. */
  maxResidualN: number;
}

export function makeLineContinuityResult(): LineContinuityResult {
  return { converged: true, iterations: 0, maxResidualN: 0 };
}

const DEFAULT_ABSOLUTE_TOLERANCE = 1e-10;
const DEFAULT_RELATIVE_TOLERANCE = 1e-12;
const DEFAULT_MAX_ITERATIONS = 100;
const MAX_LINE_SEARCH_STEPS = 60;

/** Law evaluation output [tension, slope] (module scratch). */
const lawOut = new Float64Array(2);

/** Checks the options once per solve; throws a KinechainError naming what is wrong. */
export function checkContinuityOptions(model: LineModel, options: ContinuityOptions): void {
  const scale = options.anchorageScale;
  if (scale !== undefined && !(Number.isFinite(scale) && scale >= 0)) {
    throw new KinechainError('OUT_OF_RANGE', `anchorageScale must be a finite number >= 0, got ${String(scale)}`, {
      name: 'anchorageScale',
      value: String(scale),
    });
  }
  const override = options.stiffnessOverride;
  if (override !== undefined) {
    if (override.length !== model.njunction) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `stiffnessOverride has ${override.length} values but the model has ${model.njunction} junctions; ` +
          'give one anchorage stiffness (N/m) per junction, in model order',
        { expected: model.njunction, got: override.length },
      );
    }
    for (let j = 0; j < override.length; j++) {
      const value = override[j];
      if (!(value >= 0)) {
        throw new KinechainError(
          'OUT_OF_RANGE',
          `stiffnessOverride[${j}] must be >= 0 N/m (Infinity pins the junction), got ${String(value)}`,
          { junction: j, value: String(value) },
        );
      }
    }
  }
}

/** Anchorage stiffness of junction j (N/m) under the options. */
function anchorageStiffness(model: LineModel, junction: number, options: ContinuityOptions): number {
  const base = options.stiffnessOverride ? options.stiffnessOverride[junction] : model.junctionStiffness[junction];
  const scale = options.anchorageScale ?? 1;
  // Infinity * 0 would be NaN: a pinned junction stays pinned unless the scale frees it.
  if (base === Infinity) return scale === 0 ? 0 : Infinity;
  return base * scale;
}

/** Largest |r_k| (N) of the last evaluateLine call (module scratch). */
let lastMaxResidual = 0;

/**
 * Evaluates every track of the line at the slides in data.junctionDisplacement: fills
 * data.trackLength, data.trackTension and the slope slot, then the residuals and
 * data.junctionAnchorageForce. Returns the largest |r_k| / tolerance_k (<= 1 means
 * converged) and leaves the largest |r_k| (N) in lastMaxResidual.
 */
function evaluateLine(
  model: LineModel & TissueModel,
  data: LineData & TissueData,
  line: number,
  law: TrackForceLaw,
  options: ContinuityOptions,
  slopeOffset: number,
  residualOffset: number,
  absoluteTolerance: number,
  relativeTolerance: number,
): number {
  const firstTrack = model.lineTrackAdr[line];
  const trackCount = model.lineTrackNum[line];
  const firstJunction = model.lineJunctionAdr[line];
  const s = data.junctionDisplacement;
  const scratch = data.lineScratch;
  for (let k = 0; k < trackCount; k++) {
    const track = firstTrack + k;
    const tissue = model.trackTissue[track];
    const below = k > 0 ? s[firstJunction + k - 1] : 0;
    const above = k < trackCount - 1 ? s[firstJunction + k] : 0;
    const length = data.tissueLength[tissue] + above - below;
    law(model, tissue, length, data.tissueActivation[tissue], lawOut);
    data.trackLength[track] = length;
    data.trackTension[track] = lawOut[0];
    scratch[slopeOffset + k] = lawOut[1];
  }
  let worstRatio = 0;
  let worst = 0;
  for (let k = 0; k < trackCount - 1; k++) {
    const junction = firstJunction + k;
    const stiffness = anchorageStiffness(model, junction, options);
    const lower = data.trackTension[firstTrack + k];
    const upper = data.trackTension[firstTrack + k + 1];
    if (stiffness === Infinity) {
      // Pinned: the anchorage takes whatever the tracks leave; no residual.
      scratch[residualOffset + k] = 0;
      data.junctionAnchorageForce[junction] = upper - lower;
      continue;
    }
    const anchorage = stiffness * s[junction];
    const residual = upper - lower - anchorage;
    scratch[residualOffset + k] = residual;
    data.junctionAnchorageForce[junction] = anchorage;
    const magnitude = Math.abs(residual);
    if (magnitude > worst) worst = magnitude;
    const tolerance = absoluteTolerance + relativeTolerance * (Math.abs(lower) + Math.abs(upper) + Math.abs(anchorage));
    const ratio = magnitude / tolerance;
    if (ratio > worstRatio) worstRatio = ratio;
  }
  lastMaxResidual = worst;
  return worstRatio;
}

/** phi'(alpha) = -r . ds at the current state (residuals in scratch). */
function directionalDerivative(scratch: Float64Array, residualOffset: number, stepOffset: number, count: number): number {
  let sum = 0;
  for (let k = 0; k < count; k++) sum -= scratch[residualOffset + k] * scratch[stepOffset + k];
  return sum;
}

/** Sets the line's slides to start + alpha * step. */
function moveTo(
  data: LineData,
  firstJunction: number,
  count: number,
  alpha: number,
  startOffset: number,
  stepOffset: number,
): void {
  const scratch = data.lineScratch;
  for (let k = 0; k < count; k++) {
    data.junctionDisplacement[firstJunction + k] = scratch[startOffset + k] + alpha * scratch[stepOffset + k];
  }
}

/**
 * Solves the continuity equilibrium of `line` for the path lengths in data.tissueLength
 * and the activations in data.tissueActivation. Writes data.trackTension, data.trackLength,
 * data.junctionDisplacement and data.junctionAnchorageForce for the line's tracks and
 * junctions. Allocates nothing when `result` is given.
 */
export function solveLineContinuity(
  model: LineModel & TissueModel,
  data: LineData & TissueData,
  line: number,
  options: ContinuityOptions = {},
  result: LineContinuityResult = makeLineContinuityResult(),
): LineContinuityResult {
  const law = options.law ?? rigidTendonTrackLaw;
  const absoluteTolerance = options.absoluteTolerance ?? DEFAULT_ABSOLUTE_TOLERANCE;
  const relativeTolerance = options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const firstTrack = model.lineTrackAdr[line];
  const trackCount = model.lineTrackNum[line];
  const firstJunction = model.lineJunctionAdr[line];
  const junctionCount = trackCount - 1;
  const s = data.junctionDisplacement;
  const scratch = data.lineScratch;
  const slot = scratch.length / LINE_SCRATCH_SLOTS;
  const slopeOffset = 0;
  const residualOffset = slot;
  const stepOffset = 2 * slot;
  const startOffset = 3 * slot;
  const upperOffset = 4 * slot;
  const rhsOffset = 5 * slot;

  for (let k = 0; k < trackCount; k++) {
    const tissue = model.trackTissue[firstTrack + k];
    const length = data.tissueLength[tissue];
    if (!Number.isFinite(length)) {
      throw new KinechainError(
        'NOT_FINITE',
        `line "${model.lineName[line]}": path length of track tissue "${model.tissueName[tissue]}" is ${String(length)}; ` +
          'compute path lengths (pathLength) for a valid pose first',
        { line: model.lineName[line], tissue: model.tissueName[tissue] },
      );
    }
  }

  for (let k = 0; k < junctionCount; k++) {
    const junction = firstJunction + k;
    if (!options.warmStart || anchorageStiffness(model, junction, options) === Infinity || !Number.isFinite(s[junction])) {
      s[junction] = 0;
    }
  }

  let ratio = evaluateLine(model, data, line, law, options, slopeOffset, residualOffset, absoluteTolerance, relativeTolerance);
  let iterations = 0;
  while (ratio > 1 && iterations < maxIterations) {
    iterations++;
    // Regularisation floor for the Newton matrix (see the file comment).
    let largest = 0;
    for (let k = 0; k < trackCount; k++) largest = Math.max(largest, Math.abs(scratch[slopeOffset + k]));
    for (let k = 0; k < junctionCount; k++) {
      const stiffness = anchorageStiffness(model, firstJunction + k, options);
      if (stiffness !== Infinity) largest = Math.max(largest, stiffness);
    }
    const floor = Math.max(1e-6, 1e-8 * largest);

    // Thomas algorithm on H ds = r. Row k: -c_{k} ds_{k-1} + (c_k + c_{k+1} + K_k) ds_k - c_{k+1} ds_{k+1},
    // with c_k the regularised slope of track k. Pinned rows are ds_k = 0 and decouple.
    let previousUpper = 0;
    let previousRhs = 0;
    for (let k = 0; k < junctionCount; k++) {
      const stiffness = anchorageStiffness(model, firstJunction + k, options);
      const pinned = stiffness === Infinity;
      const pinnedBelow = k > 0 && anchorageStiffness(model, firstJunction + k - 1, options) === Infinity;
      const pinnedAbove = k < junctionCount - 1 && anchorageStiffness(model, firstJunction + k + 1, options) === Infinity;
      const lowerSlope = Math.max(scratch[slopeOffset + k], floor);
      const upperSlope = Math.max(scratch[slopeOffset + k + 1], floor);
      let diagonal: number;
      let sub: number;
      let superDiagonal: number;
      let rhs: number;
      if (pinned) {
        diagonal = 1;
        sub = 0;
        superDiagonal = 0;
        rhs = 0;
      } else {
        diagonal = lowerSlope + upperSlope + stiffness;
        sub = k > 0 && !pinnedBelow ? -lowerSlope : 0;
        superDiagonal = k < junctionCount - 1 && !pinnedAbove ? -upperSlope : 0;
        rhs = scratch[residualOffset + k];
      }
      const denominator = diagonal - sub * previousUpper;
      const upper = superDiagonal / denominator;
      const modifiedRhs = (rhs - sub * previousRhs) / denominator;
      scratch[upperOffset + k] = upper;
      scratch[rhsOffset + k] = modifiedRhs;
      previousUpper = upper;
      previousRhs = modifiedRhs;
    }
    for (let k = junctionCount - 1; k >= 0; k--) {
      const next = k < junctionCount - 1 ? scratch[stepOffset + k + 1] : 0;
      scratch[stepOffset + k] = scratch[rhsOffset + k] - scratch[upperOffset + k] * next;
    }
    for (let k = 0; k < junctionCount; k++) scratch[startOffset + k] = s[firstJunction + k];

    const startResidual = lastMaxResidual;
    const slopeAtStart = directionalDerivative(scratch, residualOffset, stepOffset, junctionCount);
    if (!(slopeAtStart < 0)) break; // no descent possible: the step is zero to rounding

    // Full Newton step.
    moveTo(data, firstJunction, junctionCount, 1, startOffset, stepOffset);
    ratio = evaluateLine(model, data, line, law, options, slopeOffset, residualOffset, absoluteTolerance, relativeTolerance);
    const slopeAtFull = directionalDerivative(scratch, residualOffset, stepOffset, junctionCount);
    if (slopeAtFull <= 0 || lastMaxResidual < startResidual) continue;

    // Bracket the minimum of E along the step: phi' < 0 at lo, > 0 at hi (Illinois regula falsi).
    let lo = 0;
    let slopeLo = slopeAtStart;
    let hi = 1;
    let slopeHi = slopeAtFull;
    let side = 0;
    for (let step = 0; step < MAX_LINE_SEARCH_STEPS; step++) {
      let alpha = lo - (slopeLo * (hi - lo)) / (slopeHi - slopeLo);
      if (!(alpha > lo && alpha < hi)) alpha = 0.5 * (lo + hi);
      moveTo(data, firstJunction, junctionCount, alpha, startOffset, stepOffset);
      evaluateLine(model, data, line, law, options, slopeOffset, residualOffset, absoluteTolerance, relativeTolerance);
      const slope = directionalDerivative(scratch, residualOffset, stepOffset, junctionCount);
      if (slope <= 0) {
        lo = alpha;
        slopeLo = slope;
        if (side === -1) slopeHi *= 0.5;
        side = -1;
        if (slope >= 0.1 * slopeAtStart) break; // phi' reduced tenfold: close enough to the line minimum
      } else {
        hi = alpha;
        slopeHi = slope;
        if (side === 1) slopeLo *= 0.5;
        side = 1;
      }
      if (hi - lo <= 1e-12 * hi) break;
    }
    const alpha = lo > 0 ? lo : 0.5 * hi;
    moveTo(data, firstJunction, junctionCount, alpha, startOffset, stepOffset);
    ratio = evaluateLine(model, data, line, law, options, slopeOffset, residualOffset, absoluteTolerance, relativeTolerance);
  }

  result.converged = ratio <= 1;
  result.iterations = iterations;
  result.maxResidualN = lastMaxResidual;
  return result;
}
