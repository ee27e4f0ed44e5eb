/**
 * bodyScene({ subject, pose | coordinates }): the geometry a 3D view draws — where every
 * body of the default body is (origin and orientation in ground), where every tissue's
 * path runs (its path points in ground, with the tangent points of an active wrap in
 * between), and the myofascial lines track by track with each track's tension at that pose.
 *
 * The numbers come from the engine itself: forwardKinematics places the bodies,
 * tissuePathLength puts the path points into ground (data.pointWorld, data.wrapPointWorld)
 * and solveChainTensionAtPose gives the track tensions (muscles passive, nominal junction
 * anchorage), so the picture and the analyses can never disagree about the geometry.
 *
 * Browser-safe (no node:* import), so a Web Worker can call it. The compiled model is
 * cached per subject (default-model.ts) and one Data per model is kept here, so a call
 * after the first only does the kinematics, the paths and the line solve.
 */
import { KinechainError } from '../core/errors.js';
import { makeData } from '../core/model/make-data.js';
import { TISSUE_KIND_NAMES, type Data, type Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { solveChainTensionAtPose } from '../core/solvers/chain-tension.js';
import { defaultModel, type SubjectInput } from './default-model.js';
import type { Side } from './describe-model.js';

export interface BodySceneRequest {
  readonly subject?: SubjectInput;
  /** Named coordinate values in SI (rad, m) over the standing pose; unnamed coordinates keep their standing value. */
  readonly pose?: Readonly<Record<string, number>>;
  /** Or the full coordinate vector [nq] (rad, m), in model order. Give one of pose and coordinates. */
  readonly coordinates?: ArrayLike<number>;
  /** Also solve the line tensions (default true). */
  readonly tensions?: boolean;
}

export interface SceneBody {
  readonly name: string;
  /** Index of the parent body in `bodies`, -1 for a body on ground. */
  readonly parent: number;
  /** Body frame origin in ground (m). */
  readonly origin: readonly [number, number, number];
  /** R_ground_body, row-major [9]. */
  readonly rotation: readonly number[];
  /** Centre of mass in ground (m). */
  readonly centerOfMass: readonly [number, number, number];
  readonly massKg: number;
  /** Segment length (m); 0 when the model does not give one. */
  readonly lengthM: number;
}

export interface SceneTissue {
  readonly name: string;
  readonly kind: (typeof TISSUE_KIND_NAMES)[number];
  readonly region: string;
  readonly side: Side;
  /** Path points in ground, flat [x0, y0, z0, x1, ...] (m), origin first; active wraps add their two tangent points. */
  readonly points: readonly number[];
  /** Bodies the path points are fixed in, as indices into `bodies`, in path order without repeats. */
  readonly attachedBodies: readonly number[];
  /** Path length at the pose, wrapping included (m), and in the standing reference pose. */
  readonly lengthM: number;
  readonly referenceLengthM: number;
}

export interface SceneTrack {
  readonly tissue: string;
  readonly label: string;
  /** Index into `tissues`: the track's path points are that tissue's. */
  readonly tissueIndex: number;
  /** Tension of the track at the pose (N); null when tensions were not asked for. */
  readonly tensionN: number | null;
}

export interface SceneLine {
  readonly name: string;
  readonly family: string;
  readonly side: Side;
  /** Tracks from the lower (distal) end up. */
  readonly tracks: readonly SceneTrack[];
}

export interface BodyScene {
  readonly subject: { readonly heightM: number; readonly massKg: number; readonly sex: 'male' | 'female' } | null;
  /** The coordinates drawn (rad, m), by name in model order. */
  readonly coordinates: Readonly<Record<string, number>>;
  readonly bodies: readonly SceneBody[];
  readonly tissues: readonly SceneTissue[];
  readonly lines: readonly SceneLine[];
  /** Whether every line's continuity solve converged (true when tensions were not asked for). */
  readonly tensionsConverged: boolean;
}

/** One Data per compiled model: the scene's workspace, reused call after call. */
const workspaces = new WeakMap<Model, Data>();

function workspaceOf(model: Model): Data {
  let data = workspaces.get(model);
  if (data === undefined) {
    data = makeData(model);
    workspaces.set(model, data);
  }
  return data;
}

/** The coordinate vector [nq] of a request, checked (UNKNOWN_NAME, NOT_FINITE, OUT_OF_RANGE, MALFORMED_INPUT). */
function coordinatesOf(model: Model, request: BodySceneRequest): Float64Array {
  if (request.pose !== undefined && request.coordinates !== undefined) {
    throw new KinechainError('MALFORMED_INPUT', 'give either pose (named values) or coordinates (the full vector), not both');
  }
  if (request.coordinates === undefined) {
    const pose = request.pose ?? {};
    if (pose === null || typeof pose !== 'object' || Array.isArray(pose)) {
      throw new KinechainError('MALFORMED_INPUT', 'pose must be an object mapping coordinate names to values in rad or m, e.g. {"hip_flexion_r": 0.5}');
    }
    return setPose(model, pose as Record<string, number>);
  }
  const given = request.coordinates;
  if (given.length !== model.nq) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `coordinates has ${given.length} values but the model has ${model.nq}; give them in model order or use pose with names`,
      { given: given.length, nq: model.nq },
    );
  }
  const named: Record<string, number> = {};
  for (let j = 0; j < model.nq; j++) named[model.coordinateName[j]] = given[j];
  return setPose(model, named);
}

function vector(values: Float64Array, offset: number): [number, number, number] {
  return [values[offset], values[offset + 1], values[offset + 2]];
}

/**
 * Path points of `tissue` in ground after tissuePathLength: its own points, and between the
 * two points of an active wrap's segment the wrap's tangent points (the arc over the
 * obstacle is drawn as its chord).
 */
function tissuePoints(model: Model, data: Data, tissue: number): number[] {
  const first = model.tissuePointAdr[tissue];
  const count = model.tissuePointNum[tissue];
  const firstWrap = model.tissueWrapAdr[tissue];
  const wrapEnd = firstWrap + model.tissueWrapNum[tissue];
  const points: number[] = [];
  for (let point = first; point < first + count; point++) {
    points.push(data.pointWorld[3 * point], data.pointWorld[3 * point + 1], data.pointWorld[3 * point + 2]);
    for (let wrap = firstWrap; wrap < wrapEnd; wrap++) {
      if (model.wrapFirstPoint[wrap] !== point || data.wrapActive[wrap] !== 1) continue;
      for (let k = 0; k < 6; k++) points.push(data.wrapPointWorld[6 * wrap + k]);
    }
  }
  return points;
}

/** The scene of the default body (see the file comment). */
export function bodyScene(request: BodySceneRequest = {}): BodyScene {
  const model = defaultModel(request.subject);
  const data = workspaceOf(model);
  const q = coordinatesOf(model, request);
  const withTensions = request.tensions ?? true;

  // The line solve runs the kinematics and every path first; without it, do those alone.
  let converged = true;
  if (withTensions) {
    data.tissueActivation.fill(0);
    converged = solveChainTensionAtPose(model, data, q).converged;
  } else {
    solveChainTensionAtPose(model, data, q, { lines: [] });
  }

  const bodies: SceneBody[] = [];
  for (let b = 1; b < model.nbody; b++) {
    const rotation = Array.from(data.bodyRotation.subarray(9 * b, 9 * b + 9));
    const origin = vector(data.bodyPosition, 3 * b);
    const com = vector(model.bodyCom, 3 * b);
    const centerOfMass: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < 3; i++) {
      centerOfMass[i] = rotation[3 * i] * com[0] + rotation[3 * i + 1] * com[1] + rotation[3 * i + 2] * com[2] + origin[i];
    }
    bodies.push({
      name: model.bodyName[b],
      parent: model.bodyParent[b] - 1,
      origin,
      rotation,
      centerOfMass,
      massKg: model.bodyMass[b],
      lengthM: model.bodyLength[b],
    });
  }

  const tissues: SceneTissue[] = [];
  for (let t = 0; t < model.ntissue; t++) {
    const attachedBodies: number[] = [];
    for (let point = model.tissuePointAdr[t]; point < model.tissuePointAdr[t] + model.tissuePointNum[t]; point++) {
      const body = model.pointBody[point] - 1;
      if (!attachedBodies.includes(body)) attachedBodies.push(body);
    }
    tissues.push({
      name: model.tissueName[t],
      kind: TISSUE_KIND_NAMES[model.tissueKind[t]],
      region: model.tissueRegion[t],
      side: model.tissueSide[t],
      points: tissuePoints(model, data, t),
      attachedBodies,
      lengthM: data.tissueLength[t],
      referenceLengthM: model.tissueReferenceLength[t],
    });
  }

  const lines: SceneLine[] = [];
  for (let line = 0; line < model.nline; line++) {
    const tracks: SceneTrack[] = [];
    for (let k = 0; k < model.lineTrackNum[line]; k++) {
      const track = model.lineTrackAdr[line] + k;
      const tissue = model.trackTissue[track];
      tracks.push({
        tissue: model.tissueName[tissue],
        label: model.trackLabel[track],
        tissueIndex: tissue,
        tensionN: withTensions ? data.trackTension[track] : null,
      });
    }
    lines.push({ name: model.lineName[line], family: model.lineFamily[line], side: model.lineSide[line], tracks });
  }

  const coordinates: Record<string, number> = {};
  for (let j = 0; j < model.nq; j++) coordinates[model.coordinateName[j]] = q[j];
  const subject = model.spec.subject;
  return {
    subject: subject ? { heightM: subject.heightM, massKg: subject.massKg, sex: subject.sex } : null,
    coordinates,
    bodies,
    tissues,
    lines,
    tensionsConverged: converged,
  };
}
