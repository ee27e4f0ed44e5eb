/**
 * Chain tension: the continuity equilibrium of every myofascial line for one posture.
 *
 * solveChainTension assumes data.tissueLength holds the path lengths of the current
 * pose (forwardKinematics then pathLength) and data.tissueActivation the muscle
 * activations; it solves each line with solveLineContinuity (core/tissues/continuity.ts)
 * and fills data.trackTension, data.trackLength, data.junctionDisplacement and
 * data.junctionAnchorageForce. solveChainTensionAtPose does the kinematics and path
 * lengths first.
 *
 * Lines are solved independently of each other and of the skeleton: the posture is
 * given, and a tissue shared by two lines is solved once per line (see continuity.ts).
 */
import { KinechainError } from '../errors.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import type { Data, Model } from '../model/model.js';
import { pathLength } from '../paths/path-length.js';
import {
  checkContinuityOptions,
  makeLineContinuityResult,
  solveLineContinuity,
  type ContinuityOptions,
} from '../tissues/continuity.js';

export interface ChainTensionOptions extends ContinuityOptions {
  /** Solve only these lines (indices); every line when absent. */
  readonly lines?: readonly number[];
}

export interface ChainTensionResult {
  /** True if every line met its residual tolerance. */
  readonly converged: boolean;
  /** Lines solved. */
  readonly linesSolved: number;
  /** Most Newton iterations any line needed, and their total over the lines. */
  readonly maxIterations: number;
  readonly totalIterations: number;
  /** Largest junction residual |T_k+1 - T_k - K_k s_k| over every line (N). */
  readonly maxResidualN: number;
  /** Index of the line with the largest residual (-1 without junctions). */
  readonly worstLine: number;
  /** Indices of the lines that did not converge. */
  readonly unconvergedLines: readonly number[];
}

/** Reused per-line outcome (module scratch). */
const lineResult = makeLineContinuityResult();

/** Solves every line (or options.lines) for the path lengths already in data.tissueLength. */
export function solveChainTension(model: Model, data: Data, options: ChainTensionOptions = {}): ChainTensionResult {
  checkContinuityOptions(model, options);
  if (options.lines) {
    for (const line of options.lines) {
      if (!(Number.isInteger(line) && line >= 0 && line < model.nline)) {
        throw new KinechainError(
          'OUT_OF_RANGE',
          `line index ${String(line)} is not a line of the model (it has ${model.nline}: 0 .. ${model.nline - 1}); ` +
            'look lines up by name with model.lineIndex',
          { line: String(line), nline: model.nline },
        );
      }
    }
  }
  const count = options.lines ? options.lines.length : model.nline;
  let maxIterations = 0;
  let totalIterations = 0;
  let maxResidualN = 0;
  let worstLine = -1;
  const unconvergedLines: number[] = [];
  for (let i = 0; i < count; i++) {
    const line = options.lines ? options.lines[i] : i;
    solveLineContinuity(model, data, line, options, lineResult);
    if (lineResult.iterations > maxIterations) maxIterations = lineResult.iterations;
    totalIterations += lineResult.iterations;
    if (model.lineTrackNum[line] > 1 && (worstLine < 0 || lineResult.maxResidualN > maxResidualN)) {
      maxResidualN = lineResult.maxResidualN;
      worstLine = line;
    }
    if (!lineResult.converged) unconvergedLines.push(line);
  }
  return {
    converged: unconvergedLines.length === 0,
    linesSolved: count,
    maxIterations,
    totalIterations,
    maxResidualN,
    worstLine,
    unconvergedLines,
  };
}

/**
 * Forward kinematics and path lengths at coordinates q [nq] (copied into data.q), then
 * solveChainTension. Activations are taken from data.tissueActivation as they are.
 */
export function solveChainTensionAtPose(
  model: Model,
  data: Data,
  q: ArrayLike<number>,
  options: ChainTensionOptions = {},
): ChainTensionResult {
  forwardKinematics(model, data, q);
  pathLength(model, data);
  return solveChainTension(model, data, options);
}
