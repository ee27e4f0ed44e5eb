/**
 * Reading the ForceSet of an OpenSim model: muscles, ligaments, path springs,
 * actuators, coordinate limit forces, and their geometry paths (path points, via
 * points, moving points, wraps).
 *
 * Element names differ between versions and are all accepted:
 * - path: 4.x/3.x/2.x <GeometryPath> with <PathPointSet> and <PathWrapSet>; 1.x
 *   <MusclePointSet> and <MuscleWrapSet> directly in the muscle;
 * - points: PathPoint / MusclePoint, ConditionalPathPoint / MuscleViaPoint,
 *   MovingPathPoint / MovingMusclePoint; their frame is a 4.x socket path or a legacy
 *   <body> name; the coordinate of a conditional or moving point is a 4.x socket path
 *   (its last segment is the coordinate's name) or a legacy name;
 * - muscle parameters: pennation_angle_at_optimal / pennation_angle,
 *   max_contraction_velocity / Vmax; enabled state: appliesForce (4.x) / isDisabled.
 *
 * Omitted muscle properties take OpenSim's defaults for the class (Muscle: F0 1000 N,
 * L0 0.1 m, tendon slack 0.2 m, no pennation, 10 L0/s; Thelen2003Muscle strains: 0.04
 * tendon and 0.6 passive in 4.x, 0.033 and 0.6 in older versions; Millard2012 curves:
 * 0.049 tendon, 0.7 passive; DeGrooteFregly2016: 0.049 and 0.6).
 */
import { childElement, describeElement, type XmlElement } from '../xml/xml-element.js';
import {
  childBoolean,
  childNumber,
  childText,
  childVec3,
  malformedElement,
  optionalChildNumber,
  parseNumberToken,
  readNumbers,
  readText,
} from '../xml/xml-values.js';
import { KinechainError } from '../../core/errors.js';
import type { FrameResolver } from './osim-frame-resolver.js';
import { functionProperty } from './osim-functions.js';
import type { OsimForce, OsimGeometryPath, OsimMuscleParameters, OsimPathPoint, OsimPathWrap, OsimThelenCurves } from './osim-model.js';
import { attachedFrame, setObjects } from './osim-read-skeleton.js';

/** Muscle classes mapped onto kinechain's Hill muscle law. */
export const MUSCLE_ELEMENTS = new Set([
  'Thelen2003Muscle',
  'Thelen2003Muscle_Deprecated',
  'Millard2012EquilibriumMuscle',
  'Millard2012AccelerationMuscle',
  'Schutte1993Muscle_Deprecated',
  'Schutte1993Muscle',
  'Delp1990Muscle_Deprecated',
  'Delp1990Muscle',
  'RigidTendonMuscle',
  'DeGrooteFregly2016Muscle',
]);

const FIXED_POINTS = new Set(['PathPoint', 'MusclePoint']);
const CONDITIONAL_POINTS = new Set(['ConditionalPathPoint', 'MuscleViaPoint']);
const MOVING_POINTS = new Set(['MovingPathPoint', 'MovingMusclePoint']);

interface ReadContext {
  modern: boolean;
  frames: FrameResolver | null;
}

function source(element: XmlElement): { element: string; name: string; line: number } {
  return { element: element.name, name: element.attributes.name ?? '', line: element.line };
}

function unsupported(element: XmlElement, what: string): KinechainError {
  return new KinechainError('UNSUPPORTED', `${describeElement(element)}: ${what}`, {
    file: element.fileName,
    line: element.line,
    element: element.name,
  });
}

/** A coordinate named by a 4.x socket path ("/jointset/knee_r/knee_angle_r") or a legacy name. */
function coordinateName(element: XmlElement, socket: string, legacy: string): string | null {
  const path = childText(element, socket);
  if (path !== '') return path.split('/').filter((part) => part !== '').pop() ?? null;
  const name = childText(element, legacy);
  return name === '' ? null : name;
}

// ---------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------

function readPathPoint(element: XmlElement, pathOwner: string, context: ReadContext): OsimPathPoint {
  const frame = attachedFrame(element, `${pathOwner}/${element.attributes.name ?? ''}`, context.frames);
  const local = childVec3(element, 'location', [0, 0, 0]);
  // A point given in an offset frame is moved into its body.
  const r = frame.rotation;
  const location: [number, number, number] = [
    frame.origin[0] + r[0] * local[0] + r[1] * local[1] + r[2] * local[2],
    frame.origin[1] + r[3] * local[0] + r[4] * local[1] + r[5] * local[2],
    frame.origin[2] + r[6] * local[0] + r[7] * local[1] + r[8] * local[2],
  ];
  const base = { ...source(element), body: frame.body, location };
  if (FIXED_POINTS.has(element.name)) return { ...base, type: 'fixed' };
  if (CONDITIONAL_POINTS.has(element.name)) {
    const coordinate = coordinateName(element, 'socket_coordinate', 'coordinate');
    if (coordinate === null) throw malformedElement(element, 'names no coordinate');
    const rangeElement = childElement(element, 'range');
    const range = rangeElement ? readNumbers(rangeElement, 2, '<range> (min max)') : [0, 0];
    return { ...base, type: 'conditional', coordinate, range: [range[0], range[1]] };
  }
  if (MOVING_POINTS.has(element.name)) {
    if (frame.via.length > 0) {
      throw unsupported(element, 'a moving path point in an offset frame is not supported; attach it to a body');
    }
    return {
      ...base,
      type: 'moving',
      xCoordinate: coordinateName(element, 'socket_x_coordinate', 'x_coordinate'),
      yCoordinate: coordinateName(element, 'socket_y_coordinate', 'y_coordinate'),
      zCoordinate: coordinateName(element, 'socket_z_coordinate', 'z_coordinate'),
      xFunction: functionProperty(element, 'x_location'),
      yFunction: functionProperty(element, 'y_location'),
      zFunction: functionProperty(element, 'z_location'),
    };
  }
  throw unsupported(element, `path point type <${element.name}> is not supported`);
}

function readPathWrap(element: XmlElement): OsimPathWrap {
  const rangeElement = childElement(element, 'range');
  const range = rangeElement ? readNumbers(rangeElement, 2, '<range> (first last)') : [-1, -1];
  const wrapObject = childText(element, 'wrap_object') || childText(element, 'socket_wrap_object').split('/').pop() || '';
  if (wrapObject === '') throw malformedElement(element, 'names no <wrap_object>');
  return { ...source(element), wrapObject, method: childText(element, 'method', 'hybrid'), range: [range[0], range[1]] };
}

function readPath(force: XmlElement, forcePath: string, context: ReadContext): OsimGeometryPath {
  const geometry = childElement(force, 'GeometryPath');
  const holder = geometry ?? force;
  const pointSet = childElement(holder, 'PathPointSet') ?? childElement(holder, 'MusclePointSet');
  const wrapSet = childElement(holder, 'PathWrapSet') ?? childElement(holder, 'MuscleWrapSet');
  if (!pointSet) throw malformedElement(holder, 'has no <PathPointSet> (the path of the force)');
  const pathOwner = `${forcePath}/${geometry?.attributes.name || 'geometrypath'}`;
  return {
    points: setObjects(pointSet).map((point) => readPathPoint(point, pathOwner, context)),
    wraps: setObjects(wrapSet).map(readPathWrap),
    line: holder.line,
  };
}

// ---------------------------------------------------------------------------------
// Force laws
// ---------------------------------------------------------------------------------

function strainDefaults(element: XmlElement, context: ReadContext): { tendon: number | undefined; passive: number | undefined } {
  switch (element.name) {
    case 'Thelen2003Muscle':
      return context.modern ? { tendon: 0.04, passive: 0.6 } : { tendon: 0.033, passive: 0.6 };
    case 'Thelen2003Muscle_Deprecated':
      return { tendon: 0.033, passive: 0.6 };
    case 'Millard2012EquilibriumMuscle':
    case 'Millard2012AccelerationMuscle':
      return { tendon: 0.049, passive: 0.7 };
    case 'DeGrooteFregly2016Muscle':
      return { tendon: 0.049, passive: 0.6 };
    default:
      return { tendon: undefined, passive: undefined };
  }
}

/** A number inside a child object, e.g. TendonForceLengthCurve/strain_at_one_norm_force. */
function nestedNumber(element: XmlElement, child: string, property: string): number | undefined {
  const holder = childElement(element, child);
  return holder ? optionalChildNumber(holder, property) : undefined;
}

function readMuscleParameters(element: XmlElement, context: ReadContext): OsimMuscleParameters {
  const defaults = strainDefaults(element, context);
  const tendon =
    optionalChildNumber(element, 'FmaxTendonStrain') ??
    optionalChildNumber(element, 'tendon_strain_at_one_norm_force') ??
    nestedNumber(element, 'TendonForceLengthCurve', 'strain_at_one_norm_force') ??
    defaults.tendon;
  const passive =
    optionalChildNumber(element, 'FmaxMuscleStrain') ??
    optionalChildNumber(element, 'passive_fiber_strain_at_one_norm_force') ??
    nestedNumber(element, 'FiberForceLengthCurve', 'strain_at_one_norm_force') ??
    defaults.passive;
  return {
    maxIsometricForce: childNumber(element, 'max_isometric_force', 1000),
    optimalFiberLength: childNumber(element, 'optimal_fiber_length', 0.1),
    tendonSlackLength: childNumber(element, 'tendon_slack_length', 0.2),
    pennationAngle:
      optionalChildNumber(element, 'pennation_angle_at_optimal') ?? optionalChildNumber(element, 'pennation_angle') ?? 0,
    maxContractionVelocity:
      optionalChildNumber(element, 'max_contraction_velocity') ?? optionalChildNumber(element, 'Vmax') ?? 10,
    tendonStrainAtOneNormForce: tendon,
    passiveFiberStrainAtOneNormForce: passive,
    ...(element.name === 'Thelen2003Muscle' || element.name === 'Thelen2003Muscle_Deprecated' ? { thelenCurves: readThelenCurves(element, context) } : {}),
  };
}

/**
 * Thelen2003Muscle shape factors. Defaults: OpenSim 3/4's Thelen2003Muscle (KshapeActive
 * 0.45, KshapePassive 5, Af 0.25, Flen 1.8) for modern documents; OpenSim 2's (0.5, 4,
 * 0.3, 1.8) for older ones.
 */
function readThelenCurves(element: XmlElement, context: ReadContext): OsimThelenCurves {
  const modern = context.modern && element.name === 'Thelen2003Muscle';
  return {
    activeShape: optionalChildNumber(element, 'KshapeActive') ?? (modern ? 0.45 : 0.5),
    passiveShape: optionalChildNumber(element, 'KshapePassive') ?? (modern ? 5 : 4),
    forceVelocityShape: optionalChildNumber(element, 'Af') ?? (modern ? 0.25 : 0.3),
    maxLengtheningForce: optionalChildNumber(element, 'Flen') ?? 1.8,
    forceVelocityExtrapolationThreshold: optionalChildNumber(element, 'fv_linear_extrap_threshold') ?? 0.95,
  };
}

/** Scalar properties written as text children (for the report), numbers where they parse. */
function scalarProperties(element: XmlElement, skip: readonly string[]): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const child of element.children) {
    if (child.children.length === 0 && !skip.includes(child.name)) properties[child.name] = readText(child);
  }
  return properties;
}

function numericProperties(element: XmlElement, skip: readonly string[]): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const [name, text] of Object.entries(scalarProperties(element, skip))) {
    const value = parseNumberToken(text);
    if (value !== undefined) numbers[name] = value;
  }
  return numbers;
}

function appliesForce(element: XmlElement): boolean {
  if (childElement(element, 'appliesForce')) return childBoolean(element, 'appliesForce', true);
  return !childBoolean(element, 'isDisabled', false);
}

/** One force element of a ForceSet (or any force-like component), at 4.x path `path`. */
export function readForce(element: XmlElement, path: string, context: ReadContext): OsimForce {
  const base = { ...source(element), appliesForce: appliesForce(element) };
  if (MUSCLE_ELEMENTS.has(element.name)) {
    return { ...base, kind: 'muscle', path: readPath(element, path, context), muscle: readMuscleParameters(element, context) };
  }
  switch (element.name) {
    case 'Ligament': {
      const curve = functionProperty(element, 'force_length_curve');
      if (!curve) throw malformedElement(element, 'has no <force_length_curve>');
      return {
        ...base,
        kind: 'ligament',
        path: readPath(element, path, context),
        restingLength: childNumber(element, 'resting_length', 0),
        pcsaForce: childNumber(element, 'pcsa_force', 0),
        forceLengthCurve: curve,
      };
    }
    case 'PathSpring':
      return {
        ...base,
        kind: 'pathSpring',
        path: readPath(element, path, context),
        restingLength: childNumber(element, 'resting_length', Number.NaN, true),
        stiffness: childNumber(element, 'stiffness', Number.NaN, true),
        dissipation: childNumber(element, 'dissipation', 0),
      };
    case 'CoordinateActuator':
      return {
        ...base,
        kind: 'coordinateActuator',
        coordinate: childText(element, 'coordinate'),
        optimalForce: childNumber(element, 'optimal_force', 1),
        minControl: childNumber(element, 'min_control', -Infinity, true),
        maxControl: childNumber(element, 'max_control', Infinity, true),
      };
    case 'PointActuator':
    case 'TorqueActuator':
      return {
        ...base,
        kind: element.name === 'PointActuator' ? 'pointActuator' : 'torqueActuator',
        optimalForce: childNumber(element, 'optimal_force', 1),
        minControl: childNumber(element, 'min_control', -Infinity, true),
        maxControl: childNumber(element, 'max_control', Infinity, true),
        properties: scalarProperties(element, ['optimal_force', 'min_control', 'max_control']),
      };
    case 'CoordinateLimitForce':
      return {
        ...base,
        kind: 'coordinateLimitForce',
        coordinate: childText(element, 'coordinate'),
        properties: numericProperties(element, ['coordinate']),
      };
    default:
      return { ...base, kind: 'unsupported' };
  }
}

export function readForceSet(forceSet: XmlElement | undefined, context: ReadContext): OsimForce[] {
  const setPath = `/${forceSet?.attributes.name || 'forceset'}`;
  return setObjects(forceSet).map((element) => readForce(element, `${setPath}/${element.attributes.name ?? ''}`, context));
}
