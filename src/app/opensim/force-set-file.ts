/**
 * Force set files an AnalyzeTool appends to (or replaces) the model's forces with
 * (<force_set_files>, e.g. gait10dof_Reserve_Actuators.xml): a <ForceSet> of actuators.
 *
 * CoordinateActuators (reserve and residual actuators: a generalised force of
 * control * optimal_force on one coordinate), PointActuators and TorqueActuators (residual
 * forces and moments on a body; body-actuator.ts) are read. Other enabled elements are
 * UNSUPPORTED; disabled ones are skipped.
 */
import { KinechainError } from '../../core/errors.js';
import { readTextFile } from '../../io/table/file-access.js';
import { parseXml } from '../../io/xml/parse-xml.js';
import { childElement, type XmlElement } from '../../io/xml/xml-element.js';
import { childText, parseNumberToken, readBoolean, readText } from '../../io/xml/xml-values.js';
import type { ToolForce } from './opensim-model.js';

function numberSetting(element: XmlElement, name: string, fallback: number): number {
  const child = childElement(element, name);
  if (child === undefined || readText(child) === '') return fallback;
  const value = parseNumberToken(readText(child));
  if (value === undefined || Number.isNaN(value)) {
    throw new KinechainError('MALFORMED_INPUT', `${child.fileName}: line ${child.line}: <${name}> must be a number, found "${readText(child)}"`, {
      file: child.fileName,
      line: child.line,
    });
  }
  return value;
}

function enabled(element: XmlElement): boolean {
  const disabled = childElement(element, 'isDisabled');
  const applies = childElement(element, 'appliesForce');
  return (disabled === undefined || readText(disabled) === '' || !readBoolean(disabled)) && (applies === undefined || readText(applies) === '' || readBoolean(applies));
}

/** Parses a force set file's text; `path` names it in messages. */
export function parseForceSetFile(text: string, path: string): ToolForce[] {
  const root = parseXml(text, { fileName: path });
  const forceSet = root.name === 'ForceSet' ? root : childElement(root, 'ForceSet');
  if (forceSet === undefined) {
    throw new KinechainError('MALFORMED_INPUT', `${path}: no <ForceSet> element; a force set file is <OpenSimDocument><ForceSet>...</ForceSet></OpenSimDocument>`, { file: path });
  }
  const forces: ToolForce[] = [];
  for (const element of childElement(forceSet, 'objects')?.children ?? []) {
    const name = element.attributes.name ?? '';
    const where = `${path}: line ${element.line}: <${element.name} name="${name}">`;
    if (name === '') throw new KinechainError('MALFORMED_INPUT', `${where} has no name`, { file: path, line: element.line });
    const isEnabled = enabled(element);
    const base = {
      name,
      element: element.name,
      line: element.line,
      enabled: isEnabled,
      minControl: numberSetting(element, 'min_control', -Infinity),
      maxControl: numberSetting(element, 'max_control', Infinity),
    };
    if (element.name === 'CoordinateActuator') {
      const coordinate = childText(element, 'coordinate') || (childText(element, 'socket_coordinate').split('/').pop() ?? '');
      if (coordinate === '') throw new KinechainError('MALFORMED_INPUT', `${where} names no <coordinate>`, { file: path, line: element.line });
      const optimalForce = numberSetting(element, 'optimal_force', 1);
      if (!(optimalForce > 0) || !Number.isFinite(optimalForce)) {
        throw new KinechainError('MALFORMED_INPUT', `${where}: <optimal_force> must be a positive number, got ${optimalForce}`, { file: path, line: element.line });
      }
      forces.push({ ...base, kind: 'coordinateActuator', coordinate, optimalForce });
      continue;
    }
    if (element.name === 'PointActuator' || element.name === 'TorqueActuator') {
      const optimalForce = numberSetting(element, 'optimal_force', 1);
      if (!(optimalForce > 0) || !Number.isFinite(optimalForce)) {
        throw new KinechainError('MALFORMED_INPUT', `${where}: <optimal_force> must be a positive number, got ${optimalForce}`, { file: path, line: element.line });
      }
      const properties: Record<string, string> = {};
      for (const child of element.children) if (child.children.length === 0) properties[child.name] = readText(child);
      forces.push({ ...base, kind: element.name === 'PointActuator' ? 'pointActuator' : 'torqueActuator', optimalForce, properties });
      continue;
    }
    if (!isEnabled) continue;
    throw new KinechainError(
      'UNSUPPORTED',
      `${where}: ${element.name} is not supported in force set files; kinechain's static optimisation takes CoordinateActuators, ` +
        'PointActuators and TorqueActuators. Replace it with those, or disable it',
      { file: path, line: element.line, element: element.name },
    );
  }
  return forces;
}

export async function readForceSetFile(path: string): Promise<ToolForce[]> {
  return parseForceSetFile(await readTextFile(path, 'force set file'), path);
}
