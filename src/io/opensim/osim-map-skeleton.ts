/**
 * OpenSim bodies, joints, coordinates and CoordinateCouplerConstraints -> kinechain
 * BodySpecs.
 *
 * Joint types (OpenSim 4 semantics; rotations body-fixed, translations in the parent
 * offset frame):
 *   WeldJoint -> weld; PinJoint -> revolute about Z; UniversalJoint -> universal (X then
 *   Y); BallJoint, GimbalJoint -> ball (body-fixed X, Y, Z: OpenSim's Euler-angle
 *   coordinates); FreeJoint -> custom (rotations X, Y, Z, then translations X, Y, Z:
 *   kinechain's "free" type uses the Z-X-Y order of the gait models' pelvis and is not
 *   OpenSim's FreeJoint); PlanarJoint -> custom (rotation Z, translations X, Y);
 *   SliderJoint -> custom (translation X); CustomJoint -> custom with its
 *   SpatialTransform in the order rotation1..3, translation1..3. Coordinate-free axes
 *   with a zero constant function are dropped (they are the identity).
 *
 * A CoordinateCouplerConstraint "dependent = s f(independent)" whose dependent
 * coordinate is used only by the joint that also owns the independent one is folded in
 * exactly: each axis g(dependent) becomes g(s f(independent)) (osim-map-functions.ts)
 * and the dependent coordinate disappears. Couplings across two joints (e.g. the
 * patella of Rajagopal 2016, moved by knee_angle_r_beta = knee_angle_r) cannot be
 * written in kinechain's spec, where each coordinate drives one joint: they are
 * UNSUPPORTED, or with keepUncomposableCouplers kept as a coordinate of their own and
 * listed in report.couplings for the solvers to enforce.
 */
import { KinechainError } from '../../core/errors.js';
import type { BodySpec, CoordinateSpec, FunctionSpec, JointSpec, TransformAxisSpec, Vec3Tuple } from '../../spec/schema.js';
import type { ImportReport, ReportCoordinate } from './osim-import-report.js';
import { composeFunctions, evaluateFunctionSpec, isConstantFunction, mapFunction } from './osim-map-functions.js';
import type { OsimConstraint, OsimCoordinate, OsimJoint, OsimModel, OsimSource, OsimTransformAxis } from './osim-model.js';
import { GROUND } from './osim-read-skeleton.js';

export interface MapSkeletonOptions {
  keepUncomposableCouplers: boolean;
}

interface DraftAxis {
  kind: 'rotation' | 'translation';
  axis: Vec3Tuple;
  coordinate: string | null;
  function: FunctionSpec;
}

interface DraftJoint {
  osim: OsimJoint;
  coordinates: OsimCoordinate[];
  axes: DraftAxis[];
  /** Set when the joint must be written as a custom joint (composed couplings). */
  forceCustom: boolean;
}

function where(source: OsimSource, fileName: string): string {
  const label = source.name !== '' ? `<${source.element} name="${source.name}">` : `<${source.element}>`;
  return `${label} at line ${source.line}${fileName !== '' ? ` of ${fileName}` : ''}`;
}

export function unsupportedAt(source: OsimSource, fileName: string, problem: string): KinechainError {
  return new KinechainError('UNSUPPORTED', `${where(source, fileName)}: ${problem}`, {
    file: fileName,
    line: source.line,
    element: source.element,
    name: source.name,
  });
}

export function malformedAt(source: OsimSource, fileName: string, problem: string): KinechainError {
  return new KinechainError('MALFORMED_INPUT', `${where(source, fileName)}: ${problem}`, {
    file: fileName,
    line: source.line,
    element: source.element,
    name: source.name,
  });
}

const UNIT: FunctionSpec = { type: 'linear', slope: 1, intercept: 0 };
const X: Vec3Tuple = [1, 0, 0];
const Y: Vec3Tuple = [0, 1, 0];
const Z: Vec3Tuple = [0, 0, 1];

/** Coordinates a built-in joint type needs, and its axes with coordinate indices. */
const BUILT_IN_AXES: Record<string, [kind: 'rotation' | 'translation', axis: Vec3Tuple][]> = {
  WeldJoint: [],
  PinJoint: [['rotation', Z]],
  UniversalJoint: [
    ['rotation', X],
    ['rotation', Y],
  ],
  BallJoint: [
    ['rotation', X],
    ['rotation', Y],
    ['rotation', Z],
  ],
  GimbalJoint: [
    ['rotation', X],
    ['rotation', Y],
    ['rotation', Z],
  ],
  FreeJoint: [
    ['rotation', X],
    ['rotation', Y],
    ['rotation', Z],
    ['translation', X],
    ['translation', Y],
    ['translation', Z],
  ],
  PlanarJoint: [
    ['rotation', Z],
    ['translation', X],
    ['translation', Y],
  ],
  SliderJoint: [['translation', X]],
};

const AXIS_ORDER = ['rotation1', 'rotation2', 'rotation3', 'translation1', 'translation2', 'translation3'];

function customAxes(joint: OsimJoint, fileName: string): DraftAxis[] {
  const declared = new Set(joint.coordinates.map((coordinate) => coordinate.name));
  const seen = new Set<string>();
  const ordered = [...joint.spatialTransform].sort((a, b) => AXIS_ORDER.indexOf(a.name) - AXIS_ORDER.indexOf(b.name));
  const axes: DraftAxis[] = [];
  for (const axis of ordered) {
    if (seen.has(axis.name)) throw malformedAt(axis, fileName, `joint "${joint.name}" has two TransformAxis named ${axis.name}`);
    seen.add(axis.name);
    axes.push(...customAxis(joint, axis, declared, fileName));
  }
  return axes;
}

function customAxis(joint: OsimJoint, axis: OsimTransformAxis, declared: Set<string>, fileName: string): DraftAxis[] {
  if (axis.coordinates.length > 1) {
    throw unsupportedAt(axis, fileName, `a transform axis driven by several coordinates (${axis.coordinates.join(', ')}) is not supported`);
  }
  const fn = mapFunction(axis.function, fileName, `${axis.name} of joint "${joint.name}"`);
  const coordinate = axis.coordinates[0] ?? null;
  const length = Math.hypot(axis.axis[0], axis.axis[1], axis.axis[2]);
  if (coordinate === null) {
    if (!isConstantFunction(fn)) {
      throw unsupportedAt(axis, fileName, `a transform axis with no coordinate must have a constant function (joint "${joint.name}")`);
    }
    const value = evaluateFunctionSpec(fn, 0)[0];
    // A constant zero rotation or translation (or a zero axis) is the identity: leave it out.
    if (value === 0 || length === 0) return [];
    return [{ kind: axis.kind, axis: [...axis.axis], coordinate: null, function: { type: 'constant', value } }];
  }
  if (!declared.has(coordinate)) {
    throw malformedAt(axis, fileName, `uses coordinate "${coordinate}", which joint "${joint.name}" does not declare`);
  }
  if (!(length > 0)) throw malformedAt(axis, fileName, `has a zero axis but is driven by coordinate "${coordinate}"`);
  return [{ kind: axis.kind, axis: [...axis.axis], coordinate, function: fn }];
}

function draftJoint(joint: OsimJoint, fileName: string): DraftJoint {
  if (joint.type === 'unsupported') {
    throw unsupportedAt(joint, fileName, `joint type ${joint.element} is not supported (supported: CustomJoint, PinJoint, WeldJoint, UniversalJoint, BallJoint, GimbalJoint, FreeJoint, PlanarJoint, SliderJoint)`);
  }
  if (joint.reverse) {
    throw unsupportedAt(joint, fileName, 'a joint with reverse = true (defined from child to parent) is not supported; re-define it parent to child');
  }
  if (joint.type === 'CustomJoint') {
    return { osim: joint, coordinates: joint.coordinates, axes: customAxes(joint, fileName), forceCustom: false };
  }
  const layout = BUILT_IN_AXES[joint.type];
  if (joint.coordinates.length !== layout.length) {
    throw malformedAt(joint, fileName, `a ${joint.type} has ${layout.length} coordinate(s), this one declares ${joint.coordinates.length}`);
  }
  const axes = layout.map(([kind, axis], i): DraftAxis => ({ kind, axis, coordinate: joint.coordinates[i].name, function: UNIT }));
  return { osim: joint, coordinates: joint.coordinates, axes, forceCustom: false };
}

// ---------------------------------------------------------------------------------
// Coupler constraints
// ---------------------------------------------------------------------------------

function applyCouplers(
  drafts: DraftJoint[],
  constraints: OsimConstraint[],
  fileName: string,
  options: MapSkeletonOptions,
  report: ImportReport,
): void {
  const owner = (coordinate: string) => drafts.find((draft) => draft.coordinates.some((c) => c.name === coordinate));
  for (const constraint of constraints) {
    if (!constraint.enforced) {
      report.skipped.push({ element: constraint.element, name: constraint.name, line: constraint.line, reason: 'constraint not enforced' });
      continue;
    }
    if (constraint.kind !== 'coordinateCoupler') {
      throw unsupportedAt(constraint, fileName, `constraint type ${constraint.element} is not supported (only CoordinateCouplerConstraint)`);
    }
    if (constraint.independentCoordinates.length !== 1) {
      throw unsupportedAt(
        constraint,
        fileName,
        `a coupler with ${constraint.independentCoordinates.length} independent coordinates is not supported; give exactly one`,
      );
    }
    const independent = constraint.independentCoordinates[0];
    const dependent = constraint.dependentCoordinate;
    const independentJoint = owner(independent);
    const dependentJoint = owner(dependent);
    if (!independentJoint) throw malformedAt(constraint, fileName, `independent coordinate "${independent}" is not a coordinate of the model`);
    if (!dependentJoint) throw malformedAt(constraint, fileName, `dependent coordinate "${dependent}" is not a coordinate of the model`);
    const f = mapFunction(constraint.function, fileName, `coupled_coordinates_function of constraint "${constraint.name}"`);
    const s = constraint.scaleFactor;
    const coupling: FunctionSpec = s === 1 ? f : { type: 'multiplier', scale: s, function: f };
    const entry = { element: constraint.element, name: constraint.name, line: constraint.line, dependent, independent, function: coupling };

    let problem: string | null = null;
    const composed = new Map<DraftAxis, FunctionSpec>();
    if (independentJoint !== dependentJoint) {
      problem =
        `dependent coordinate "${dependent}" (joint "${dependentJoint.osim.name}") and independent coordinate "${independent}" ` +
        `(joint "${independentJoint.osim.name}") belong to different joints; in kinechain a coordinate drives one joint only`;
    } else {
      for (const axis of dependentJoint.axes) {
        if (axis.coordinate !== dependent) continue;
        const h = composeFunctions(axis.function, f, s);
        if (!h) {
          problem = `the composition of a ${axis.function.type} axis function with a ${f.type} coupling function is not a kinechain function`;
          break;
        }
        composed.set(axis, h);
      }
    }
    if (problem !== null) {
      if (!options.keepUncomposableCouplers) {
        throw unsupportedAt(
          constraint,
          fileName,
          `${problem}. Import with { keepUncomposableCouplers: true } to keep "${dependent}" as a coordinate of its own ` +
            '(listed in report.couplings for solvers to enforce)',
        );
      }
      report.couplings.push({ ...entry, mapping: 'kept' });
      report.warnings.push({
        element: constraint.element,
        name: constraint.name,
        line: constraint.line,
        message: `coordinate "${dependent}" is kept free; solvers must hold it at the coupling function of "${independent}"`,
      });
      continue;
    }
    for (const [axis, h] of composed) {
      axis.coordinate = independent;
      axis.function = h;
    }
    dependentJoint.coordinates = dependentJoint.coordinates.filter((c) => c.name !== dependent);
    dependentJoint.forceCustom = true;
    report.couplings.push({ ...entry, mapping: 'composed' });
  }
}

// ---------------------------------------------------------------------------------
// Coordinates and joint specs
// ---------------------------------------------------------------------------------

function motionTypeOf(coordinate: OsimCoordinate, axes: DraftAxis[]): ReportCoordinate['motionType'] {
  if (coordinate.motionType !== undefined) return coordinate.motionType;
  const driven = axes.filter((axis) => axis.coordinate === coordinate.name);
  const rotates = driven.some((axis) => axis.kind === 'rotation');
  const translates = driven.some((axis) => axis.kind === 'translation');
  if (rotates && translates) return 'coupled';
  return rotates ? 'rotational' : 'translational';
}

function coordinateSpec(coordinate: OsimCoordinate, draft: DraftJoint, fileName: string, report: ImportReport): CoordinateSpec {
  if (coordinate.prescribed) {
    throw unsupportedAt(coordinate, fileName, 'a prescribed coordinate (driven by a function of time) is not supported');
  }
  const motionType = motionTypeOf(coordinate, draft.axes);
  let [min, max] = coordinate.range;
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw malformedAt(coordinate, fileName, `range [${min}, ${max}] must be finite`);
  if (min > max) throw malformedAt(coordinate, fileName, `range [${min}, ${max}] has min > max`);
  let locked = coordinate.locked;
  const value = coordinate.defaultValue;
  const note = (message: string) =>
    report.approximations.push({ element: coordinate.element, name: coordinate.name, line: coordinate.line, message });
  if (min === max) {
    // OpenSim allows a zero-width range; kinechain holds such a coordinate by locking it.
    const half = 1e-9 * Math.max(1, Math.abs(min));
    min -= half;
    max += half;
    locked = true;
    note(`zero-width range [${coordinate.range[0]}, ${coordinate.range[1]}] became a locked coordinate with range +-${half}`);
  }
  if (value < min || value > max) {
    note(`default value ${value} lies outside the range [${min}, ${max}] (allowed by OpenSim when unclamped); the range was widened to include it`);
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  report.coordinates.push({
    element: coordinate.element,
    name: coordinate.name,
    line: coordinate.line,
    joint: draft.osim.name,
    motionType,
    range: [...coordinate.range],
    defaultValue: value,
    clamped: coordinate.clamped,
    locked: coordinate.locked,
  });
  return {
    name: coordinate.name,
    kind: motionType === 'translational' ? 'translational' : 'rotational',
    range: [min, max],
    defaultValue: value,
    locked,
  };
}

function jointSpec(draft: DraftJoint, fileName: string, report: ImportReport): JointSpec {
  const joint = draft.osim;
  const frame = {
    name: joint.name,
    locationInParent: [...joint.parent.origin] as Vec3Tuple,
    orientationInParent: [...joint.parent.orientation] as Vec3Tuple,
    locationInChild: [...joint.child.origin] as Vec3Tuple,
    orientationInChild: [...joint.child.orientation] as Vec3Tuple,
  };
  const coordinates = draft.coordinates.map((coordinate) => coordinateSpec(coordinate, draft, fileName, report));
  for (const coordinate of draft.coordinates) {
    if (!draft.axes.some((axis) => axis.coordinate === coordinate.name)) {
      throw unsupportedAt(coordinate, fileName, `coordinate of joint "${joint.name}" drives none of its transform axes`);
    }
  }
  if (!draft.forceCustom) {
    switch (joint.type) {
      case 'WeldJoint':
        return { ...frame, type: 'weld' };
      case 'PinJoint':
        return { ...frame, type: 'revolute', axis: Z, coordinates };
      case 'UniversalJoint':
        return { ...frame, type: 'universal', axes: [X, Y], coordinates };
      case 'BallJoint':
      case 'GimbalJoint':
        return { ...frame, type: 'ball', coordinates };
      default:
        break;
    }
  }
  if (draft.axes.length === 0 && coordinates.length === 0) return { ...frame, type: 'weld' };
  const spatialTransform: TransformAxisSpec[] = draft.axes.map((axis) => ({
    kind: axis.kind,
    axis: axis.axis,
    coordinate: axis.coordinate,
    function: axis.function,
  }));
  return { ...frame, type: 'custom', coordinates, spatialTransform };
}

/** Bodies (with their joints) of the spec, in the document's body order. */
export function mapSkeleton(osim: OsimModel, options: MapSkeletonOptions, report: ImportReport): BodySpec[] {
  const fileName = osim.fileName;
  const bodyNames = new Set<string>();
  for (const body of osim.bodies) {
    if (body.name === GROUND) throw malformedAt(body, fileName, 'a body may not be called "ground"');
    if (bodyNames.has(body.name)) throw malformedAt(body, fileName, `duplicate body name "${body.name}"`);
    bodyNames.add(body.name);
  }
  const jointOfBody = new Map<string, DraftJoint>();
  const drafts = osim.joints.map((joint) => {
    const draft = draftJoint(joint, fileName);
    if (joint.child.body === GROUND) {
      throw unsupportedAt(joint, fileName, 'a joint whose child is ground is not supported; make ground the parent');
    }
    if (!bodyNames.has(joint.child.body)) throw malformedAt(joint, fileName, `child "${joint.child.body}" is not a body of the model`);
    if (joint.parent.body !== GROUND && !bodyNames.has(joint.parent.body)) {
      throw malformedAt(joint, fileName, `parent "${joint.parent.body}" is not a body of the model`);
    }
    if (joint.parent.body === joint.child.body) throw malformedAt(joint, fileName, 'joins a body to itself');
    const earlier = jointOfBody.get(joint.child.body);
    if (earlier) {
      throw unsupportedAt(
        joint,
        fileName,
        `body "${joint.child.body}" is already the child of joint "${earlier.osim.name}"; closed kinematic loops are not supported`,
      );
    }
    jointOfBody.set(joint.child.body, draft);
    return draft;
  });

  applyCouplers(drafts, osim.constraints, fileName, options, report);

  return osim.bodies.map((body): BodySpec => {
    const draft = jointOfBody.get(body.name);
    if (!draft) throw malformedAt(body, fileName, `body "${body.name}" is not the child of any joint; connect it to the model`);
    const joint = jointSpec(draft, fileName, report);
    report.joints.push({
      element: draft.osim.element,
      name: draft.osim.name,
      line: draft.osim.line,
      mappedAs: joint.type,
      parent: draft.osim.parent.body,
      child: body.name,
    });
    return {
      name: body.name,
      parent: draft.osim.parent.body,
      massKg: body.mass,
      centerOfMass: [...body.massCenter],
      inertia: [...body.inertia],
      joint,
    };
  });
}
