/**
 * Static optimisation of the imported model over a trial, and its muscle forces read as
 * the default body's tissues (library/opensim-muscle-mapping.ts).
 *
 * At each inverse-dynamics frame the frame's generalised forces are shared among the
 * model's muscles and its reserve / residual actuators by minimising sum a^2 + sum u^2
 * (core/solvers/static-optimization.ts), with OpenSim's StaticOptimization muscle model:
 * rigid tendon, active fibre force at the frame's length and speed (passive fibre force
 * left out), passive tissues at their force laws. Every unlocked coordinate's equation is
 * enforced. Actuators: the trial's CoordinateActuators; residuals (optimal force 1) on
 * every root coordinate not given one, and, without any actuator file, a reserve of
 * optimal force 1 on every other coordinate (OpenSim's gait examples use 1 N m reserves).
 */
import type { Model } from '../core/model/model.js';
import { makeStaticOptimization, solveStaticOptimizationAtPose, type CoordinateActuatorSet } from '../core/solvers/static-optimization.js';
import { correspondenceOfOpenSimMuscle, DEFAULT_BODY_SERIES_TENDONS, OPENSIM_MUSCLES_WITHOUT_COUNTERPART, splitSide } from '../library/opensim-muscle-mapping.js';
import type { GaitTrial } from './gait-trial.js';
import { importNotes, pathApproximations, type ModelApproximations } from './opensim/opensim-model.js';

export interface ImportedStaticOptimization {
  /** Muscle names in solver order. */
  readonly muscles: readonly string[];
  /** [nframe*nmuscle] activation and tendon force (N). */
  readonly activation: Float64Array;
  readonly muscleForce: Float64Array;
  /** [nframe*nq] reserve / residual generalised force on each coordinate (N m or N). */
  readonly actuatorGeneralizedForce: Float64Array;
  /** [nframe*nq] muscle and passive-tissue generalised force on each coordinate. */
  readonly tissueGeneralizedForce: Float64Array;
  /** [nframe] largest equation residual over the enforced coordinates. */
  readonly maxEquationResidual: Float64Array;
  /** Frames whose optimisation was not 'optimal'. */
  readonly infeasibleFrames: readonly number[];
  /** Coordinate names that carry a reserve or residual actuator. */
  readonly actuatedCoordinates: readonly string[];
  readonly notes: readonly string[];
}

/** Root coordinates: those of joints whose parent is ground. */
export function rootCoordinates(model: Model): Set<number> {
  const roots = new Set<number>();
  for (let body = 1; body < model.nbody; body++) {
    if (model.bodyParent[body] !== 0) continue;
    for (let j = model.jointCoordAdr[body]; j < model.jointCoordAdr[body] + model.jointCoordNum[body]; j++) roots.add(j);
  }
  return roots;
}

/** Groups coordinate actuators by (optimal force, bound) as the solver takes them. */
function actuatorSets(entries: readonly { coordinate: string; optimalForce: number; maxControl: number }[]): CoordinateActuatorSet[] {
  const sets = new Map<string, { optimalForce: number; maxControl: number; coordinates: string[] }>();
  for (const entry of entries) {
    const key = `${entry.optimalForce}|${entry.maxControl}`;
    const set = sets.get(key) ?? { optimalForce: entry.optimalForce, maxControl: entry.maxControl, coordinates: [] };
    set.coordinates.push(entry.coordinate);
    sets.set(key, set);
  }
  return [...sets.values()];
}

/**
 * Runs the optimisation at every frame. The import approximations that touch the muscles
 * (wraps left out, conditional or moving path points fixed at the default pose) throw
 * UNSUPPORTED unless `approximations` allows them; allowed ones are listed in the notes.
 */
export function importedStaticOptimization(
  trial: GaitTrial,
  approximations: ModelApproximations = {},
  onFrame?: (frame: number) => void,
): ImportedStaticOptimization {
  const model = trial.model;
  const nq = model.nq;
  const used = new Set<string>();
  for (let tissue = 0; tissue < model.ntissue; tissue++) used.add(model.tissueName[tissue]);
  const notes: string[] = [...pathApproximations(trial.loaded, used, approximations), ...importNotes(trial.loaded, used)];
  const roots = rootCoordinates(model);
  const reserves: { coordinate: string; optimalForce: number; maxControl: number }[] = [];
  const residuals: { coordinate: string; optimalForce: number; maxControl: number }[] = [];
  const driven = new Set<number>();
  for (const actuator of trial.actuators) {
    const j = model.coordinateIndex.get(actuator.coordinate);
    if (j === undefined || model.coordinateLocked[j] === 1 || driven.has(j)) {
      notes.push(`actuator "${actuator.name}" on "${actuator.coordinate}" was left out (no such unlocked coordinate, or a second actuator on it)`);
      continue;
    }
    driven.add(j);
    (roots.has(j) ? residuals : reserves).push({ coordinate: actuator.coordinate, optimalForce: actuator.optimalForce, maxControl: actuator.maxControl });
  }
  const noActuatorFile = trial.sources.actuators.length === 0;
  const added: string[] = [];
  for (let j = 0; j < nq; j++) {
    if (model.coordinateLocked[j] === 1 || driven.has(j)) continue;
    if (roots.has(j)) {
      residuals.push({ coordinate: model.coordinateName[j], optimalForce: 1, maxControl: Infinity });
      added.push(model.coordinateName[j]);
    } else if (noActuatorFile) {
      reserves.push({ coordinate: model.coordinateName[j], optimalForce: 1, maxControl: Infinity });
      added.push(model.coordinateName[j]);
    }
  }
  if (added.length > 0) notes.push(`coordinate actuators of optimal force 1 added on: ${added.join(', ')}`);
  if (trial.actuatorsLeftOut.length > 0) {
    notes.push(`not read (residual coordinate actuators on the root coordinates take their place): ${trial.actuatorsLeftOut.join(', ')}`);
  }
  const solver = makeStaticOptimization(model, {
    forceModel: 'physiological',
    musclePassiveForce: false,
    passiveTissues: true,
    activationExponent: 2,
    reserves: actuatorSets(reserves),
    residuals: actuatorSets(residuals),
  });

  const nframe = trial.time.length;
  const nmuscle = solver.muscleTissue.length;
  const activation = new Float64Array(nframe * nmuscle);
  const muscleForce = new Float64Array(nframe * nmuscle);
  const actuatorGeneralizedForce = new Float64Array(nframe * nq);
  const tissueGeneralizedForce = new Float64Array(nframe * nq);
  const maxEquationResidual = new Float64Array(nframe);
  const infeasibleFrames: number[] = [];
  const data = trial.data;
  for (let frame = 0; frame < nframe; frame++) {
    const o = frame * nq;
    const result = solveStaticOptimizationAtPose(
      solver,
      model,
      data,
      trial.q.subarray(o, o + nq),
      trial.qd.subarray(o, o + nq),
      trial.generalizedForce.subarray(o, o + nq),
    );
    if (result.status !== 'optimal') infeasibleFrames.push(frame);
    activation.set(result.activation, frame * nmuscle);
    muscleForce.set(result.muscleForce, frame * nmuscle);
    actuatorGeneralizedForce.set(result.actuatorGeneralizedForce, o);
    for (let j = 0; j < nq; j++) {
      tissueGeneralizedForce[o + j] = trial.generalizedForce[o + j] - result.actuatorGeneralizedForce[j] - result.coordinateResidual[j];
    }
    maxEquationResidual[frame] = result.maxEquationResidual;
    onFrame?.(frame);
  }
  return {
    muscles: Array.from(solver.muscleTissue, (tissue) => model.tissueName[tissue]),
    activation,
    muscleForce,
    actuatorGeneralizedForce,
    tissueGeneralizedForce,
    maxEquationResidual,
    infeasibleFrames,
    actuatedCoordinates: [...reserves, ...residuals].map((entry) => entry.coordinate),
    notes,
  };
}

/** Which imported muscles stand for a default-body tissue (with side). */
export interface TissueCorrespondence {
  readonly tissue: string;
  /** Imported muscles whose forces add up to this tissue's (empty: not represented). */
  readonly opensimMuscles: readonly string[];
  /** True when those muscles also stand for other default-body tissues (a lumped group). */
  readonly lumped: boolean;
}

/** The imported muscles standing for a default-body tissue (series tendons: for their muscles). */
export function tissueCorrespondence(tissue: string, importedMuscles: readonly string[]): TissueCorrespondence {
  const [base, side] = splitSide(tissue);
  const constituents = DEFAULT_BODY_SERIES_TENDONS[base] ?? [base];
  const muscles = new Set<string>();
  let lumped = false;
  for (const muscle of importedMuscles) {
    const [, muscleSide] = splitSide(muscle);
    if (muscleSide !== side) continue;
    const entry = correspondenceOfOpenSimMuscle(muscle);
    if (entry === undefined || !entry.tissues.some((name) => constituents.includes(name))) continue;
    muscles.add(muscle);
    if (entry.tissues.some((name) => !constituents.includes(name))) lumped = true;
  }
  return { tissue, opensimMuscles: [...muscles], lumped };
}

/** Imported muscles without a counterpart in the default body, with the reason. */
export function unmappedMuscles(importedMuscles: readonly string[]): { muscle: string; reason: string }[] {
  return importedMuscles
    .filter((muscle) => correspondenceOfOpenSimMuscle(muscle) === undefined)
    .map((muscle) => ({
      muscle,
      reason: OPENSIM_MUSCLES_WITHOUT_COUNTERPART[splitSide(muscle)[0]] ?? 'no default-body tissue of this name or role is known',
    }));
}
