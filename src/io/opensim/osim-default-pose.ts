/**
 * The imported skeleton posed at import time: OpenSim's default pose (every coordinate
 * at its default_value) to freeze conditional and moving path points, and poses sampled
 * over the coordinates' ranges to place cylinder wraps. Body poses come from
 * kinechain's own forwardKinematics on the skeleton spec. Coordinates folded into their
 * joints by a coupler (mapping "composed") keep a value, derived from the independent
 * one; a coupler kept as a free coordinate ("kept") is enforced in sampled poses too, so
 * that, e.g., Rajagopal's patella follows the knee.
 */
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { makeSkeletonData } from '../../core/model/make-skeleton-data.js';
import { CoordinateKind, type SkeletonData, type SkeletonModel } from '../../core/model/model.js';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { parseSpec } from '../../spec/compile.js';
import type { BodySpec, Vec3Tuple } from '../../spec/schema.js';
import type { ImportReport } from './osim-import-report.js';
import { evaluateFunctionSpec, functionEvaluator } from './osim-map-functions.js';

export interface Pose {
  /** A body-fixed point in ground (m). */
  pointInGround(body: string, local: readonly number[]): Vec3Tuple;
  /** A body-fixed direction in ground. */
  directionInGround(body: string, local: readonly number[]): Vec3Tuple;
}

export interface DefaultPose extends Pose {
  /** Value of an OpenSim coordinate in the default pose, or undefined if the model has no such coordinate. */
  coordinateValue(name: string): number | undefined;
  /**
   * Poses in which the rotational coordinates that move `bodies` relative to each other
   * each sweep their range (one at a time, 7 values, at most one turn), others at default.
   */
  sweeps(bodies: readonly string[]): Pose[];
}

function poseOf(skeleton: SkeletonModel, data: SkeletonData): Pose {
  const rotation = new Float64Array(data.bodyRotation);
  const position = new Float64Array(data.bodyPosition);
  const index = (body: string): number => {
    const b = skeleton.bodyIndex.get(body);
    if (b === undefined) throw new Error(`internal: body "${body}" missing from the imported skeleton`);
    return b;
  };
  const rotate = (b: number, v: readonly number[]): Vec3Tuple => {
    const o = 9 * b;
    return [
      rotation[o] * v[0] + rotation[o + 1] * v[1] + rotation[o + 2] * v[2],
      rotation[o + 3] * v[0] + rotation[o + 4] * v[1] + rotation[o + 5] * v[2],
      rotation[o + 6] * v[0] + rotation[o + 7] * v[1] + rotation[o + 8] * v[2],
    ];
  };
  return {
    pointInGround: (body, local) => {
      const b = index(body);
      const moved = rotate(b, local);
      return [moved[0] + position[3 * b], moved[1] + position[3 * b + 1], moved[2] + position[3 * b + 2]];
    },
    directionInGround: (body, local) => rotate(index(body), local),
  };
}

const SWEEP_SAMPLES = 7;

export function defaultPose(modelName: string, gravity: Vec3Tuple | undefined, bodies: BodySpec[], report: ImportReport): DefaultPose {
  const spec = parseSpec({ name: modelName || 'opensim-model', ...(gravity ? { gravity } : {}), bodies });
  const skeleton = compileSkeleton(spec);
  const data: SkeletonData = makeSkeletonData(skeleton);
  const nq = skeleton.nq;
  const kept = report.couplings.filter((coupling) => coupling.mapping === 'kept');
  // Kept couplings as coordinate indices with their function built once (solve runs per sampled pose).
  const keptIndices: { independent: number; dependent: number; evaluate: (x: number) => [number, number, number] }[] = [];
  for (const coupling of kept) {
    const independent = skeleton.coordinateIndex.get(coupling.independent);
    const dependent = skeleton.coordinateIndex.get(coupling.dependent);
    if (independent !== undefined && dependent !== undefined) {
      keptIndices.push({ independent, dependent, evaluate: functionEvaluator(coupling.function) });
    }
  }

  /** Poses q, holding kept couplings (dependent = f(independent)). */
  const solve = (q: Float64Array): Pose => {
    for (const { independent, dependent, evaluate } of keptIndices) q[dependent] = evaluate(q[independent])[0];
    forwardKinematics(skeleton, data, q);
    return poseOf(skeleton, data);
  };
  const base = solve(new Float64Array(skeleton.coordinateDefault));

  const values = new Map<string, number>();
  skeleton.coordinateName.forEach((name, j) => values.set(name, data.q[j]));
  for (const coupling of report.couplings) {
    if (coupling.mapping !== 'composed') continue;
    const independent = values.get(coupling.independent);
    if (independent !== undefined) values.set(coupling.dependent, evaluateFunctionSpec(coupling.function, independent)[0]);
  }
  const dependents = new Set(kept.map((coupling) => coupling.dependent));
  /** Rotational coordinates that are not kept dependents, in coordinate order: the ones sweeps may move. */
  const sweptCoordinates: number[] = [];
  for (let j = 0; j < nq; j++) {
    if (skeleton.coordinateKind[j] === CoordinateKind.rotational && !dependents.has(skeleton.coordinateName[j])) sweptCoordinates.push(j);
  }
  /** Coordinate j and the dependents its kept couplings drive. */
  const drivenBy = skeleton.coordinateName.map((name, j) => [
    j,
    ...kept.filter((c) => c.independent === name).map((c) => skeleton.coordinateIndex.get(c.dependent) ?? j),
  ]);
  /** Whether the coordinates `driven` move some of the bodies `indices` and not others. */
  const movesApart = (indices: readonly number[], driven: readonly number[]): boolean => {
    let firstMoved = false;
    for (let i = 0; i < indices.length; i++) {
      let moved = false;
      for (const k of driven) {
        if (skeleton.bodyCoordinateSupport[indices[i] * nq + k] === 1) {
          moved = true;
          break;
        }
      }
      if (i === 0) firstMoved = moved;
      else if (moved !== firstMoved) return true;
    }
    return false;
  };
  // The sweep of a coordinate does not depend on the bodies asked about: solved once, then
  // shared by every path segment and wrap that needs it (a large model asks hundreds of times).
  const sweepsByCoordinate = new Map<number, Pose[]>();
  const sweepOf = (j: number): Pose[] => {
    let poses = sweepsByCoordinate.get(j);
    if (poses === undefined) {
      poses = [];
      const min = Math.max(skeleton.coordinateRange[2 * j], -Math.PI);
      const max = Math.min(skeleton.coordinateRange[2 * j + 1], Math.PI);
      for (let k = 0; k < SWEEP_SAMPLES; k++) {
        const q = new Float64Array(skeleton.coordinateDefault);
        q[j] = min + ((max - min) * k) / (SWEEP_SAMPLES - 1);
        poses.push(solve(q));
      }
      sweepsByCoordinate.set(j, poses);
    }
    return poses;
  };

  return {
    ...base,
    coordinateValue: (name) => values.get(name),
    sweeps: (names) => {
      const indices = names.map((name) => skeleton.bodyIndex.get(name) ?? 0);
      const poses: Pose[] = [];
      for (const j of sweptCoordinates) {
        // Only coordinates that move some of the bodies relative to the others matter,
        // directly or through the dependent coordinates they drive.
        if (movesApart(indices, drivenBy[j])) poses.push(...sweepOf(j));
      }
      return poses;
    },
  };
}
