/**
 * OpenSim ExternalLoads files (.xml, OpenSim 3 and 4): a list of ExternalForce entries,
 * each naming the body a force is applied to, the frames its force and point are
 * expressed in, and the column prefixes ("identifiers") of its force, point and torque
 * in a storage file (usually ground reactions in a .mot), plus that file's name
 * (<datafile>, relative to the xml's folder).
 *
 * A column identifier is a prefix: "ground_force_v" selects ground_force_vx/vy/vz, as
 * OpenSim's Storage::getColumnIndicesForIdentifier does. Values are returned as the file
 * holds them (OpenSim expects N, m and N m).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { KinechainError } from '../../core/errors.js';
import { didYouMean } from '../../core/math/edit-distance.js';
import { parseXml } from '../xml/parse-xml.js';
import { childElement, describeElement } from '../xml/xml-element.js';
import type { XmlElement } from '../xml/xml-element.js';
import { childText, malformedElement, readBoolean, readNumber } from '../xml/xml-values.js';
import { readTextFile } from '../table/file-access.js';
import type { TimeSeriesTable } from '../table/time-series-table.js';
import { readStorageFile } from './storage.js';
import type { StorageFile } from './storage.js';

/** One ExternalForce entry as written in the xml. */
export interface ExternalForceSettings {
  readonly name: string;
  /** false when OpenSim 3's isDisabled is true or OpenSim 4's appliesForce is false. */
  readonly enabled: boolean;
  readonly appliedToBody: string;
  /** Default "ground". */
  readonly forceExpressedInBody: string;
  /** Default "ground". */
  readonly pointExpressedInBody: string;
  readonly forceIdentifier: string;
  /** undefined when absent or empty: the force acts at the body's origin. */
  readonly pointIdentifier: string | undefined;
  /** undefined when absent or empty: no torque. */
  readonly torqueIdentifier: string | undefined;
  /** undefined when absent, empty or "Unassigned" (the ExternalLoads datafile supplies the data). */
  readonly dataSourceName: string | undefined;
  /** Line of the <ExternalForce> element, for messages. */
  readonly line: number;
}

/** The xml's contents, before the data file is read. */
export interface ExternalLoadsSettings {
  readonly name: string;
  /** <datafile> as written ("" when empty). */
  readonly dataFile: string;
  /** <external_loads_model_kinematics_file> as written, or undefined when absent or empty. */
  readonly modelKinematicsFile: string | undefined;
  /** Hz; undefined when absent or not positive (OpenSim's -1 means "do not filter"). */
  readonly lowpassCutoffFrequencyForLoadKinematics: number | undefined;
  readonly forces: readonly ExternalForceSettings[];
  /** The xml's file name, for messages. */
  readonly source: string;
}

/** Three columns (x, y, z) of the data table. */
export interface VectorColumns {
  /** Column labels in x, y, z order. */
  readonly labels: readonly [string, string, string];
  /** The table's own arrays (length rowCount each), in x, y, z order. */
  readonly columns: readonly [Float64Array, Float64Array, Float64Array];
}

/** An ExternalForce with its columns found in the data table. */
export interface ExternalForceDescription extends ExternalForceSettings {
  /** Force, N, in forceExpressedInBody. */
  readonly force: VectorColumns;
  /** Point of application, m, in pointExpressedInBody; undefined without a point identifier. */
  readonly point: VectorColumns | undefined;
  /** Torque, N m, in forceExpressedInBody; undefined without a torque identifier. */
  readonly torque: VectorColumns | undefined;
}

export interface ExternalLoads {
  readonly settings: ExternalLoadsSettings;
  /** Absolute path of the data file that was read. */
  readonly dataFilePath: string;
  /** The data file (its table's time column is the loads' time). */
  readonly data: StorageFile;
  /** Absolute path of the model kinematics file, when the xml names one. */
  readonly modelKinematicsFilePath: string | undefined;
  readonly forces: readonly ExternalForceDescription[];
}

export interface ExternalLoadsReadOptions {
  /** Read this data file instead of the xml's <datafile> (relative to the working folder). */
  dataFile?: string;
}

function optionalText(parent: XmlElement, name: string): string | undefined {
  const text = childText(parent, name);
  return text === '' || text.toLowerCase() === 'unassigned' ? undefined : text;
}

/** Parses the text of an ExternalLoads xml. Errors: MALFORMED_INPUT naming the element and line, UNSUPPORTED. */
export function parseExternalLoadsXml(text: string, options: { source?: string } = {}): ExternalLoadsSettings {
  const source = options.source ?? 'external loads file';
  const root = parseXml(text, { fileName: source });
  const loads = root.name === 'ExternalLoads' ? root : childElement(root, 'ExternalLoads');
  if (loads === undefined) {
    throw malformedElement(root, 'no <ExternalLoads> element; an external loads file is <OpenSimDocument><ExternalLoads>...</ExternalLoads></OpenSimDocument>');
  }
  const objects = childElement(loads, 'objects');
  const entries = objects !== undefined ? objects.children : loads.children.filter((child) => child.name === 'ExternalForce');
  const forces: ExternalForceSettings[] = [];
  for (const entry of entries) {
    if (entry.name !== 'ExternalForce') {
      throw new KinechainError(
        'UNSUPPORTED',
        `${describeElement(entry)}: only ExternalForce entries are supported in ExternalLoads (OpenSim 2 PrescribedForce files must be converted to ExternalForce)`,
        { file: source, line: entry.line, element: entry.name },
      );
    }
    forces.push(readExternalForce(entry));
  }
  const names = new Set<string>();
  for (const force of forces) {
    if (names.has(force.name)) {
      throw new KinechainError('MALFORMED_INPUT', `${source}: line ${force.line}: two ExternalForce entries are named "${force.name}"`, { file: source, line: force.line });
    }
    names.add(force.name);
  }
  const cutoffElement = childElement(loads, 'lowpass_cutoff_frequency_for_load_kinematics');
  const cutoff = cutoffElement !== undefined && cutoffElement.text.trim() !== '' ? readNumber(cutoffElement) : undefined;
  return {
    name: loads.attributes.name ?? '',
    dataFile: childText(loads, 'datafile'),
    modelKinematicsFile: optionalText(loads, 'external_loads_model_kinematics_file'),
    lowpassCutoffFrequencyForLoadKinematics: cutoff !== undefined && cutoff > 0 ? cutoff : undefined,
    forces,
    source,
  };
}

function readExternalForce(element: XmlElement): ExternalForceSettings {
  const name = element.attributes.name ?? '';
  if (name === '') throw malformedElement(element, 'an ExternalForce needs a name attribute');
  const disabled = childElement(element, 'isDisabled');
  const applies = childElement(element, 'appliesForce');
  const enabled = (disabled === undefined || !readBoolean(disabled)) && (applies === undefined || readBoolean(applies));
  const appliedToBody = childText(element, 'applied_to_body');
  if (appliedToBody === '') throw malformedElement(element, 'missing <applied_to_body> (the body the force acts on)');
  const forceIdentifier = childText(element, 'force_identifier');
  if (forceIdentifier === '') throw malformedElement(element, 'missing <force_identifier> (the prefix of the force columns, e.g. ground_force_v)');
  return {
    name,
    enabled,
    appliedToBody,
    forceExpressedInBody: childText(element, 'force_expressed_in_body') || 'ground',
    pointExpressedInBody: childText(element, 'point_expressed_in_body') || 'ground',
    forceIdentifier,
    pointIdentifier: optionalText(element, 'point_identifier'),
    torqueIdentifier: optionalText(element, 'torque_identifier'),
    dataSourceName: optionalText(element, 'data_source_name'),
    line: element.line,
  };
}

/**
 * The x, y, z columns for an identifier: labels identifier+"x"/"y"/"z" (any case) when
 * present, else the columns whose labels start with the identifier if there are exactly
 * three (in file order), as OpenSim does. UNKNOWN_NAME with suggestions otherwise.
 */
export function findVectorColumns(table: TimeSeriesTable, identifier: string, where: string): VectorColumns {
  const matching: number[] = [];
  table.labels.forEach((label, index) => {
    if (label.startsWith(identifier)) matching.push(index);
  });
  const bySuffix = ['x', 'y', 'z'].map((axis) => matching.find((index) => table.labels[index].slice(identifier.length).toLowerCase() === axis));
  let chosen: number[];
  if (bySuffix.every((index) => index !== undefined)) {
    chosen = bySuffix as number[];
  } else if (matching.length === 3) {
    chosen = matching;
  } else if (matching.length === 0) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `${where}: no data column starts with "${identifier}"${didYouMean(`${identifier}x`, table.labels)}`,
      { identifier },
    );
  } else {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${where}: identifier "${identifier}" matches ${matching.length} columns (${matching.map((index) => table.labels[index]).join(', ')}); it must select exactly x, y and z`,
      { identifier },
    );
  }
  return {
    labels: [table.labels[chosen[0]], table.labels[chosen[1]], table.labels[chosen[2]]],
    columns: [table.columns[chosen[0]], table.columns[chosen[1]], table.columns[chosen[2]]],
  };
}

/** The forces of `settings` with their columns found in `table`. */
export function resolveExternalForces(settings: ExternalLoadsSettings, table: TimeSeriesTable, dataSource: string): ExternalForceDescription[] {
  return settings.forces.map((force) => {
    const where = `${settings.source}: ExternalForce "${force.name}" (line ${force.line}) in ${dataSource}`;
    return {
      ...force,
      force: findVectorColumns(table, force.forceIdentifier, `${where}, force_identifier`),
      point: force.pointIdentifier === undefined ? undefined : findVectorColumns(table, force.pointIdentifier, `${where}, point_identifier`),
      torque: force.torqueIdentifier === undefined ? undefined : findVectorColumns(table, force.torqueIdentifier, `${where}, torque_identifier`),
    };
  });
}

/**
 * Reads an ExternalLoads xml and the data file it names (relative to the xml's folder),
 * and finds each force's columns. Errors: FILE_NOT_FOUND (xml or data file),
 * MALFORMED_INPUT, UNKNOWN_NAME (an identifier with no columns), UNSUPPORTED.
 */
export async function readExternalLoadsFile(xmlPath: string, options: ExternalLoadsReadOptions = {}): Promise<ExternalLoads> {
  const settings = parseExternalLoadsXml(await readTextFile(xmlPath, 'external loads file'), { source: xmlPath });
  const folder = dirname(resolve(xmlPath));
  const relativeToXml = (file: string): string => (isAbsolute(file) ? file : resolve(folder, file));
  let dataFilePath: string;
  if (options.dataFile !== undefined) {
    dataFilePath = resolve(options.dataFile);
  } else if (settings.dataFile === '' || settings.dataFile.toLowerCase() === 'unassigned') {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${xmlPath}: <datafile> is empty; name the .mot/.sto file holding the forces (relative to the xml's folder) or pass a data file explicitly`,
      { file: xmlPath },
    );
  } else {
    dataFilePath = relativeToXml(settings.dataFile);
  }
  const data = await readStorageFile(dataFilePath);
  return {
    settings,
    dataFilePath,
    data,
    modelKinematicsFilePath: settings.modelKinematicsFile === undefined ? undefined : relativeToXml(settings.modelKinematicsFile),
    forces: resolveExternalForces(settings, data.table, dataFilePath),
  };
}
