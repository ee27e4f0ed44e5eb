/**
 * compileSkeleton(spec) -> SkeletonModel: bodies, joints, coordinates and the function
 * table as flat arrays.
 *
 * Ground is body 0 (a weld named "ground"). The other bodies follow in depth-first
 * order from ground, children in spec order, so every parent precedes its children and
 * each subtree is contiguous.
 *
 * Every joint type becomes the same transform-axis kernel (OpenSim's CustomJoint /
 * Simbody's FunctionBasedMobilizer): up to 3 rotation axes applied in order as
 * body-fixed rotations, R_F_M = R(a1, f1(q)) R(a2, f2(q)) R(a3, f3(q)), then up to 3
 * translation axes expressed in the parent offset frame F, p_F_M = sum f_k(q) t_k.
 * Built-in types are shorthand:
 * - weld: no axes
 * - revolute: one rotation about `axis`, value = q0
 * - universal: rotations about axes[0] then axes[1] (body-fixed), values q0, q1
 * - ball: body-fixed X, Y, Z rotations, values q0, q1, q2
 * - free: body-fixed Z, X, Y rotations (q0, q1, q2: tilt, list, rotation as OpenSim's
 *   gait models), then translations along X, Y, Z of the parent offset frame (q3, q4, q5)
 * A custom joint may list its axes in any order: rotations keep their relative order and
 * go first. An axis without a coordinate is a fixed offset, its function evaluated at 0.
 * Every coordinate of a custom joint must drive at least one axis.
 *
 * Every problem is reported as KinechainError('INVALID_SPEC') naming the body, joint or
 * coordinate at fault.
 */
import { KinechainError } from '../core/errors.js';
import { didYouMean } from '../core/math/edit-distance.js';
import { FunctionTableBuilder, type FunctionDescription } from '../core/math/function-table-builder.js';
import { mat3FromBodyFixedXYZ } from '../core/math/mat3.js';
import { AxisKind, CoordinateKind, JointType, type SkeletonModel } from '../core/model/model.js';
import type { BodySpec, CoordinateSpec, JointSpec, ModelSpec } from './schema.js';

const GROUND = 'ground';
const UNIT_SLOPE: FunctionDescription = { type: 'linear', slope: 1, intercept: 0 };

/** One transform axis before packing: its coordinate is an index local to the joint. */
interface AxisDraft {
  kind: number;
  direction: readonly number[];
  localCoordinate: number;
  func: FunctionDescription;
}

function invalid(message: string, details?: Record<string, unknown>): KinechainError {
  return new KinechainError('INVALID_SPEC', message, details);
}

function requireFiniteValues(values: readonly number[], what: string): void {
  values.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const index = values.length > 1 ? `[${i}]` : '';
      throw invalid(`${what}${index} must be a finite number, got ${String(value)}`);
    }
  });
}

// ---------------------------------------------------------------------------------
// Names and tree order
// ---------------------------------------------------------------------------------

function checkUniqueNames(spec: ModelSpec): void {
  const bodies = new Set<string>();
  const joints = new Set<string>();
  const coordinates = new Map<string, string>();
  for (const body of spec.bodies) {
    if (body.name === GROUND) throw invalid(`body name "ground" is reserved for the ground body; rename the body`);
    if (bodies.has(body.name)) throw invalid(`duplicate body name "${body.name}"; body names must be unique`);
    bodies.add(body.name);
    const joint = body.joint;
    if (joint.name === GROUND) throw invalid(`joint name "ground" (body "${body.name}") is reserved; rename the joint`);
    if (joints.has(joint.name)) throw invalid(`duplicate joint name "${joint.name}" (body "${body.name}"); joint names must be unique`);
    joints.add(joint.name);
    for (const coordinate of jointCoordinates(joint)) {
      const owner = coordinates.get(coordinate.name);
      if (owner !== undefined) {
        throw invalid(
          `duplicate coordinate name "${coordinate.name}" (joints "${owner}" and "${joint.name}"); coordinate names must be unique`,
        );
      }
      coordinates.set(coordinate.name, joint.name);
    }
  }
}

/** Depth-first order from ground, children in spec order; rejects unknown parents and cycles. */
function orderBodies(spec: ModelSpec): BodySpec[] {
  const names = new Set(spec.bodies.map((body) => body.name));
  const children = new Map<string, BodySpec[]>();
  for (const body of spec.bodies) {
    if (body.parent !== GROUND && !names.has(body.parent)) {
      throw invalid(
        `body "${body.name}" has unknown parent "${body.parent}"${didYouMean(body.parent, [GROUND, ...names])}`,
        { body: body.name, parent: body.parent },
      );
    }
    const siblings = children.get(body.parent) ?? [];
    siblings.push(body);
    children.set(body.parent, siblings);
  }
  const ordered: BodySpec[] = [];
  const stack = [...(children.get(GROUND) ?? [])].reverse();
  while (stack.length > 0) {
    const body = stack.pop() as BodySpec;
    ordered.push(body);
    const own = children.get(body.name) ?? [];
    for (let i = own.length - 1; i >= 0; i--) stack.push(own[i]);
  }
  if (ordered.length !== spec.bodies.length) {
    const reached = new Set(ordered.map((body) => body.name));
    const cyclic = spec.bodies.filter((body) => !reached.has(body.name)).map((body) => `"${body.name}"`);
    throw invalid(
      `bodies ${cyclic.join(', ')} form a cycle (no chain of parents reaches "ground"); every body must descend from ground`,
      { bodies: cyclic },
    );
  }
  return ordered;
}

// ---------------------------------------------------------------------------------
// Joints -> transform axes
// ---------------------------------------------------------------------------------

function jointCoordinates(joint: JointSpec): CoordinateSpec[] {
  return joint.type === 'weld' ? [] : joint.coordinates;
}

function checkCoordinate(coordinate: CoordinateSpec, jointName: string): void {
  const label = `coordinate "${coordinate.name}" (joint "${jointName}")`;
  requireFiniteValues(coordinate.range, `${label} range`);
  requireFiniteValues([coordinate.defaultValue], `${label} defaultValue`);
  const [min, max] = coordinate.range;
  if (!(min < max)) {
    throw invalid(
      `${label} has an empty or inverted range [${min}, ${max}]; give [min, max] with min < max (use "locked" to hold a coordinate fixed)`,
      { coordinate: coordinate.name, range: [min, max] },
    );
  }
  if (coordinate.defaultValue < min || coordinate.defaultValue > max) {
    throw invalid(`${label} defaultValue ${coordinate.defaultValue} is outside its range [${min}, ${max}]`, {
      coordinate: coordinate.name,
    });
  }
}

function requireKind(coordinate: CoordinateSpec, kind: CoordinateSpec['kind'], joint: JointSpec): void {
  if (coordinate.kind !== kind) {
    throw invalid(
      `coordinate "${coordinate.name}" of ${joint.type} joint "${joint.name}" must be ${kind}, not ${coordinate.kind}`,
      { coordinate: coordinate.name },
    );
  }
}

function rotation(direction: readonly number[], localCoordinate: number): AxisDraft {
  return { kind: AxisKind.rotation, direction, localCoordinate, func: UNIT_SLOPE };
}

function translation(direction: readonly number[], localCoordinate: number): AxisDraft {
  return { kind: AxisKind.translation, direction, localCoordinate, func: UNIT_SLOPE };
}

const X = [1, 0, 0];
const Y = [0, 1, 0];
const Z = [0, 0, 1];

function customAxes(joint: Extract<JointSpec, { type: 'custom' }>): AxisDraft[] {
  const local = new Map(joint.coordinates.map((coordinate, i) => [coordinate.name, i]));
  const drafts = joint.spatialTransform.map((axis, i): AxisDraft => {
    let localCoordinate = -1;
    if (axis.coordinate !== null) {
      const found = local.get(axis.coordinate);
      if (found === undefined) {
        throw invalid(
          `joint "${joint.name}" transform axis ${i} uses coordinate "${axis.coordinate}", which is not declared on this joint` +
            didYouMean(axis.coordinate, local.keys()),
          { joint: joint.name, coordinate: axis.coordinate },
        );
      }
      localCoordinate = found;
    }
    return {
      kind: axis.kind === 'rotation' ? AxisKind.rotation : AxisKind.translation,
      direction: axis.axis,
      localCoordinate,
      func: axis.function,
    };
  });
  const rotations = drafts.filter((axis) => axis.kind === AxisKind.rotation);
  const translations = drafts.filter((axis) => axis.kind === AxisKind.translation);
  if (rotations.length > 3 || translations.length > 3) {
    throw invalid(
      `custom joint "${joint.name}" has ${rotations.length} rotation and ${translations.length} translation axes; at most 3 of each are allowed`,
      { joint: joint.name },
    );
  }
  joint.coordinates.forEach((coordinate, i) => {
    if (!drafts.some((axis) => axis.localCoordinate === i)) {
      throw invalid(
        `coordinate "${coordinate.name}" of custom joint "${joint.name}" drives no transform axis; use it in spatialTransform or remove it`,
        { joint: joint.name, coordinate: coordinate.name },
      );
    }
  });
  // Rotations in their given order (body-fixed sequence), then translations (which commute).
  return [...rotations, ...translations];
}

/** The transform axes of a joint, rotations first, coordinates as joint-local indices. */
function jointAxes(joint: JointSpec): AxisDraft[] {
  switch (joint.type) {
    case 'weld':
      return [];
    case 'revolute':
      requireKind(joint.coordinates[0], 'rotational', joint);
      return [rotation(joint.axis, 0)];
    case 'universal':
      joint.coordinates.forEach((coordinate) => requireKind(coordinate, 'rotational', joint));
      return [rotation(joint.axes[0], 0), rotation(joint.axes[1], 1)];
    case 'ball':
      joint.coordinates.forEach((coordinate) => requireKind(coordinate, 'rotational', joint));
      return [rotation(X, 0), rotation(Y, 1), rotation(Z, 2)];
    case 'free':
      joint.coordinates.forEach((coordinate, i) => requireKind(coordinate, i < 3 ? 'rotational' : 'translational', joint));
      return [rotation(Z, 0), rotation(X, 1), rotation(Y, 2), translation(X, 3), translation(Y, 4), translation(Z, 5)];
    case 'custom':
      return customAxes(joint);
    default: {
      const unknown: { type?: unknown; name?: unknown } = joint;
      throw invalid(`joint "${String(unknown.name)}" has unknown type "${String(unknown.type)}"`);
    }
  }
}

function normalizedAxis(direction: readonly number[], where: string): number[] {
  requireFiniteValues(direction, `${where} direction`);
  const length = Math.hypot(direction[0], direction[1], direction[2]);
  if (!(length > 1e-12)) {
    throw invalid(`${where} has a zero-length direction [${direction.join(', ')}]; give a nonzero axis`);
  }
  return [direction[0] / length, direction[1] / length, direction[2] / length];
}

// ---------------------------------------------------------------------------------
// Packing
// ---------------------------------------------------------------------------------

/** Writes an offset frame [R(9) offset->body, origin(3)] at `offset` (12 floats). */
function writeOffsetFrame(
  out: Float64Array,
  offset: number,
  location: readonly number[],
  orientation: readonly number[],
  where: string,
): void {
  requireFiniteValues(location, `${where} location`);
  requireFiniteValues(orientation, `${where} orientation`);
  mat3FromBodyFixedXYZ(out, offset, orientation[0], orientation[1], orientation[2]);
  out[offset + 9] = location[0];
  out[offset + 10] = location[1];
  out[offset + 11] = location[2];
}

function writeBodyInertia(out: Float64Array, offset: number, inertia: BodySpec['inertia']): void {
  const [ixx, iyy, izz, ixy, ixz, iyz] = inertia;
  out.set([ixx, ixy, ixz, ixy, iyy, iyz, ixz, iyz, izz], offset);
}

export function compileSkeleton(spec: ModelSpec): SkeletonModel {
  requireFiniteValues(spec.gravity, 'model gravity');
  checkUniqueNames(spec);
  const bodies = orderBodies(spec);
  const nbody = bodies.length + 1;

  const bodyName = [GROUND, ...bodies.map((body) => body.name)];
  const bodyIndex = new Map(bodyName.map((name, i) => [name, i]));
  const bodyParent = new Int32Array(nbody);
  const bodyMass = new Float64Array(nbody);
  const bodyCom = new Float64Array(nbody * 3);
  const bodyInertia = new Float64Array(nbody * 9);
  const bodyLength = new Float64Array(nbody);
  const jointName = [GROUND, ...bodies.map((body) => body.joint.name)];
  const jointType = new Int32Array(nbody);
  const jointParentFrame = new Float64Array(nbody * 12);
  const jointChildFrame = new Float64Array(nbody * 12);
  const jointCoordAdr = new Int32Array(nbody);
  const jointCoordNum = new Int32Array(nbody);
  const jointAxisAdr = new Int32Array(nbody);
  const jointAxisNum = new Int32Array(nbody);

  const coordinates: { spec: CoordinateSpec; body: number }[] = [];
  const axes: { draft: AxisDraft; direction: number[]; coordinate: number; func: number }[] = [];
  const functions = new FunctionTableBuilder();

  bodyParent[0] = -1;
  writeOffsetFrame(jointParentFrame, 0, [0, 0, 0], [0, 0, 0], 'ground');
  writeOffsetFrame(jointChildFrame, 0, [0, 0, 0], [0, 0, 0], 'ground');

  bodies.forEach((body, i) => {
    const b = i + 1;
    const joint = body.joint;
    const label = `body "${body.name}"`;
    bodyParent[b] = bodyIndex.get(body.parent) as number;
    requireFiniteValues([body.massKg], `${label} massKg`);
    if (body.massKg < 0) throw invalid(`${label} has negative mass ${body.massKg} kg`);
    requireFiniteValues(body.centerOfMass, `${label} centerOfMass`);
    requireFiniteValues(body.inertia, `${label} inertia`);
    bodyMass[b] = body.massKg;
    bodyCom.set(body.centerOfMass, 3 * b);
    writeBodyInertia(bodyInertia, 9 * b, body.inertia);
    bodyLength[b] = body.lengthM ?? 0;

    jointType[b] = JointType[joint.type];
    writeOffsetFrame(jointParentFrame, 12 * b, joint.locationInParent, joint.orientationInParent, `joint "${joint.name}" parent frame`);
    writeOffsetFrame(jointChildFrame, 12 * b, joint.locationInChild, joint.orientationInChild, `joint "${joint.name}" child frame`);

    const ownCoordinates = jointCoordinates(joint);
    jointCoordAdr[b] = coordinates.length;
    jointCoordNum[b] = ownCoordinates.length;
    for (const coordinate of ownCoordinates) {
      checkCoordinate(coordinate, joint.name);
      coordinates.push({ spec: coordinate, body: b });
    }

    const drafts = jointAxes(joint);
    jointAxisAdr[b] = axes.length;
    jointAxisNum[b] = drafts.length;
    drafts.forEach((draft, k) => {
      const where = `joint "${joint.name}" transform axis ${k}`;
      axes.push({
        draft,
        direction: normalizedAxis(draft.direction, where),
        coordinate: draft.localCoordinate < 0 ? -1 : jointCoordAdr[b] + draft.localCoordinate,
        func: functions.add(draft.func, where),
      });
    });
  });

  const nq = coordinates.length;
  const coordinateBody = Int32Array.from(coordinates, (c) => c.body);
  const bodyCoordinateSupport = new Uint8Array(nbody * nq);
  for (let b = 1; b < nbody; b++) {
    const parent = bodyParent[b];
    bodyCoordinateSupport.set(bodyCoordinateSupport.subarray(parent * nq, (parent + 1) * nq), b * nq);
    for (let j = jointCoordAdr[b]; j < jointCoordAdr[b] + jointCoordNum[b]; j++) bodyCoordinateSupport[b * nq + j] = 1;
  }

  const coordinateName = coordinates.map((c) => c.spec.name);
  const table = functions.build();
  const gravity = Float64Array.from(spec.gravity);
  return {
    name: spec.name,
    nbody,
    nq,
    gravity,
    totalMass: bodyMass.reduce((sum, mass) => sum + mass, 0),
    bodyName,
    bodyIndex,
    bodyParent,
    bodyMass,
    bodyCom,
    bodyInertia,
    bodyLength,
    jointName,
    jointIndex: new Map(jointName.map((name, i) => [name, i])),
    jointType,
    jointParentFrame,
    jointChildFrame,
    jointCoordAdr,
    jointCoordNum,
    jointAxisAdr,
    jointAxisNum,
    naxis: axes.length,
    axisKind: Int32Array.from(axes, (a) => a.draft.kind),
    axisDirection: Float64Array.from(axes.flatMap((a) => a.direction)),
    axisCoordinate: Int32Array.from(axes, (a) => a.coordinate),
    axisFunction: Int32Array.from(axes, (a) => a.func),
    ...table,
    coordinateName,
    coordinateIndex: new Map(coordinateName.map((name, i) => [name, i])),
    coordinateKind: Int32Array.from(coordinates, (c) => CoordinateKind[c.spec.kind]),
    coordinateRange: Float64Array.from(coordinates.flatMap((c) => c.spec.range)),
    coordinateDefault: Float64Array.from(coordinates, (c) => c.spec.defaultValue),
    coordinateLocked: Uint8Array.from(coordinates, (c) => (c.spec.locked ? 1 : 0)),
    coordinateBody,
    bodyCoordinateSupport,
  };
}
