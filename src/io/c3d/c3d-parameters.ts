/**
 * The C3D parameter section: groups (POINT, ANALOG, FORCE_PLATFORM, TRIAL, ...) holding
 * typed, possibly multi-dimensional parameters.
 *
 * Section layout (from the block named in header byte 0):
 *   bytes 0-3: reserved, key 0x50, number of parameter blocks, processor type (83 + n).
 *   then records, each:
 *     int8   name length (negative: locked; 0: end of section)
 *     int8   group id (negative: a group; positive: a parameter of group |id|)
 *     name   (ASCII)
 *     int16  offset from this field to the next record (0: last record)
 *     group:     uint8 description length, description
 *     parameter: int8 type (-1 char, 1 byte, 2 int16, 4 float), uint8 dimension count
 *                (0 = scalar), one uint8 per dimension, the values (first dimension
 *                varies fastest), uint8 description length, description
 * Names are compared without regard to case, as the format asks.
 */
import { KinechainError } from '../../core/errors.js';
import { didYouMean } from '../../core/math/edit-distance.js';
import type { C3dByteReader } from './c3d-bytes.js';

export type C3dParameterType = 'char' | 'byte' | 'int16' | 'float';

export interface C3dParameter {
  /** Upper-case name, e.g. "LABELS". */
  readonly name: string;
  readonly description: string;
  readonly locked: boolean;
  readonly type: C3dParameterType;
  /** Dimensions as stored ([] for a scalar); for char parameters the first is the string length. */
  readonly dimensions: readonly number[];
  /** Numeric values in storage order (first dimension fastest); empty for char parameters. */
  readonly values: readonly number[];
  /**
   * Char parameters: the strings (each dimensions[0] characters, trailing blanks removed),
   * one per combination of the remaining dimensions; empty for numeric parameters.
   */
  readonly strings: readonly string[];
}

export interface C3dGroup {
  /** Positive group id (records store it negated). */
  readonly id: number;
  /** Upper-case name, e.g. "POINT". */
  readonly name: string;
  readonly description: string;
  readonly locked: boolean;
  /** Parameters by upper-case name, in file order. */
  readonly parameters: ReadonlyMap<string, C3dParameter>;
}

export type C3dGroups = ReadonlyMap<string, C3dGroup>;

const typeCodes: Readonly<Record<number, C3dParameterType>> = { [-1]: 'char', 1: 'byte', 2: 'int16', 4: 'float' };
export const typeSizes: Readonly<Record<C3dParameterType, number>> = { char: 1, byte: 1, int16: 2, float: 4 };
export const typeNumbers: Readonly<Record<C3dParameterType, number>> = { char: -1, byte: 1, int16: 2, float: 4 };

interface MutableGroup {
  id: number;
  name: string;
  description: string;
  locked: boolean;
  parameters: Map<string, C3dParameter>;
}

/**
 * Reads the records of the parameter section starting at `start` (the section's first
 * byte; records begin 4 bytes later). Every record must lie inside the file and every
 * "next record" offset must move forward, so a damaged section cannot loop.
 */
export function parseParameterSection(reader: C3dByteReader, start: number): Map<string, C3dGroup> {
  const groupsById = new Map<number, MutableGroup>();
  const orphans: { groupId: number; parameter: C3dParameter; offset: number }[] = [];
  let position = start + 4;
  while (position + 2 <= reader.length) {
    const nameLengthSigned = reader.int8(position, 'a parameter record');
    if (nameLengthSigned === 0) break;
    const groupId = reader.int8(position + 1, 'a parameter record');
    if (groupId === 0) {
      throw new KinechainError('MALFORMED_INPUT', `C3D parameter record at offset ${position} has group id 0; ids are non-zero`, { offset: position });
    }
    const nameLength = Math.abs(nameLengthSigned);
    const name = reader.text(position + 2, nameLength, `the name of the parameter record at offset ${position}`).toUpperCase();
    const offsetField = position + 2 + nameLength;
    const next = reader.int16(offsetField, `the record at offset ${position} ("${name}")`);
    const locked = nameLengthSigned < 0;
    if (groupId < 0) {
      const descriptionLength = reader.uint8(offsetField + 2, `the description of group "${name}"`);
      const description = reader.text(offsetField + 3, descriptionLength, `the description of group "${name}"`);
      const id = -groupId;
      const existing = groupsById.get(id);
      if (existing !== undefined) {
        throw new KinechainError('MALFORMED_INPUT', `C3D group id ${id} is defined twice ("${existing.name}" and "${name}", offset ${position})`, { offset: position, id });
      }
      groupsById.set(id, { id, name, description, locked, parameters: new Map() });
    } else {
      orphans.push({ groupId, parameter: readParameter(reader, name, locked, offsetField + 2, position), offset: position });
    }
    if (next === 0) break;
    if (next < 0) {
      throw new KinechainError('MALFORMED_INPUT', `C3D parameter record "${name}" at offset ${position} points backwards (offset ${next}); the parameter section is damaged`, { offset: position, next });
    }
    position = offsetField + next;
  }

  // Parameters may come before their group's record, so they are attached at the end.
  for (const { groupId, parameter, offset } of orphans) {
    let group = groupsById.get(groupId);
    if (group === undefined) {
      // A parameter whose group record is missing is kept under a made-up group name.
      group = { id: groupId, name: `GROUP_${groupId}`, description: '', locked: false, parameters: new Map() };
      groupsById.set(groupId, group);
    }
    if (group.parameters.has(parameter.name)) {
      throw new KinechainError('MALFORMED_INPUT', `C3D parameter ${group.name}:${parameter.name} is defined twice (second at offset ${offset})`, { offset });
    }
    group.parameters.set(parameter.name, parameter);
  }
  const groups = new Map<string, C3dGroup>();
  for (const group of groupsById.values()) {
    if (groups.has(group.name)) {
      throw new KinechainError('MALFORMED_INPUT', `C3D group "${group.name}" is defined twice`, { group: group.name });
    }
    groups.set(group.name, group);
  }
  return groups;
}

function readParameter(reader: C3dByteReader, name: string, locked: boolean, at: number, recordOffset: number): C3dParameter {
  const where = `parameter "${name}" (record at offset ${recordOffset})`;
  const typeCode = reader.int8(at, `the type of ${where}`);
  const type = typeCodes[typeCode];
  if (type === undefined) {
    throw new KinechainError('MALFORMED_INPUT', `C3D ${where} has type ${typeCode}; types are -1 (char), 1 (byte), 2 (int16), 4 (float)`, { offset: at, type: typeCode });
  }
  const dimensionCount = reader.uint8(at + 1, `the dimensions of ${where}`);
  if (dimensionCount > 7) {
    throw new KinechainError('MALFORMED_INPUT', `C3D ${where} has ${dimensionCount} dimensions; at most 7 are allowed`, { offset: at + 1 });
  }
  const dimensions: number[] = [];
  let count = 1;
  for (let index = 0; index < dimensionCount; index++) {
    const size = reader.uint8(at + 2 + index, `the dimensions of ${where}`);
    dimensions.push(size);
    count *= size;
  }
  const dataOffset = at + 2 + dimensionCount;
  const size = typeSizes[type];
  // Checking the extent before allocating keeps a damaged dimension from asking for gigabytes.
  reader.require(dataOffset, count * size, `the values of ${where}`);
  const values: number[] = [];
  const strings: string[] = [];
  if (type === 'char') {
    const length = dimensionCount === 0 ? 1 : dimensions[0];
    const stringCount = length === 0 ? 0 : count / length;
    for (let index = 0; index < stringCount; index++) strings.push(reader.text(dataOffset + index * length, length, `the values of ${where}`));
  } else {
    for (let index = 0; index < count; index++) {
      const offset = dataOffset + index * size;
      if (type === 'byte') values.push(reader.uint8(offset, where));
      else if (type === 'int16') values.push(reader.int16(offset, where));
      else values.push(reader.float32(offset, where));
    }
  }
  const descriptionOffset = dataOffset + count * size;
  const descriptionLength = reader.uint8(descriptionOffset, `the description of ${where}`);
  const description = reader.text(descriptionOffset + 1, descriptionLength, `the description of ${where}`);
  return { name, description, locked, type, dimensions, values, strings };
}

/** The group, or undefined. */
export function findGroup(groups: C3dGroups, group: string): C3dGroup | undefined {
  return groups.get(group.toUpperCase());
}

/** The parameter GROUP:NAME, or undefined. */
export function findParameter(groups: C3dGroups, group: string, name: string): C3dParameter | undefined {
  return groups.get(group.toUpperCase())?.parameters.get(name.toUpperCase());
}

/** The parameter GROUP:NAME; UNKNOWN_NAME with close names suggested otherwise. */
export function getParameter(groups: C3dGroups, group: string, name: string): C3dParameter {
  const found = groups.get(group.toUpperCase());
  if (found === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `the C3D file has no parameter group "${group}"${didYouMean(group, groups.keys())}`, { group });
  }
  const parameter = found.parameters.get(name.toUpperCase());
  if (parameter === undefined) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `C3D group ${found.name} has no parameter "${name}"${didYouMean(name, found.parameters.keys())}`,
      { group: found.name, parameter: name },
    );
  }
  return parameter;
}

/** First numeric value of GROUP:NAME, or `fallback` when the parameter is absent or empty. */
export function parameterNumber(groups: C3dGroups, group: string, name: string, fallback: number): number {
  const parameter = findParameter(groups, group, name);
  if (parameter === undefined || parameter.values.length === 0) return fallback;
  return parameter.values[0];
}

/**
 * A count stored in an int16 parameter (POINT:USED, POINT:FRAMES, ANALOG:USED). The format
 * stores them signed, but writers use the full 0..65535 range, so negatives wrap.
 */
export function parameterCount(groups: C3dGroups, group: string, name: string): number | undefined {
  const parameter = findParameter(groups, group, name);
  if (parameter === undefined || parameter.values.length === 0) return undefined;
  const value = parameter.values[0];
  if (parameter.type === 'int16' && value < 0) return value + 65536;
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/**
 * Strings of GROUP:NAME followed by those of GROUP:NAME2, NAME3, ... (the format's way
 * past 255 entries, e.g. POINT:LABELS2), or [] when absent.
 */
export function parameterStrings(groups: C3dGroups, group: string, name: string): string[] {
  const strings: string[] = [];
  const first = findParameter(groups, group, name);
  if (first === undefined) return strings;
  strings.push(...first.strings);
  for (let suffix = 2; suffix < 1000; suffix++) {
    const more = findParameter(groups, group, `${name}${suffix}`);
    if (more === undefined) break;
    strings.push(...more.strings);
  }
  return strings;
}
