/**
 * readOsim(text) -> OsimModel: parse an OpenSim model document (.osim) into the typed,
 * format-neutral description of osim-model.ts (readOsimDocument: the same from a parsed
 * document).
 *
 * The layout is chosen by the OpenSimDocument Version attribute:
 *   Version >= 40000            4.x: JointSet, PhysicalOffsetFrames, socket paths
 *   30000 <= Version < 40000    3.x: joints inside bodies (parent_body, location_in_parent ...)
 *   20000 <= Version < 30000    2.x: as 3.x
 *   Version < 20000             1.x: as 3.x, muscles with MusclePointSet / MuscleWrapSet
 *
 * Errors: MALFORMED_INPUT (with file and line) for XML that is not well formed or not an
 * OpenSim model; UNSUPPORTED for layouts or path point types kinechain cannot read.
 * Whether a feature can be imported is decided by importOsim, not here.
 */
import { KinechainError } from '../../core/errors.js';
import { parseXml } from '../xml/parse-xml.js';
import { childElement, describeElement, type XmlElement } from '../xml/xml-element.js';
import { childBoolean, childNumber, childText, childVec3, malformedElement, readTokens } from '../xml/xml-values.js';
import { functionProperty } from './osim-functions.js';
import type { OsimConstraint, OsimForce, OsimFormat, OsimMarker, OsimModel, OsimSkipped } from './osim-model.js';
import { readForce, readForceSet } from './osim-read-forces.js';
import { attachedFrame, readSkeleton, setObjects } from './osim-read-skeleton.js';

export interface ReadOsimOptions {
  /** Named in messages and the report. */
  fileName?: string;
}

/** Model properties read elsewhere or carrying no mechanics (display, units, accuracy). */
const MODEL_PROPERTIES_READ = new Set([
  'Ground',
  'BodySet',
  'JointSet',
  'ForceSet',
  'ConstraintSet',
  'MarkerSet',
  'ComponentSet',
  'components',
  'gravity',
  'credits',
  'publications',
  'length_units',
  'force_units',
  'assembly_accuracy',
  'ModelVisualPreferences',
  'VisibleObject',
  'FrameGeometry',
  'attached_geometry',
  'WrapObjectSet',
  'validate',
]);

/** Model sets skipped as a whole, one report entry per object, with the reason. */
const SKIPPED_SETS: Record<string, string> = {
  ContactGeometrySet: 'contact geometry (kinechain imports no contact forces)',
  ControllerSet: 'controller (controls are chosen by kinechain solvers)',
  ProbeSet: 'probe (an output, no mechanics)',
  AnalysisSet: 'analysis (an output, no mechanics)',
};

export function formatOfVersion(version: number): OsimFormat {
  if (version >= 40000) return '4.x';
  if (version >= 30000) return '3.x';
  if (version >= 20000) return '2.x';
  return '1.x';
}

function source(element: XmlElement): { element: string; name: string; line: number } {
  return { element: element.name, name: element.attributes.name ?? '', line: element.line };
}

function readVersion(document: XmlElement): number {
  const text = document.attributes.Version;
  if (text === undefined) throw malformedElement(document, 'has no Version attribute; an OpenSim model document states its version');
  const version = Number(text.trim());
  if (!Number.isInteger(version) || version <= 0) {
    throw malformedElement(document, `Version "${text}" is not a positive integer such as 40000`);
  }
  return version;
}

function readConstraint(element: XmlElement): OsimConstraint {
  const enforced = childElement(element, 'isEnforced')
    ? childBoolean(element, 'isEnforced', true)
    : !childBoolean(element, 'isDisabled', false);
  const base = { ...source(element), enforced };
  if (element.name !== 'CoordinateCouplerConstraint') return { ...base, kind: 'unsupported' };
  const independent = childElement(element, 'independent_coordinate_names');
  const fn = functionProperty(element, 'coupled_coordinates_function');
  if (!fn) throw malformedElement(element, 'has no <coupled_coordinates_function>');
  return {
    ...base,
    kind: 'coordinateCoupler',
    independentCoordinates: independent ? readTokens(independent) : [],
    dependentCoordinate: childText(element, 'dependent_coordinate_name'),
    function: fn,
    scaleFactor: childNumber(element, 'scale_factor', 1),
  };
}

function readMarkers(model: XmlElement, frames: ReturnType<typeof readSkeleton>['frames']): OsimMarker[] {
  const set = childElement(model, 'MarkerSet');
  const setPath = `/${set?.attributes.name || 'markerset'}`;
  return setObjects(set)
    .filter((element) => element.name === 'Marker')
    .map((element) => {
      const frame = attachedFrame(element, `${setPath}/${element.attributes.name ?? ''}`, frames);
      const local = childVec3(element, 'location', [0, 0, 0]);
      const r = frame.rotation;
      return {
        ...source(element),
        body: frame.body,
        location: [
          frame.origin[0] + r[0] * local[0] + r[1] * local[1] + r[2] * local[2],
          frame.origin[1] + r[3] * local[0] + r[4] * local[1] + r[5] * local[2],
          frame.origin[2] + r[6] * local[0] + r[7] * local[1] + r[8] * local[2],
        ],
        fixed: childBoolean(element, 'fixed', false),
      };
    });
}

export function readOsim(text: string, options: ReadOsimOptions = {}): OsimModel {
  const fileName = options.fileName ?? '';
  return readOsimDocument(parseXml(text, { fileName }), { fileName });
}

/**
 * readOsim on a document parsed already (parseXml with the same fileName), for callers
 * that read other parts of the same document too and so parse it once.
 */
export function readOsimDocument(document: XmlElement, options: ReadOsimOptions = {}): OsimModel {
  const fileName = options.fileName ?? '';
  if (document.name !== 'OpenSimDocument') {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${describeElement(document)}: not an OpenSim model document (the root element must be <OpenSimDocument>)`,
      { file: fileName, line: document.line, element: document.name },
    );
  }
  const version = readVersion(document);
  const model = childElement(document, 'Model');
  if (!model) throw malformedElement(document, 'holds no <Model>; this is not an OpenSim model file');
  const modern = version >= 40000;
  if (!modern && childElement(model, 'JointSet')) {
    throw new KinechainError(
      'UNSUPPORTED',
      `${describeElement(model)}: Version ${version} with a <JointSet> is an OpenSim 4.0 development layout; ` +
        're-save the model with OpenSim 4 (Version 40000 or later)',
      { file: fileName, line: model.line, element: model.name },
    );
  }

  const skeleton = readSkeleton(model, modern);
  const context = { modern, frames: skeleton.frames };
  const forces: OsimForce[] = readForceSet(childElement(model, 'ForceSet'), context);
  const skipped: OsimSkipped[] = [...skeleton.skipped];

  // Components other than frames may be forces (or anything else): read them as forces so
  // that the importer maps or rejects them; frames were read with the skeleton.
  const componentSet = childElement(model, 'ComponentSet');
  const componentLists: [XmlElement[], string][] = [
    [setObjects(componentSet), `/${componentSet?.attributes.name || 'componentset'}`],
    [[...(childElement(model, 'components')?.children ?? [])], ''],
  ];
  for (const [elements, ownerPath] of componentLists) {
    for (const element of elements) {
      if (element.name === 'PhysicalOffsetFrame') continue;
      forces.push(readForce(element, `${ownerPath}/${element.attributes.name ?? ''}`, context));
    }
  }

  const constraints = setObjects(childElement(model, 'ConstraintSet')).map(readConstraint);
  const markers = readMarkers(model, skeleton.frames);
  for (const marker of markers) {
    skipped.push({ element: marker.element, name: marker.name, line: marker.line, reason: 'marker (no mechanics; listed in report.markers)' });
  }

  for (const child of model.children) {
    const reason = SKIPPED_SETS[child.name];
    if (reason !== undefined) {
      for (const element of setObjects(child)) skipped.push({ ...source(element), reason });
    } else if (child.name === 'defaults') {
      skipped.push({ ...source(child), reason: 'default objects (templates for new components, not part of the model)' });
    } else if (!MODEL_PROPERTIES_READ.has(child.name)) {
      skipped.push({ ...source(child), reason: 'model property not read by kinechain' });
    }
  }

  const gravityElement = childElement(model, 'gravity');
  return {
    fileName,
    version,
    format: formatOfVersion(version),
    name: model.attributes.name ?? '',
    gravity: gravityElement ? childVec3(model, 'gravity', [0, -9.80665, 0]) : undefined,
    credits: childText(model, 'credits'),
    publications: childText(model, 'publications'),
    lengthUnits: childText(model, 'length_units', 'meters'),
    forceUnits: childText(model, 'force_units', 'N'),
    bodies: skeleton.bodies,
    joints: skeleton.joints,
    wrapObjects: skeleton.wrapObjects,
    forces,
    constraints,
    markers,
    skipped,
  };
}
