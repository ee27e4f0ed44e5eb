/**
 * Reading an OpenSim InverseKinematicsTool setup document (the .xml that OpenSim's
 * "ik" / "opensim-cmd run-tool" runs) into a typed description, with OpenSim's defaults
 * for absent properties:
 *
 *   model_file, marker_file (required), coordinate_file ("" / "Unassigned": none),
 *   constraint_weight (Infinity), accuracy (1e-5), time_range (-Inf Inf),
 *   report_errors (true), output_motion_file (""), report_marker_locations (false),
 *   results_directory ("./"), input_directory (read, unused: OpenSim's IK ignores it),
 *   IKTaskSet: IKMarkerTask (apply true, weight 0 when absent) and IKCoordinateTask
 *   (also value_type default_value | manual_value | from_file and value, rad or m).
 *
 * File names are returned as written (trimmed); the tool resolves them against the setup
 * file's folder. Any other element inside the tool or a task could change the result in
 * a way this reader cannot know, so it is an UNSUPPORTED error naming the element and its
 * line, as is an IKTaskSet stored in a separate file under a name this reader cannot
 * resolve (IKTaskSet file="..." is returned for the tool to load).
 */
import { KinechainError } from '../../core/errors.js';
import { parseXml } from '../../io/xml/parse-xml.js';
import { childElement, describeElement, type XmlElement } from '../../io/xml/xml-element.js';
import { malformedElement, readBoolean, readNumber, readNumbers, readText } from '../../io/xml/xml-values.js';

export interface IkMarkerTaskSetup {
  name: string;
  apply: boolean;
  weight: number;
  line: number;
}

export type IkCoordinateValueType = 'default_value' | 'manual_value' | 'from_file';

export interface IkCoordinateTaskSetup {
  name: string;
  apply: boolean;
  weight: number;
  valueType: IkCoordinateValueType;
  /** Target when valueType is manual_value, in the coordinate's internal unit (rad or m). */
  value: number;
  line: number;
}

export interface IkTaskSetSetup {
  markerTasks: IkMarkerTaskSetup[];
  coordinateTasks: IkCoordinateTaskSetup[];
}

export interface InverseKinematicsSetup {
  /** File name given to the parser (for messages). */
  fileName: string;
  /** The tool's name attribute ("" when absent, as OpenSim): it prefixes the marker-error file. */
  toolName: string;
  resultsDirectory: string;
  inputDirectory: string;
  modelFile: string;
  markerFile: string;
  /** "" when none. */
  coordinateFile: string;
  constraintWeight: number;
  accuracy: number;
  timeRange: [number, number];
  reportErrors: boolean;
  /** "" when none. */
  outputMotionFile: string;
  reportMarkerLocations: boolean;
  tasks: IkTaskSetSetup;
  /** IKTaskSet file="..." (relative to the setup file), to be read by the caller; "" when the tasks are inline. */
  taskSetFile: string;
  /** Lines of the elements read (by element name), for messages. */
  lines: Record<string, number>;
}

const TOOL_PROPERTIES = new Set([
  'results_directory',
  'input_directory',
  'model_file',
  'constraint_weight',
  'accuracy',
  'IKTaskSet',
  'marker_file',
  'coordinate_file',
  'time_range',
  'report_errors',
  'output_motion_file',
  'report_marker_locations',
]);

export function unsupportedElement(element: XmlElement, problem: string): KinechainError {
  return new KinechainError('UNSUPPORTED', `${describeElement(element)}: ${problem}`, {
    file: element.fileName,
    line: element.line,
    element: element.name,
  });
}

/** A file-name property: trimmed text, with OpenSim's "Unassigned" meaning none. */
function fileName(element: XmlElement | undefined): string {
  if (element === undefined) return '';
  const text = readText(element);
  return text === 'Unassigned' ? '' : text;
}

function readTask(element: XmlElement, allowed: ReadonlySet<string>): Map<string, XmlElement> {
  const properties = new Map<string, XmlElement>();
  for (const child of element.children) {
    if (!allowed.has(child.name)) {
      throw unsupportedElement(child, `<${child.name}> is not a property of ${element.name} that kinechain knows (known: ${[...allowed].join(', ')})`);
    }
    properties.set(child.name, child);
  }
  return properties;
}

const MARKER_TASK_PROPERTIES = new Set(['apply', 'weight']);
const COORDINATE_TASK_PROPERTIES = new Set(['apply', 'weight', 'value_type', 'value']);

/** The tasks of an <IKTaskSet> element (inline, or the root of a task-set file). */
export function parseIkTaskSet(taskSet: XmlElement): IkTaskSetSetup {
  const markerTasks: IkMarkerTaskSetup[] = [];
  const coordinateTasks: IkCoordinateTaskSetup[] = [];
  for (const child of taskSet.children) {
    if (child.name === 'groups') continue;
    if (child.name !== 'objects') throw unsupportedElement(child, `<${child.name}> inside <IKTaskSet> is not supported (expected <objects> and <groups>)`);
    for (const task of child.children) {
      const name = task.attributes.name ?? '';
      if (name === '') throw malformedElement(task, `an ${task.name} needs a name attribute (the marker or coordinate it applies to)`);
      if (task.name === 'IKMarkerTask') {
        const properties = readTask(task, MARKER_TASK_PROPERTIES);
        markerTasks.push({ name, apply: readApply(properties), weight: readWeight(properties), line: task.line });
      } else if (task.name === 'IKCoordinateTask') {
        const properties = readTask(task, COORDINATE_TASK_PROPERTIES);
        const valueTypeElement = properties.get('value_type');
        const valueTypeText = valueTypeElement ? readText(valueTypeElement).toLowerCase() : 'default_value';
        if (valueTypeText !== 'default_value' && valueTypeText !== 'manual_value' && valueTypeText !== 'from_file') {
          throw malformedElement(valueTypeElement as XmlElement, `value_type "${valueTypeText}" is not one of default_value, manual_value, from_file`);
        }
        const valueElement = properties.get('value');
        coordinateTasks.push({
          name,
          apply: readApply(properties),
          weight: readWeight(properties),
          valueType: valueTypeText,
          value: valueElement ? readNumber(valueElement, 'value') : 0,
          line: task.line,
        });
      } else {
        throw unsupportedElement(task, `task type ${task.name} is not supported (IKMarkerTask and IKCoordinateTask are)`);
      }
    }
  }
  return { markerTasks, coordinateTasks };
}

function readApply(properties: Map<string, XmlElement>): boolean {
  const element = properties.get('apply');
  return element ? readBoolean(element, 'apply') : true;
}

function readWeight(properties: Map<string, XmlElement>): number {
  const element = properties.get('weight');
  if (!element) return 0;
  const weight = readNumber(element, 'weight');
  if (weight < 0) throw malformedElement(element, `weight must be >= 0, got ${weight}`);
  return weight;
}

/** The InverseKinematicsTool element of a setup document (root OpenSimDocument or the tool itself). */
function toolElement(document: XmlElement): XmlElement {
  if (document.name === 'InverseKinematicsTool') return document;
  if (document.name === 'OpenSimDocument') {
    const tool = childElement(document, 'InverseKinematicsTool');
    if (tool) return tool;
    const legacy = childElement(document, 'IKTool');
    if (legacy) throw unsupportedElement(legacy, 'the IKTool setup format of OpenSim 2.2 and older is not supported; save the setup from OpenSim 2.3 or later');
    throw malformedElement(document, 'no <InverseKinematicsTool> inside <OpenSimDocument>; is this an inverse kinematics setup file?');
  }
  if (document.name === 'IKTool') throw unsupportedElement(document, 'the IKTool setup format of OpenSim 2.2 and older is not supported');
  throw malformedElement(document, 'not an OpenSim inverse kinematics setup (expected <OpenSimDocument> with <InverseKinematicsTool>)');
}

/** Parses the text of an InverseKinematicsTool setup file. */
export function parseInverseKinematicsSetup(text: string, name = ''): InverseKinematicsSetup {
  const tool = toolElement(parseXml(text, { fileName: name }));
  const properties = new Map<string, XmlElement>();
  for (const child of tool.children) {
    if (!TOOL_PROPERTIES.has(child.name)) {
      throw unsupportedElement(child, `<${child.name}> is not an InverseKinematicsTool property kinechain supports (supported: ${[...TOOL_PROPERTIES].join(', ')})`);
    }
    if (properties.has(child.name)) throw malformedElement(child, `<${child.name}> appears twice`);
    properties.set(child.name, child);
  }
  const lines: Record<string, number> = { InverseKinematicsTool: tool.line };
  for (const [key, element] of properties) lines[key] = element.line;

  const modelFile = fileName(properties.get('model_file'));
  if (modelFile === '') throw malformedElement(properties.get('model_file') ?? tool, 'no model_file: the setup must name the .osim model');
  const markerFile = fileName(properties.get('marker_file'));
  if (markerFile === '') throw malformedElement(properties.get('marker_file') ?? tool, 'no marker_file: the setup must name the .trc marker file');

  const numberProperty = (key: string, fallback: number, allowInfinite: boolean): number => {
    const element = properties.get(key);
    return element && readText(element) !== '' ? readNumber(element, key, allowInfinite) : fallback;
  };
  const constraintWeight = numberProperty('constraint_weight', Infinity, true);
  if (!(constraintWeight >= 0)) throw malformedElement(properties.get('constraint_weight') as XmlElement, `constraint_weight must be >= 0 or Inf, got ${constraintWeight}`);
  const accuracy = numberProperty('accuracy', 1e-5, false);
  if (!(accuracy > 0)) throw malformedElement(properties.get('accuracy') as XmlElement, `accuracy must be > 0, got ${accuracy}`);

  let timeRange: [number, number] = [-Infinity, Infinity];
  const rangeElement = properties.get('time_range');
  if (rangeElement && readText(rangeElement) !== '') {
    const values = readNumbers(rangeElement, 2, 'time_range');
    if (Number.isNaN(values[0]) || Number.isNaN(values[1])) throw malformedElement(rangeElement, 'time_range must hold two numbers');
    timeRange = [values[0], values[1]];
  }
  const booleanProperty = (key: string, fallback: boolean): boolean => {
    const element = properties.get(key);
    return element && readText(element) !== '' ? readBoolean(element, key) : fallback;
  };

  const taskSetElement = properties.get('IKTaskSet');
  const taskSetFile = taskSetElement?.attributes.file?.trim() ?? '';
  const tasks = taskSetElement && taskSetFile === '' ? parseIkTaskSet(taskSetElement) : { markerTasks: [], coordinateTasks: [] };

  const resultsElement = properties.get('results_directory');
  return {
    fileName: name,
    toolName: tool.attributes.name ?? '',
    resultsDirectory: resultsElement && readText(resultsElement) !== '' ? readText(resultsElement) : './',
    inputDirectory: fileName(properties.get('input_directory')),
    modelFile,
    markerFile,
    coordinateFile: fileName(properties.get('coordinate_file')),
    constraintWeight,
    accuracy,
    timeRange,
    reportErrors: booleanProperty('report_errors', true),
    outputMotionFile: fileName(properties.get('output_motion_file')),
    reportMarkerLocations: booleanProperty('report_marker_locations', false),
    tasks,
    taskSetFile,
    lines,
  };
}

/** Reads a separate IKTaskSet file (root <OpenSimDocument><IKTaskSet> or <IKTaskSet>). */
export function parseIkTaskSetFile(text: string, name = ''): IkTaskSetSetup {
  const document = parseXml(text, { fileName: name });
  const taskSet = document.name === 'IKTaskSet' ? document : childElement(document, 'IKTaskSet');
  if (!taskSet) throw malformedElement(document, 'no <IKTaskSet> in the task-set file');
  return parseIkTaskSet(taskSet);
}
