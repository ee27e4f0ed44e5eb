/**
 * C3D writer: header, parameter section and data section, in float format (the default)
 * or integer format, for Intel (default), DEC or SGI/MIPS processors.
 *
 * The writer generates the parameters that describe the data (POINT:USED/LABELS/UNITS/
 * SCALE/RATE/FRAMES/DATA_START, ANALOG:USED/LABELS/UNITS/SCALE/OFFSET/GEN_SCALE/RATE,
 * FORCE_PLATFORM when plates are given, TRIAL fields past 65535 frames); other groups and
 * parameters passed in `groups` are written as they are, so a file read and written back
 * keeps its SUBJECTS, EVENT, ... groups.
 */
import { KinechainError } from '../../core/errors.js';
import type { MarkerTrajectories } from '../table/marker-trajectories.js';
import type { TimeSeriesTable } from '../table/time-series-table.js';
import { metresPer } from '../table/length-units.js';
import type { LengthUnit } from '../table/length-units.js';
import { writeFileContents } from '../table/file-access.js';
import { C3dByteWriter, processorCodes } from './c3d-bytes.js';
import type { C3dProcessor } from './c3d-bytes.js';
import { typeNumbers, typeSizes } from './c3d-parameters.js';
import type { C3dGroups, C3dParameterType } from './c3d-parameters.js';
import type { C3dForcePlatform } from './force-platforms.js';
import { c3dBlockSize, c3dEventKey, c3dKey, c3dMaxEvents } from './c3d-reader.js';
import type { C3dEvent } from './c3d-reader.js';

export interface C3dParameterInput {
  name: string;
  description?: string;
  locked?: boolean;
  type: C3dParameterType;
  /** Dimensions as stored; default [] for one number, [n] for n numbers, [longest, n] for n strings. */
  dimensions?: readonly number[];
  /** Numeric values in storage order (first dimension fastest). */
  values?: readonly number[];
  /** Strings of a char parameter (padded with blanks to dimensions[0]). */
  strings?: readonly string[];
}

export interface C3dGroupInput {
  name: string;
  description?: string;
  locked?: boolean;
  parameters: readonly C3dParameterInput[];
}

export interface C3dWriteInput {
  /** Points to write, m; missing points are written with a residual word of -1. */
  markers: MarkerTrajectories;
  /** Residual per [frame][point], m (default 0: valid, no residual). */
  residuals?: Float64Array;
  /** Camera mask per [frame][point] (default 0). */
  cameraMasks?: Uint8Array;
  /** Unit of the written coordinates; default mm. */
  pointUnits?: LengthUnit;
  /** Analog channels: rows = frames x analogSamplesPerFrame, one column per channel. */
  analog?: TimeSeriesTable;
  /** ANALOG:UNITS per channel (default "V"). */
  analogUnits?: readonly string[];
  /** Analog samples per 3D frame; default analog rows / frames (1 without analog). */
  analogSamplesPerFrame?: number;
  /** Written to FORCE_PLATFORM (corners and origin in m, converted to pointUnits). */
  forcePlatforms?: readonly C3dForcePlatform[];
  /** Other groups and parameters to keep; the generated ones above take precedence. */
  groups?: readonly C3dGroupInput[] | C3dGroups;
  /** Header events (at most 18). */
  events?: readonly C3dEvent[];
  /** 'float' (default) or 'integer' (int16 values times POINT:SCALE). */
  format?: 'float' | 'integer';
  /** Byte order and float format; default 'intel'. */
  processor?: C3dProcessor;
  /** Number of the first frame; default markers.frameNumbers[0] or 1. */
  firstFrame?: number;
}

/** Largest magnitude written as int16 in integer files (a margin below 32767 for rounding). */
const integerRange = 32000;

/** Names in POINT and ANALOG that only the writer may produce (they describe the data written). */
const generatedPattern = /^(LABELS|DESCRIPTIONS|UNITS)\d*$|^(USED|SCALE|RATE|FRAMES|LONG_FRAMES|DATA_START|OFFSET|GEN_SCALE|FORMAT|BITS)$/;
const generatedForcePlatform = new Set(['USED', 'TYPE', 'CORNERS', 'ORIGIN', 'CHANNEL', 'CAL_MATRIX']);

function outOfRange(message: string, details: Record<string, unknown> = {}): KinechainError {
  return new KinechainError('OUT_OF_RANGE', message, details);
}

/** The bytes of a C3D file holding `input`. */
export function formatC3d(input: C3dWriteInput): Uint8Array {
  const processor = input.processor ?? 'intel';
  const format = input.format ?? 'float';
  const markers = input.markers;
  const frames = markers.time.length;
  const pointCount = markers.markerNames.length;
  const unit = input.pointUnits ?? 'mm';
  const fromMetres = 1 / metresPer(unit);
  const firstFrame = input.firstFrame ?? (frames > 0 ? markers.frameNumbers[0] : 1);
  if (!Number.isInteger(firstFrame) || firstFrame < 1 || firstFrame > 65535) {
    throw outOfRange(`the first frame number must be a whole number 1..65535, got ${firstFrame}; pass firstFrame to choose it`, { firstFrame });
  }
  if (pointCount > 65535) throw outOfRange(`a C3D file holds at most 65535 points, got ${pointCount}`);

  const analog = input.analog;
  const channelCount = analog?.labels.length ?? 0;
  const analogRows = analog?.time.length ?? 0;
  const samplesPerFrame = input.analogSamplesPerFrame ?? (channelCount > 0 && frames > 0 ? analogRows / frames : 1);
  if (!Number.isInteger(samplesPerFrame) || samplesPerFrame < 1 || samplesPerFrame > 65535) {
    throw new KinechainError('MALFORMED_INPUT', `analog samples per frame must be a whole number 1..65535; ${analogRows} analog rows for ${frames} frames gives ${samplesPerFrame}`, {});
  }
  if (channelCount > 0 && analogRows !== frames * samplesPerFrame) {
    throw new KinechainError('MALFORMED_INPUT', `the analog table needs frames x samples per frame = ${frames * samplesPerFrame} rows, it has ${analogRows}`, {});
  }
  const analogValuesPerFrame = channelCount * samplesPerFrame;
  if (analogValuesPerFrame > 65535) throw outOfRange(`${analogValuesPerFrame} analog values per frame exceed the header's 65535`);

  // Scales: integer files map the largest magnitude to integerRange. Scales are rounded to
  // single precision first, because that is what the file stores and the reader multiplies by.
  let pointScale: number;
  const residualsInUnits = (slot: number): number => (input.residuals === undefined ? 0 : input.residuals[slot] * fromMetres);
  if (format === 'integer') {
    let largest = 0;
    for (let slot = 0; slot < frames * pointCount; slot++) {
      if (markers.present[slot] !== 1) continue;
      for (let axis = 0; axis < 3; axis++) largest = Math.max(largest, Math.abs(markers.positions[slot * 3 + axis] * fromMetres));
    }
    pointScale = Math.fround(largest > 0 ? largest / integerRange : 1);
  } else {
    let largestResidual = 0;
    for (let slot = 0; slot < frames * pointCount; slot++) {
      const residual = residualsInUnits(slot);
      if (markers.present[slot] === 1 && Number.isFinite(residual)) largestResidual = Math.max(largestResidual, residual);
    }
    pointScale = -Math.fround(largestResidual > 0 ? largestResidual / 255 : 0.1);
  }
  const analogScale = new Float64Array(channelCount).fill(1);
  if (format === 'integer' && analog !== undefined) {
    for (let channel = 0; channel < channelCount; channel++) {
      let largest = 0;
      for (const value of analog.columns[channel]) {
        if (!Number.isFinite(value)) throw new KinechainError('NOT_FINITE', `analog channel "${analog.labels[channel]}" holds ${value}; integer C3D files cannot store it (write float format)`, {});
        largest = Math.max(largest, Math.abs(value));
      }
      analogScale[channel] = Math.fround(largest > 0 ? largest / integerRange : 1);
    }
  }

  const frameRate = markers.frameRate;
  const groups = buildGroups(input, { frames, pointCount, unit, pointScale, frameRate, channelCount, samplesPerFrame, analogScale, firstFrame, format });
  const records = layoutRecords(groups);
  const parameterBytes = 4 + records.size;
  const parameterBlocks = Math.ceil(parameterBytes / c3dBlockSize);
  if (parameterBlocks > 255) throw outOfRange(`the parameters need ${parameterBlocks} blocks; a C3D file allows at most 255`);
  const dataBlock = 2 + parameterBlocks;
  if (dataBlock > 65535) throw outOfRange('the data section would start past block 65535');
  records.dataStart.values = [dataBlock];

  const wordSize = format === 'float' ? 4 : 2;
  const frameBytes = (pointCount * 4 + analogValuesPerFrame) * wordSize;
  const dataBytes = frames * frameBytes;
  const totalBlocks = dataBlock - 1 + Math.ceil(dataBytes / c3dBlockSize);
  const writer = new C3dByteWriter(totalBlocks * c3dBlockSize, processor);

  writeHeader(writer, {
    parameterBlock: 2,
    pointCount,
    analogValuesPerFrame,
    firstFrame,
    // last < first says "no frames", which last = first cannot.
    lastFrame: frames === 0 ? firstFrame - 1 : Math.min(65535, firstFrame + frames - 1),
    scale: pointScale,
    dataBlock,
    samplesPerFrame,
    frameRate,
    events: input.events ?? [],
  });

  const parameterStart = c3dBlockSize;
  writer.uint8(parameterStart, 1);
  writer.uint8(parameterStart + 1, c3dKey);
  writer.uint8(parameterStart + 2, parameterBlocks);
  writer.uint8(parameterStart + 3, processorCodes[processor]);
  writeRecords(writer, parameterStart + 4, groups);

  let offset = (dataBlock - 1) * c3dBlockSize;
  const integerScale = Math.abs(pointScale);
  for (let frame = 0; frame < frames; frame++) {
    for (let point = 0; point < pointCount; point++) {
      const slot = frame * pointCount + point;
      const valid = markers.present[slot] === 1;
      let word = -1;
      if (valid) {
        const residual = Math.min(255, Math.max(0, Math.round(residualsInUnits(slot) / integerScale) || 0));
        word = ((input.cameraMasks?.[slot] ?? 0) & 0x7f) * 256 + residual;
      }
      for (let axis = 0; axis < 3; axis++) {
        const value = valid ? markers.positions[slot * 3 + axis] * fromMetres : 0;
        if (format === 'float') writer.float32(offset + axis * 4, value);
        else writer.int16(offset + axis * 2, Math.round(value / pointScale));
      }
      if (format === 'float') {
        writer.float32(offset + 12, word);
        offset += 16;
      } else {
        writer.int16(offset + 6, word);
        offset += 8;
      }
    }
    for (let sample = 0; sample < samplesPerFrame && analog !== undefined; sample++) {
      const row = frame * samplesPerFrame + sample;
      for (let channel = 0; channel < channelCount; channel++) {
        const value = analog.columns[channel][row];
        if (format === 'float') {
          writer.float32(offset, value);
          offset += 4;
        } else {
          writer.int16(offset, Math.round(value / analogScale[channel]));
          offset += 2;
        }
      }
    }
  }
  return writer.bytes;
}

export async function writeC3dFile(path: string, input: C3dWriteInput): Promise<void> {
  await writeFileContents(path, formatC3d(input), 'C3D file');
}

interface GeneratedValues {
  frames: number;
  pointCount: number;
  unit: LengthUnit;
  pointScale: number;
  frameRate: number;
  channelCount: number;
  samplesPerFrame: number;
  analogScale: Float64Array;
  firstFrame: number;
  format: 'float' | 'integer';
}

interface ParameterRecord {
  name: string;
  description: string;
  locked: boolean;
  type: C3dParameterType;
  dimensions: number[];
  values: number[];
  strings: string[];
}

interface GroupRecord {
  id: number;
  name: string;
  description: string;
  locked: boolean;
  parameters: ParameterRecord[];
}

function checkText(text: string, what: string, maxLength: number): void {
  if (text.length > maxLength) throw outOfRange(`${what} "${text.slice(0, 40)}..." is ${text.length} characters; C3D allows ${maxLength}`);
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 126) {
      throw new KinechainError('MALFORMED_INPUT', `${what} "${text}" has a non-ASCII character at position ${index + 1}; C3D text is ASCII`, {});
    }
  }
}

function parameterRecord(input: C3dParameterInput): ParameterRecord {
  const name = input.name.toUpperCase();
  checkText(name, 'parameter name', 127);
  if (name === '') throw new KinechainError('MALFORMED_INPUT', 'a C3D parameter needs a name', {});
  const description = input.description ?? '';
  checkText(description, `description of ${name}`, 255);
  const strings = [...(input.strings ?? [])];
  const values = [...(input.values ?? [])];
  let dimensions: number[];
  if (input.dimensions !== undefined) {
    dimensions = [...input.dimensions];
  } else if (input.type === 'char') {
    const longest = strings.reduce((most, text) => Math.max(most, text.length), 0);
    dimensions = strings.length === 1 && input.strings !== undefined ? [longest] : [longest, strings.length];
  } else {
    dimensions = values.length === 1 ? [] : [values.length];
  }
  if (dimensions.length > 7 || dimensions.some((size) => !Number.isInteger(size) || size < 0 || size > 255)) {
    throw outOfRange(`parameter ${name}: dimensions [${dimensions.join(', ')}] must be at most 7 whole numbers 0..255 (split long lists, e.g. LABELS2)`);
  }
  const count = dimensions.reduce((product, size) => product * size, 1);
  if (input.type === 'char') {
    const length = dimensions.length === 0 ? 1 : dimensions[0];
    const stringCount = length === 0 ? 0 : count / length;
    if (strings.length > stringCount) throw outOfRange(`parameter ${name}: ${strings.length} strings do not fit dimensions [${dimensions.join(', ')}]`);
    for (const text of strings) checkText(text, `a value of ${name}`, length);
  } else if (values.length !== count) {
    throw new KinechainError('MALFORMED_INPUT', `parameter ${name}: ${values.length} values for dimensions [${dimensions.join(', ')}] (${count} expected)`, {});
  }
  return { name, description, locked: input.locked ?? false, type: input.type, dimensions, values, strings };
}

/** Strings split into NAME, NAME2, NAME3 ... of at most 255 entries each. */
function stringParameters(name: string, strings: readonly string[], description: string): C3dParameterInput[] {
  const chunks: C3dParameterInput[] = [];
  for (let start = 0, part = 1; start < strings.length || part === 1; start += 255, part++) {
    const chunk = strings.slice(start, start + 255);
    const longest = Math.max(1, chunk.reduce((most, text) => Math.max(most, text.length), 0));
    chunks.push({ name: part === 1 ? name : `${name}${part}`, type: 'char', dimensions: [longest, chunk.length], strings: chunk, description });
    if (start + 255 >= strings.length) break;
  }
  return chunks;
}

function buildGroups(input: C3dWriteInput, generated: GeneratedValues): GroupRecord[] {
  const markers = input.markers;
  const { frames, channelCount } = generated;
  const framesInt16 = Math.min(frames, 65535);
  const point: C3dParameterInput[] = [
    { name: 'USED', type: 'int16', values: [toInt16(generated.pointCount)], description: 'Number of 3D points' },
    { name: 'SCALE', type: 'float', values: [generated.pointScale], description: 'Scale: negative for float data' },
    { name: 'RATE', type: 'float', values: [generated.frameRate], description: 'Frames per second' },
    { name: 'DATA_START', type: 'int16', values: [0], description: 'First block of the data section' },
    { name: 'FRAMES', type: 'int16', values: [toInt16(framesInt16)], description: 'Number of frames' },
    ...stringParameters('LABELS', markers.markerNames, 'Point labels'),
    ...stringParameters('DESCRIPTIONS', markers.markerNames.map(() => ''), 'Point descriptions'),
    { name: 'UNITS', type: 'char', strings: [generated.unit], description: 'Point units' },
  ];
  if (frames > 65535) point.push({ name: 'LONG_FRAMES', type: 'float', values: [frames], description: 'Number of frames' });

  const analogLabels = input.analog?.labels ?? [];
  const analogGroup: C3dParameterInput[] = [
    { name: 'USED', type: 'int16', values: [toInt16(channelCount)], description: 'Number of analog channels' },
    ...stringParameters('LABELS', analogLabels, 'Channel labels'),
    ...stringParameters('DESCRIPTIONS', analogLabels.map(() => ''), 'Channel descriptions'),
    ...stringParameters('UNITS', analogLabels.map((_, channel) => input.analogUnits?.[channel] ?? 'V'), 'Channel units'),
    { name: 'GEN_SCALE', type: 'float', values: [1], description: 'General scale' },
    { name: 'SCALE', type: 'float', dimensions: [channelCount], values: Array.from(generated.analogScale), description: 'Channel scales' },
    { name: 'OFFSET', type: 'int16', dimensions: [channelCount], values: new Array<number>(channelCount).fill(0), description: 'Channel offsets' },
    { name: 'RATE', type: 'float', values: [generated.frameRate * generated.samplesPerFrame], description: 'Analog samples per second' },
  ];
  if (channelCount > 255) {
    // SCALE and OFFSET are one-dimensional lists; past 255 entries they need a second dimension.
    throw outOfRange(`at most 255 analog channels can be written, got ${channelCount}`);
  }
  const generatedGroups = new Map<string, C3dParameterInput[]>([
    ['POINT', point],
    ['ANALOG', analogGroup],
  ]);
  if (input.forcePlatforms !== undefined) generatedGroups.set('FORCE_PLATFORM', forcePlatformParameters(input.forcePlatforms, generated.unit));
  if (frames > 65535) {
    const last = generated.firstFrame + frames - 1;
    generatedGroups.set('TRIAL', [
      { name: 'ACTUAL_START_FIELD', type: 'int16', values: [toInt16(generated.firstFrame & 0xffff), toInt16(Math.floor(generated.firstFrame / 65536))] },
      { name: 'ACTUAL_END_FIELD', type: 'int16', values: [toInt16(last % 65536), toInt16(Math.floor(last / 65536))] },
    ]);
  }

  const records: GroupRecord[] = [];
  const byName = new Map<string, GroupRecord>();
  const addGroup = (name: string, description: string, locked: boolean): GroupRecord => {
    const upper = name.toUpperCase();
    checkText(upper, 'group name', 127);
    let group = byName.get(upper);
    if (group === undefined) {
      if (records.length >= 127) throw outOfRange('a C3D file holds at most 127 parameter groups');
      group = { id: records.length + 1, name: upper, description, locked, parameters: [] };
      checkText(description, `description of group ${upper}`, 255);
      records.push(group);
      byName.set(upper, group);
    }
    return group;
  };
  for (const [name, parameters] of generatedGroups) {
    const group = addGroup(name, '', false);
    for (const parameter of parameters) group.parameters.push(parameterRecord(parameter));
  }
  for (const extra of extraGroups(input.groups)) {
    const upper = extra.name.toUpperCase();
    const group = addGroup(upper, extra.description ?? '', extra.locked ?? false);
    for (const parameter of extra.parameters) {
      const name = parameter.name.toUpperCase();
      // Parameters that describe the data are the writer's own: stale copies from a file
      // read earlier (another frame count, fewer labels) would misdescribe the new data.
      if ((upper === 'POINT' || upper === 'ANALOG') && generatedPattern.test(name)) continue;
      if (upper === 'FORCE_PLATFORM' && input.forcePlatforms !== undefined && generatedForcePlatform.has(name)) continue;
      if (upper === 'TRIAL' && (name === 'ACTUAL_START_FIELD' || name === 'ACTUAL_END_FIELD')) continue;
      if (group.parameters.some((existing) => existing.name === name)) {
        throw new KinechainError('MALFORMED_INPUT', `parameter ${upper}:${name} is given twice`, { group: upper, parameter: name });
      }
      group.parameters.push(parameterRecord(parameter));
    }
  }
  return records;
}

function extraGroups(groups: C3dWriteInput['groups']): C3dGroupInput[] {
  if (groups === undefined) return [];
  if (Array.isArray(groups)) return groups as C3dGroupInput[];
  return [...(groups as C3dGroups).values()].map((group) => ({
    name: group.name,
    description: group.description,
    locked: group.locked,
    parameters: [...group.parameters.values()].map((parameter) => ({ ...parameter })),
  }));
}

function forcePlatformParameters(plates: readonly C3dForcePlatform[], unit: LengthUnit): C3dParameterInput[] {
  const fromMetres = 1 / metresPer(unit);
  const channelsPerPlate = plates.reduce((most, plate) => Math.max(most, plate.channels.length), 0);
  const parameters: C3dParameterInput[] = [
    { name: 'USED', type: 'int16', values: [plates.length] },
    { name: 'TYPE', type: 'int16', dimensions: [plates.length], values: plates.map((plate) => plate.type) },
    { name: 'CORNERS', type: 'float', dimensions: [3, 4, plates.length], values: plates.flatMap((plate) => Array.from(plate.corners, (value) => value * fromMetres)) },
    { name: 'ORIGIN', type: 'float', dimensions: [3, plates.length], values: plates.flatMap((plate) => Array.from(plate.origin, (value) => value * fromMetres)) },
    {
      name: 'CHANNEL',
      type: 'int16',
      dimensions: [channelsPerPlate, plates.length],
      values: plates.flatMap((plate) => Array.from({ length: channelsPerPlate }, (_, index) => plate.channels[index] ?? 0)),
    },
  ];
  const calibrated = plates.find((plate) => plate.calibrationMatrix !== undefined);
  if (calibrated !== undefined) {
    const size = Math.round(Math.sqrt(calibrated.calibrationMatrix!.length));
    const values: number[] = [];
    for (const plate of plates) {
      const matrix = plate.calibrationMatrix;
      // Stored with the first (row) index fastest.
      for (let column = 0; column < size; column++) {
        for (let row = 0; row < size; row++) values.push(matrix !== undefined && matrix.length === size * size ? matrix[row * size + column] : row === column ? 1 : 0);
      }
    }
    parameters.push({ name: 'CAL_MATRIX', type: 'float', dimensions: [size, size, plates.length], values });
  }
  return parameters;
}

function toInt16(value: number): number {
  return value > 32767 ? value - 65536 : value;
}

function recordSize(name: string, parameter: ParameterRecord | undefined, description: string): number {
  if (parameter === undefined) return 2 + name.length + 2 + 1 + description.length;
  const count = parameter.dimensions.reduce((product, size) => product * size, 1);
  return 2 + name.length + 2 + 2 + parameter.dimensions.length + count * typeSizes[parameter.type] + 1 + description.length;
}

/** Total size of the records and the POINT:DATA_START record, whose value is filled in once the layout is known. */
function layoutRecords(groups: GroupRecord[]): { size: number; dataStart: ParameterRecord } {
  let size = 0;
  let dataStart: ParameterRecord | undefined;
  for (const group of groups) {
    size += recordSize(group.name, undefined, group.description);
    for (const parameter of group.parameters) {
      const bytes = recordSize(parameter.name, parameter, parameter.description);
      if (bytes - 2 - parameter.name.length > 32767) throw outOfRange(`parameter ${group.name}:${parameter.name} is too large for one C3D record`);
      size += bytes;
      if (group.name === 'POINT' && parameter.name === 'DATA_START') dataStart = parameter;
    }
  }
  return { size, dataStart: dataStart! };
}

function writeRecords(writer: C3dByteWriter, start: number, groups: GroupRecord[]): void {
  let offset = start;
  const all: { groupId: number; name: string; locked: boolean; parameter: ParameterRecord | undefined; description: string }[] = [];
  for (const group of groups) {
    all.push({ groupId: -group.id, name: group.name, locked: group.locked, parameter: undefined, description: group.description });
    for (const parameter of group.parameters) all.push({ groupId: group.id, name: parameter.name, locked: parameter.locked, parameter, description: parameter.description });
  }
  all.forEach((record, index) => {
    const size = recordSize(record.name, record.parameter, record.description);
    writer.int8(offset, record.locked ? -record.name.length : record.name.length);
    writer.int8(offset + 1, record.groupId);
    writer.text(offset + 2, record.name, record.name.length);
    const offsetField = offset + 2 + record.name.length;
    const isLast = index === all.length - 1;
    writer.int16(offsetField, isLast ? 0 : size - 2 - record.name.length);
    let at = offsetField + 2;
    const parameter = record.parameter;
    if (parameter !== undefined) {
      writer.int8(at, typeNumbers[parameter.type]);
      writer.uint8(at + 1, parameter.dimensions.length);
      parameter.dimensions.forEach((dimension, axis) => writer.uint8(at + 2 + axis, dimension));
      at += 2 + parameter.dimensions.length;
      const count = parameter.dimensions.reduce((product, dimension) => product * dimension, 1);
      if (parameter.type === 'char') {
        const length = parameter.dimensions.length === 0 ? 1 : parameter.dimensions[0];
        const stringCount = length === 0 ? 0 : count / length;
        for (let index = 0; index < stringCount; index++) writer.text(at + index * length, parameter.strings[index] ?? '', length);
        at += count;
      } else {
        for (let index = 0; index < count; index++) {
          const value = parameter.values[index];
          if (parameter.type === 'byte') writer.uint8(at, value);
          else if (parameter.type === 'int16') writer.int16(at, toInt16(Math.round(value)));
          else writer.float32(at, value);
          at += typeSizes[parameter.type];
        }
      }
    }
    writer.uint8(at, record.description.length);
    writer.text(at + 1, record.description, record.description.length);
    offset += size;
  });
}

interface HeaderValues {
  parameterBlock: number;
  pointCount: number;
  analogValuesPerFrame: number;
  firstFrame: number;
  lastFrame: number;
  scale: number;
  dataBlock: number;
  samplesPerFrame: number;
  frameRate: number;
  events: readonly C3dEvent[];
}

function writeHeader(writer: C3dByteWriter, header: HeaderValues): void {
  const word = (index: number, value: number): void => writer.uint16((index - 1) * 2, value);
  writer.uint8(0, header.parameterBlock);
  writer.uint8(1, c3dKey);
  word(2, header.pointCount);
  word(3, header.analogValuesPerFrame);
  word(4, header.firstFrame);
  word(5, header.lastFrame);
  word(6, 10); // maximum interpolation gap, frames
  writer.float32(12, header.scale);
  word(9, header.dataBlock);
  word(10, header.samplesPerFrame);
  writer.float32(20, header.frameRate);
  if (header.events.length > c3dMaxEvents) throw outOfRange(`the C3D header holds at most ${c3dMaxEvents} events, got ${header.events.length}`);
  word(150, c3dEventKey);
  word(151, header.events.length);
  header.events.forEach((event, index) => {
    checkText(event.label, 'event label', 4);
    writer.float32(304 + 4 * index, event.time);
    writer.uint8(376 + index, event.displayed ? 0 : 1);
    writer.text(396 + 4 * index, event.label, 4);
  });
}
