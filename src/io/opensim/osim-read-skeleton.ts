/**
 * Reading bodies, joints, coordinates and wrap objects of an OpenSim model, in both
 * document layouts:
 *
 * - 4.x (Version >= 40000): <Ground>, <BodySet> of <Body>, <JointSet> of joints whose
 *   socket_parent_frame / socket_child_frame name PhysicalOffsetFrames (in the joint's
 *   <frames>, a body's <components>, or the model's <components>/<ComponentSet>) or
 *   bodies; coordinates in the joint's <coordinates> list.
 * - 3.x, 2.x and 1.x: ground is a <Body name="ground"> of the <BodySet>; every other
 *   body holds <Joint><SomeJoint> with parent_body, location_in_parent,
 *   orientation_in_parent, location and orientation (child side), and its coordinates
 *   in a <CoordinateSet>.
 *
 * Both produce the same OsimBody / OsimJoint / OsimWrapObject records. Defaults for
 * omitted properties are OpenSim's (Coordinate: value 0, range [-10, 10], unclamped,
 * unlocked; wrap object active, quadrant "all").
 */
import { childElement, childElements, describeElement, type XmlElement } from '../xml/xml-element.js';
import {
  childBoolean,
  childNumber,
  childText,
  childVec3,
  malformedElement,
  readNumbers,
  readTokens,
} from '../xml/xml-values.js';
import { rotationFromXYZ } from './frame-math.js';
import { FrameResolver, bodyFrame } from './osim-frame-resolver.js';
import { functionProperty } from './osim-functions.js';
import type {
  OsimBody,
  OsimBodyFrame,
  OsimCoordinate,
  OsimJoint,
  OsimJointType,
  OsimSkipped,
  OsimTransformAxis,
  OsimVec3,
  OsimWrapObject,
} from './osim-model.js';

export const GROUND = 'ground';

const JOINT_TYPES = new Set<string>([
  'CustomJoint',
  'PinJoint',
  'WeldJoint',
  'UniversalJoint',
  'BallJoint',
  'GimbalJoint',
  'FreeJoint',
  'PlanarJoint',
  'SliderJoint',
]);

const WRAP_OBJECT_TYPES = new Set([
  'WrapCylinder',
  'WrapEllipsoid',
  'WrapSphere',
  'WrapTorus',
  'WrapCylinderObst',
  'WrapSphereObst',
  'WrapDoubleCylinderObst',
]);

export interface OsimSkeleton {
  bodies: OsimBody[];
  joints: OsimJoint[];
  wrapObjects: OsimWrapObject[];
  skipped: OsimSkipped[];
  /** 4.x only: resolves socket paths of path points and markers. */
  frames: FrameResolver | null;
}

function source(element: XmlElement): { element: string; name: string; line: number } {
  return { element: element.name, name: element.attributes.name ?? '', line: element.line };
}

/** The <objects> children of a Set element (empty when the set is absent). */
export function setObjects(set: XmlElement | undefined): XmlElement[] {
  if (!set) return [];
  const objects = childElement(set, 'objects');
  return objects ? [...objects.children] : [];
}

function requireName(element: XmlElement): string {
  const name = element.attributes.name;
  if (name === undefined || name.trim() === '') throw malformedElement(element, 'has no name attribute');
  return name;
}

// ---------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------

function readInertia(body: XmlElement): OsimBody['inertia'] {
  const inertia = childElement(body, 'inertia');
  if (inertia) {
    const values = readNumbers(inertia, undefined, '<inertia> [Ixx Iyy Izz Ixy Ixz Iyz]');
    if (values.length === 6) return [values[0], values[1], values[2], values[3], values[4], values[5]];
    if (values.length === 3) return [values[0], values[1], values[2], 0, 0, 0];
    throw malformedElement(inertia, `<inertia> needs 6 numbers [Ixx Iyy Izz Ixy Ixz Iyz], found ${values.length}`);
  }
  const component = (name: string) => childNumber(body, name, 0);
  return [
    component('inertia_xx'),
    component('inertia_yy'),
    component('inertia_zz'),
    component('inertia_xy'),
    component('inertia_xz'),
    component('inertia_yz'),
  ];
}

function readBody(element: XmlElement): OsimBody {
  requireName(element);
  return {
    ...source(element),
    mass: childNumber(element, 'mass', 0),
    massCenter: childVec3(element, 'mass_center', [0, 0, 0]),
    inertia: readInertia(element),
  };
}

// ---------------------------------------------------------------------------------
// Wrap objects
// ---------------------------------------------------------------------------------

function normaliseQuadrant(element: XmlElement): string {
  const raw = childText(element, 'quadrant', 'all').toLowerCase();
  const quadrant = raw === '' ? 'all' : raw;
  if (quadrant === 'all') return 'all';
  const match = /^([+-]?)([xyz])$/.exec(quadrant);
  if (!match) {
    throw malformedElement(element, `<quadrant> must be all, x, +x, -x, y, +y, -y, z, +z or -z, got "${quadrant}"`);
  }
  return `${match[1] === '-' ? '-' : '+'}${match[2]}`;
}

function readWrapObjects(owner: XmlElement, body: string, wraps: OsimWrapObject[], skipped: OsimSkipped[]): void {
  for (const element of setObjects(childElement(owner, 'WrapObjectSet'))) {
    if (!WRAP_OBJECT_TYPES.has(element.name)) {
      skipped.push({ ...source(element), reason: `unknown wrap object type in the WrapObjectSet of "${body}"` });
      continue;
    }
    const wrap: OsimWrapObject = {
      ...source(element),
      body,
      rotation: childVec3(element, 'xyz_body_rotation', [0, 0, 0]),
      translation: childVec3(element, 'translation', [0, 0, 0]),
      active: childBoolean(element, 'active', true),
      quadrant: normaliseQuadrant(element),
    };
    if (element.name === 'WrapCylinder') {
      wrap.radius = childNumber(element, 'radius', 1);
      wrap.length = childNumber(element, 'length', 1);
    }
    if (element.name === 'WrapEllipsoid') wrap.dimensions = childVec3(element, 'dimensions', [1, 1, 1]);
    requireName(element);
    wraps.push(wrap);
  }
}

// ---------------------------------------------------------------------------------
// Coordinates and transform axes
// ---------------------------------------------------------------------------------

function readCoordinate(element: XmlElement): OsimCoordinate {
  requireName(element);
  const rangeElement = childElement(element, 'range');
  const range = rangeElement ? readNumbers(rangeElement, 2, '<range> (min max)') : [-10, 10];
  const motion = childText(element, 'motion_type').toLowerCase();
  let motionType: OsimCoordinate['motionType'];
  if (motion === 'rotational' || motion === 'translational' || motion === 'coupled') motionType = motion;
  else if (motion !== '') throw malformedElement(element, `<motion_type> must be rotational, translational or coupled, got "${motion}"`);
  const prescribedFunction = childElement(element, 'prescribed_function');
  return {
    ...source(element),
    defaultValue: childNumber(element, 'default_value', 0),
    range: [range[0], range[1]],
    clamped: childBoolean(element, 'clamped', false),
    locked: childBoolean(element, 'locked', false),
    // OpenSim prescribes a coordinate only when the flag is set and a function is given.
    prescribed: childBoolean(element, 'prescribed', false) && prescribedFunction !== undefined && prescribedFunction.children.length > 0,
    motionType,
  };
}

function readTransformAxis(element: XmlElement): OsimTransformAxis {
  const name = element.attributes.name ?? '';
  const kind = /^rotation[123]$/.test(name) ? 'rotation' : /^translation[123]$/.test(name) ? 'translation' : undefined;
  if (!kind) {
    throw malformedElement(element, `TransformAxis name must be rotation1..3 or translation1..3, got "${name}"`);
  }
  const coordinatesElement = childElement(element, 'coordinates');
  const coordinates = coordinatesElement ? readTokens(coordinatesElement) : [];
  const fn = functionProperty(element, 'function');
  return {
    ...source(element),
    kind,
    axis: childVec3(element, 'axis', kind === 'rotation' ? [0, 0, 1] : [1, 0, 0]),
    coordinates,
    // OpenSim's default for an axis with no function is the zero constant.
    function: fn ?? { element: 'Constant', name: 'function', line: element.line, type: 'Constant', value: 0 },
  };
}

function readSpatialTransform(joint: XmlElement): OsimTransformAxis[] {
  const transform = childElement(joint, 'SpatialTransform');
  if (!transform) return [];
  return childElements(transform, 'TransformAxis').map(readTransformAxis);
}

function jointType(element: XmlElement): OsimJointType | 'unsupported' {
  return JOINT_TYPES.has(element.name) ? (element.name as OsimJointType) : 'unsupported';
}

// ---------------------------------------------------------------------------------
// 4.x layout
// ---------------------------------------------------------------------------------

function registerFrames(list: XmlElement | undefined, ownerPath: string, frames: FrameResolver): void {
  if (!list) return;
  for (const element of list.children) {
    if (element.name === 'PhysicalOffsetFrame') frames.addOffsetFrame(element, ownerPath);
  }
}

/** The set name used in 4.x paths ("bodyset", "jointset", ...): the name attribute, else the default. */
function setPathName(set: XmlElement | undefined, fallback: string): string {
  const name = set?.attributes.name;
  return name !== undefined && name !== '' ? name : fallback;
}

function readModernSkeleton(model: XmlElement): OsimSkeleton {
  const frames = new FrameResolver();
  const skipped: OsimSkipped[] = [];
  const wrapObjects: OsimWrapObject[] = [];
  const ground = childElement(model, 'Ground');
  const groundName = ground?.attributes.name || GROUND;
  frames.addBody(`/${groundName}`, GROUND);
  if (ground) {
    readWrapObjects(ground, GROUND, wrapObjects, skipped);
    registerFrames(childElement(ground, 'components'), `/${groundName}`, frames);
  }

  const bodySet = childElement(model, 'BodySet');
  const bodySetPath = `/${setPathName(bodySet, 'bodyset')}`;
  const bodies: OsimBody[] = [];
  for (const element of setObjects(bodySet)) {
    if (element.name !== 'Body') {
      throw malformedElement(element, `the BodySet may hold only <Body> elements`);
    }
    const body = readBody(element);
    bodies.push(body);
    const path = `${bodySetPath}/${body.name}`;
    frames.addBody(path, body.name);
    readWrapObjects(element, body.name, wrapObjects, skipped);
    registerFrames(childElement(element, 'components'), path, frames);
  }

  // Model-level frames: <components> (path "/name") and the ComponentSet ("/componentset/name").
  registerFrames(childElement(model, 'components'), '', frames);
  const componentSet = childElement(model, 'ComponentSet');
  for (const element of setObjects(componentSet)) {
    if (element.name === 'PhysicalOffsetFrame') frames.addOffsetFrame(element, `/${setPathName(componentSet, 'componentset')}`);
  }

  const jointSet = childElement(model, 'JointSet');
  const jointSetPath = `/${setPathName(jointSet, 'jointset')}`;
  const jointElements = setObjects(jointSet);
  for (const element of jointElements) registerFrames(childElement(element, 'frames'), `${jointSetPath}/${requireName(element)}`, frames);

  const joints = jointElements.map((element): OsimJoint => {
    const path = `${jointSetPath}/${requireName(element)}`;
    const parentSocket = childText(element, 'socket_parent_frame');
    const childSocket = childText(element, 'socket_child_frame');
    if (parentSocket === '' || childSocket === '') {
      throw malformedElement(element, 'needs both <socket_parent_frame> and <socket_child_frame>');
    }
    const coordinates = childElement(element, 'coordinates');
    return {
      ...source(element),
      type: jointType(element),
      parent: frames.resolve(parentSocket, path, element),
      child: frames.resolve(childSocket, path, element),
      coordinates: coordinates ? childElements(coordinates, 'Coordinate').map(readCoordinate) : [],
      spatialTransform: readSpatialTransform(element),
      reverse: false,
    };
  });
  return { bodies, joints, wrapObjects, skipped, frames };
}

// ---------------------------------------------------------------------------------
// 3.x / 2.x / 1.x layout
// ---------------------------------------------------------------------------------

function legacyFrame(body: string, location: OsimVec3, orientation: OsimVec3): OsimBodyFrame {
  const frame = bodyFrame(body);
  frame.origin = location;
  frame.orientation = orientation;
  frame.rotation = rotationFromXYZ(orientation);
  return frame;
}

function readLegacyJoint(bodyElement: XmlElement, bodyName: string): OsimJoint | null {
  const holder = childElement(bodyElement, 'Joint');
  const element = holder?.children[0];
  if (!holder || !element) return null;
  if (holder.children.length > 1) throw malformedElement(holder, `<Joint> must hold one joint, found ${holder.children.length}`);
  requireName(element);
  const parentBody = childText(element, 'parent_body');
  if (parentBody === '') throw malformedElement(element, 'missing <parent_body>');
  const coordinateSet = childElement(element, 'CoordinateSet');
  return {
    ...source(element),
    type: jointType(element),
    parent: legacyFrame(
      parentBody,
      childVec3(element, 'location_in_parent', [0, 0, 0]),
      childVec3(element, 'orientation_in_parent', [0, 0, 0]),
    ),
    child: legacyFrame(bodyName, childVec3(element, 'location', [0, 0, 0]), childVec3(element, 'orientation', [0, 0, 0])),
    coordinates: setObjects(coordinateSet)
      .filter((coordinate) => coordinate.name === 'Coordinate')
      .map(readCoordinate),
    spatialTransform: readSpatialTransform(element),
    reverse: childBoolean(element, 'reverse', false),
  };
}

function readLegacySkeleton(model: XmlElement): OsimSkeleton {
  const skipped: OsimSkipped[] = [];
  const wrapObjects: OsimWrapObject[] = [];
  const bodies: OsimBody[] = [];
  const joints: OsimJoint[] = [];
  for (const element of setObjects(childElement(model, 'BodySet'))) {
    if (element.name !== 'Body') throw malformedElement(element, 'the BodySet may hold only <Body> elements');
    const name = requireName(element);
    if (name === GROUND) {
      readWrapObjects(element, GROUND, wrapObjects, skipped);
      continue;
    }
    bodies.push(readBody(element));
    readWrapObjects(element, name, wrapObjects, skipped);
    const joint = readLegacyJoint(element, name);
    if (!joint) {
      throw malformedElement(element, `body "${name}" has no joint; every body except ground needs <Joint> with one joint inside`);
    }
    joints.push(joint);
  }
  return { bodies, joints, wrapObjects, skipped, frames: null };
}

/** Bodies, joints and wrap objects of `model` (the <Model> element) in the layout of `modern`. */
export function readSkeleton(model: XmlElement, modern: boolean): OsimSkeleton {
  const skeleton = modern ? readModernSkeleton(model) : readLegacySkeleton(model);
  if (skeleton.bodies.length === 0) {
    throw malformedElement(model, `${describeElement(model)} has no bodies (besides ground)`);
  }
  return skeleton;
}

/**
 * Resolves a path point's or marker's frame: a 4.x socket path (relative paths are
 * relative to the element itself, at `elementPath`), or a legacy <body> name.
 */
export function attachedFrame(element: XmlElement, elementPath: string, frames: FrameResolver | null): OsimBodyFrame {
  const socket = childText(element, 'socket_parent_frame');
  if (socket !== '' && frames) return frames.resolve(socket, elementPath, element);
  const body = childText(element, 'body');
  if (body !== '') return bodyFrame(body);
  if (socket !== '') return bodyFrame(socket.split('/').pop() ?? socket);
  throw malformedElement(element, 'names no frame (<socket_parent_frame> or <body>)');
}
