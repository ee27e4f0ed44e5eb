/**
 * The model a setup file names, loaded for OpenSim's tools: the kinechain spec and
 * compiled model (io/opensim/osim-import.ts), plus what the tools need that the spec
 * does not hold: every force of the model's ForceSet in file order (OpenSim writes its
 * result columns in that order), muscles' control bounds, force groups, and which path
 * approximations the import made.
 *
 * Force exclusion follows DynamicsTool::disableModelForces: the keywords All, Actuators
 * and Muscles (any case; Actuators includes muscles), force group names, and force
 * names (case-sensitive); a name that is none of these is a warning.
 */
import { basename } from 'node:path';
import { KinechainError } from '../../core/errors.js';
import type { Model } from '../../core/model/model.js';
import { importOsimModel, type ImportOsimOptions, type ImportReport } from '../../io/opensim/osim-import.js';
import type { OsimModel } from '../../io/opensim/osim-model.js';
import { readOsimDocument } from '../../io/opensim/osim-reader.js';
import { readBinaryFile } from '../../io/table/file-access.js';
import { parseXml } from '../../io/xml/parse-xml.js';
import { childElement, type XmlElement } from '../../io/xml/xml-element.js';
import { parseNumberToken, readText } from '../../io/xml/xml-values.js';
import type { ModelSpec } from '../../spec/schema.js';
import { compileValidated } from '../../spec/compile.js';

/** Import approximations a caller may allow (each is reported when it affects a result). */
export type ModelApproximations = Pick<ImportOsimOptions, 'ignoreUnsupportedWrapping' | 'freezePathPointsAtDefaultPose' | 'keepUncomposableCouplers'>;

export type ToolForceKind =
  | 'muscle'
  | 'passive'
  | 'coordinateActuator'
  | 'pointActuator'
  | 'torqueActuator'
  | 'coordinateLimitForce'
  | 'other';

/** One force of the model, in ForceSet order. */
export interface ToolForce {
  readonly name: string;
  readonly element: string;
  readonly line: number;
  readonly kind: ToolForceKind;
  /** false when disabled in the file (appliesForce false / isDisabled true). */
  readonly enabled: boolean;
  /** Control bounds (muscles default to 0 .. 1, other actuators to -Inf .. Inf). */
  readonly minControl: number;
  readonly maxControl: number;
  /** Coordinate actuators: the coordinate and the optimal force. */
  readonly coordinate?: string;
  readonly optimalForce?: number;
  /** PointActuator / TorqueActuator: scalar properties as written (body, point, direction, axis ...; body-actuator.ts reads them). */
  readonly properties?: Readonly<Record<string, string>>;
}

export interface LoadedOpenSimModel {
  readonly path: string;
  readonly osim: OsimModel;
  readonly spec: ModelSpec;
  readonly report: ImportReport;
  readonly model: Model;
  readonly forces: readonly ToolForce[];
  /** ForceSet groups: group name -> member force names. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

const KIND_OF: Record<string, ToolForceKind> = {
  muscle: 'muscle',
  ligament: 'passive',
  pathSpring: 'passive',
  coordinateActuator: 'coordinateActuator',
  pointActuator: 'pointActuator',
  torqueActuator: 'torqueActuator',
  coordinateLimitForce: 'coordinateLimitForce',
  unsupported: 'other',
};

function controlBound(element: XmlElement | undefined, name: string, fallback: number): number {
  const child = element === undefined ? undefined : childElement(element, name);
  if (child === undefined || readText(child) === '') return fallback;
  const value = parseNumberToken(readText(child));
  if (value === undefined || Number.isNaN(value)) {
    throw new KinechainError('MALFORMED_INPUT', `${child.fileName}: line ${child.line}: <${name}> must be a number, found "${readText(child)}"`);
  }
  return value;
}

/** ForceSet elements by name and the set's groups, read from the model document. */
function forceSetElements(document: XmlElement): { elements: Map<string, XmlElement>; groups: Map<string, string[]> } {
  const forceSet = childElement(childElement(document, 'Model') ?? document, 'ForceSet');
  const elements = new Map<string, XmlElement>();
  const groups = new Map<string, string[]>();
  for (const element of childElement(forceSet ?? document, 'objects')?.children ?? []) {
    const name = element.attributes.name;
    if (name !== undefined) elements.set(name, element);
  }
  for (const group of childElement(forceSet ?? document, 'groups')?.children ?? []) {
    const name = group.attributes.name;
    if (name === undefined) continue;
    const members = childElement(group, 'members');
    groups.set(name, members === undefined ? [] : readText(members).split(/\s+/).filter((member) => member !== ''));
  }
  return { elements, groups };
}

/**
 * Every force of the model in ForceSet order with what the tools need (kinds, control
 * bounds), and the ForceSet's groups: from `osim` (readOsimDocument) and the model
 * document it was read from.
 */
export function toolForces(osim: OsimModel, document: XmlElement): { forces: ToolForce[]; groups: Map<string, string[]> } {
  const { elements, groups } = forceSetElements(document);
  const forces: ToolForce[] = osim.forces.map((force) => {
    const kind = KIND_OF[force.kind] ?? 'other';
    const element = elements.get(force.name);
    const isMuscle = kind === 'muscle';
    const base = {
      name: force.name,
      element: force.element,
      line: force.line,
      kind,
      enabled: force.appliesForce,
      minControl: controlBound(element, 'min_control', isMuscle ? 0 : -Infinity),
      maxControl: controlBound(element, 'max_control', isMuscle ? 1 : Infinity),
    };
    if (force.kind === 'coordinateActuator') {
      return { ...base, coordinate: force.coordinate, optimalForce: force.optimalForce, minControl: force.minControl, maxControl: force.maxControl };
    }
    if (force.kind === 'pointActuator' || force.kind === 'torqueActuator') {
      return { ...base, optimalForce: force.optimalForce, minControl: force.minControl, maxControl: force.maxControl, properties: force.properties };
    }
    return base;
  });
  return { forces, groups };
}

/** Options of loadOpenSimModel. */
export interface LoadOpenSimModelOptions {
  /**
   * Fix conditional and moving path points at the default pose (OpenSim's exact treatment is
   * the default; this approximation exists for comparison with tools that freeze them).
   */
  readonly freezePathPoints?: boolean;
}

/**
 * Reads, imports and compiles the model. Wraps kinechain cannot represent are left out here and
 * reported, so that each tool decides (pathApproximations) whether its user accepted that.
 */
export async function loadOpenSimModel(path: string, options: LoadOpenSimModelOptions = {}): Promise<LoadedOpenSimModel> {
  // Decoded from the bytes in one piece: readFile's own utf8 decoding returns a large file as a
  // chain of chunks (a rope), which the XML scanner then reads several times slower.
  const bytes = await readBinaryFile(path, 'OpenSim model file');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // One parse serves both readers: the model (readOsimDocument) and the ForceSet's control bounds and groups.
  const document = parseXml(text, { fileName: path });
  const osim = readOsimDocument(document, { fileName: path });
  const { spec, report } = importOsimModel(osim, {
    fileName: basename(path),
    ignoreUnsupportedWrapping: true,
    freezePathPointsAtDefaultPose: options.freezePathPoints === true,
    keepUncomposableCouplers: true,
  });
  // importOsimModel's spec comes validated from parseSpec and nothing changes it before this.
  const model = compileValidated(spec);
  const { forces, groups } = toolForces(osim, document);
  return { path, osim, spec, report, model, forces, groups };
}

/**
 * The names of the model's forces that forces_to_exclude switches off (disabled forces
 * are off already and are included). Unknown names give a warning, as in OpenSim.
 */
export function excludedForces(loaded: LoadedOpenSimModel, names: readonly string[], warnings: string[], where: string): Set<string> {
  const excluded = new Set<string>(loaded.forces.filter((force) => !force.enabled).map((force) => force.name));
  const all = loaded.forces.map((force) => force.name);
  for (const name of names) {
    const keyword = name.toUpperCase();
    if (keyword === 'ALL') {
      for (const force of all) excluded.add(force);
      continue;
    }
    if (keyword === 'ACTUATORS' || keyword === 'MUSCLES') {
      for (const force of loaded.forces) {
        const actuator = force.kind === 'muscle' || force.kind === 'coordinateActuator' || force.kind === 'pointActuator' || force.kind === 'torqueActuator';
        if (keyword === 'MUSCLES' ? force.kind === 'muscle' : actuator) excluded.add(force.name);
      }
      continue;
    }
    const group = loaded.groups.get(name);
    if (group !== undefined) {
      for (const member of group) excluded.add(member);
      continue;
    }
    if (all.includes(name)) {
      excluded.add(name);
      continue;
    }
    warnings.push(`${where}: no force or force group named "${name}" in the model; nothing was excluded for it`);
  }
  return excluded;
}

/**
 * Import approximations that touch the forces a tool uses (`used` tissue names):
 * dropped wraps and frozen path points. Throws UNSUPPORTED unless the caller allowed
 * them; otherwise returns them as notes for the result.
 */
export function pathApproximations(loaded: LoadedOpenSimModel, used: ReadonlySet<string>, allowed: ModelApproximations): string[] {
  const notes: string[] = [];
  const file = basename(loaded.path);
  const dropped = loaded.report.droppedWraps.filter((wrap) => used.has(wrap.tissue));
  if (dropped.length > 0) {
    const list = dropped.map((wrap) => `${wrap.tissue}: ${wrap.wrapObjectType} ${wrap.wrapObject} (line ${wrap.line})`).join('; ');
    if (allowed.ignoreUnsupportedWrapping !== true) {
      throw new KinechainError(
        'UNSUPPORTED',
        `${file}: the forces this tool uses wrap over objects kinechain cannot represent (${list}); ` +
          'allow leaving them out (ignoreUnsupportedWrapping) to run with the approximation',
        { file: loaded.path },
      );
    }
    notes.push(`wraps left out of the muscle paths (paths run straight past them): ${list}`);
  }
  const frozen = loaded.report.frozenPathPoints.filter((point) => used.has(point.tissue));
  if (frozen.length > 0) {
    const list = frozen.map((point) => `${point.tissue} ${point.name} ${point.action} (line ${point.line})`).join('; ');
    if (allowed.freezePathPointsAtDefaultPose !== true) {
      throw new KinechainError(
        'UNSUPPORTED',
        `${file}: the forces this tool uses have conditional or moving path points (${list}); ` +
          'allow fixing them at the default pose (freezePathPointsAtDefaultPose) to run with the approximation',
        { file: loaded.path },
      );
    }
    notes.push(`conditional and moving path points fixed at the default pose: ${list}`);
  }
  return notes;
}

/**
 * The import report's approximations that concern the forces a tool uses (entries named
 * "<tissue>" or "<tissue>/<wrap>"), and the class-wide ones (no name), each once.
 */
export function importNotes(loaded: LoadedOpenSimModel, used: ReadonlySet<string>): string[] {
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const note of loaded.report.approximations) {
    const owner = note.name.split('/')[0];
    const text = owner === '' ? `${note.element}: ${note.message}` : `${note.name} (${note.element}, line ${note.line}): ${note.message}`;
    if ((owner === '' ? used.size > 0 : used.has(owner)) && !seen.has(text)) {
      seen.add(text);
      notes.push(text);
    }
  }
  return notes;
}

/** Coordinate couplers change which generalised forces exist; the tools do not handle them. */
export function rejectCouplers(loaded: LoadedOpenSimModel, tool: string): void {
  const coupling = loaded.report.couplings[0];
  if (coupling !== undefined) {
    throw new KinechainError(
      'UNSUPPORTED',
      `${basename(loaded.path)}: line ${coupling.line}: ${coupling.element} "${coupling.name}" couples "${coupling.dependent}" to ` +
        `"${coupling.independent}"; kinechain's ${tool} does not handle coordinate couplers yet (OpenSim reports a generalised force for each coordinate)`,
      { file: loaded.path, line: coupling.line },
    );
  }
}
