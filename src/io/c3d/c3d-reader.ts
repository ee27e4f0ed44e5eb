/**
 * C3D reader, following "The C3D File Format User Guide" (c3d.org).
 *
 * A file is a sequence of 512-byte blocks:
 * - block 1, the header: word 1 holds the first parameter block (byte 0) and the key 0x50
 *   (byte 1); then 3D points per frame, analog values per frame, first and last frame,
 *   maximum interpolation gap, scale (float; negative = float data), first data block,
 *   analog samples per frame, frame rate (float), and the event table.
 * - the parameter section (see c3d-parameters.ts), whose 4th byte names the processor
 *   that wrote the file: Intel (little-endian, IEEE floats), DEC (little-endian, VAX
 *   floats) or SGI/MIPS (big-endian, IEEE floats).
 * - the data section: per frame, each point as X, Y, Z and a residual/camera word, then
 *   the analog samples (samples per frame x channels, channels fastest). Integer files
 *   store int16 values times POINT:SCALE; float files store floats.
 *
 * Results are in SI: marker positions in m (from POINT:UNITS), analog values in their
 * ANALOG:UNITS after offset and scaling: (raw - OFFSET) * SCALE * GEN_SCALE.
 *
 * Every count from the file is checked against the bytes that are really there before
 * anything is allocated from it; damaged files give MALFORMED_INPUT with the offset.
 */
import { KinechainError } from '../../core/errors.js';
import { makeMarkerTrajectories } from '../table/marker-trajectories.js';
import type { MarkerTrajectories } from '../table/marker-trajectories.js';
import { makeTimeSeriesTable } from '../table/time-series-table.js';
import type { TimeSeriesTable } from '../table/time-series-table.js';
import { metresPer, parseLengthUnit } from '../table/length-units.js';
import { readBinaryFile } from '../table/file-access.js';
import { C3dByteReader, processorFromCode } from './c3d-bytes.js';
import type { C3dProcessor } from './c3d-bytes.js';
import { findParameter, parameterCount, parameterNumber, parameterStrings, parseParameterSection } from './c3d-parameters.js';
import type { C3dGroups } from './c3d-parameters.js';
import { readForcePlatforms } from './force-platforms.js';
import type { C3dForcePlatform } from './force-platforms.js';

export const c3dBlockSize = 512;
/** Header word 1, byte 1: identifies a C3D file. */
export const c3dKey = 0x50;
/** Header word 150 holds this when the event table uses 4-character labels. */
export const c3dEventKey = 12345;
/** The header's event table has room for 18 events. */
export const c3dMaxEvents = 18;

export interface C3dEvent {
  readonly label: string;
  /** s */
  readonly time: number;
  readonly displayed: boolean;
}

export interface C3dHeader {
  /** Block number (1-based) of the parameter section. */
  readonly parameterBlock: number;
  /** 3D points per frame. */
  readonly pointCount: number;
  /** Analog values per 3D frame (channels x samples per frame). */
  readonly analogValuesPerFrame: number;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly maxInterpolationGap: number;
  /** Negative: float data. Its magnitude scales integer data and residuals. */
  readonly scaleFactor: number;
  /** Block number (1-based) of the data section. */
  readonly dataBlock: number;
  readonly analogSamplesPerFrame: number;
  /** 3D frames per second. */
  readonly frameRate: number;
  readonly events: readonly C3dEvent[];
}

export interface C3dFile {
  readonly processor: C3dProcessor;
  /** 'float' when the scale factor is negative. */
  readonly dataFormat: 'integer' | 'float';
  readonly header: C3dHeader;
  /** Parameter groups by upper-case name. */
  readonly groups: C3dGroups;
  /**
   * All 3D points (markers and any computed points), m. Points whose residual word is
   * negative are missing (NaN, mask 0). Unnamed points are called "point<N>" and repeated
   * names get "_<N>" appended (N the 1-based point number) so every name is unique.
   */
  readonly markers: MarkerTrajectories;
  /** POINT:UNITS as written ("mm" when absent). */
  readonly pointUnits: string;
  /** Residual per [frame][point], m; NaN where the point is missing. */
  readonly residuals: Float64Array;
  /** Camera-contribution mask per [frame][point] (bit n: camera n + 1 saw the point). */
  readonly cameraMasks: Uint8Array;
  /**
   * Analog channels, one column per ANALOG:LABELS entry (named like points when blank or
   * repeated), time at the analog rate from 0, values in their ANALOG:UNITS.
   */
  readonly analog: TimeSeriesTable;
  /** ANALOG:UNITS per channel ("" where not given). */
  readonly analogUnits: readonly string[];
  /** Analog samples per second. */
  readonly analogRate: number;
  readonly analogSamplesPerFrame: number;
  readonly forcePlatforms: readonly C3dForcePlatform[];
}

export interface C3dReadOptions {
  /** Names the input in messages; default "C3D file". */
  source?: string;
}

function malformed(source: string, message: string, details: Record<string, unknown>): KinechainError {
  return new KinechainError('MALFORMED_INPUT', `${source}: ${message}`, { source, ...details });
}

/** Parses a C3D file held in memory. Errors: MALFORMED_INPUT (with byte offsets), UNSUPPORTED. */
export function parseC3d(bytes: Uint8Array, options: C3dReadOptions = {}): C3dFile {
  const source = options.source ?? 'C3D file';
  if (bytes.length < c3dBlockSize) {
    throw malformed(source, `a C3D file starts with a 512-byte header block; this one has only ${bytes.length} byte(s)`, { fileLength: bytes.length });
  }
  if (bytes[1] !== c3dKey) {
    throw malformed(source, `byte 1 is ${bytes[1]}, not the C3D key 80 (0x50); this is not a C3D file`, { offset: 1 });
  }
  const parameterBlock = bytes[0];
  const parameterStart = (parameterBlock - 1) * c3dBlockSize;
  if (parameterBlock < 2 || parameterStart + 4 > bytes.length) {
    throw malformed(source, `header byte 0 puts the parameter section at block ${parameterBlock}, which is not inside the file (blocks 2..${Math.floor(bytes.length / c3dBlockSize)})`, {
      offset: 0,
      parameterBlock,
    });
  }
  const processor = processorFromCode(bytes[parameterStart + 3], parameterStart + 3);
  const reader = new C3dByteReader(bytes, processor);
  const header = readHeader(reader, parameterBlock);
  const groups = parseParameterSection(reader, parameterStart);

  // Scale: POINT:SCALE when present (it is what writers keep up to date), else the header's.
  const scale = parameterNumber(groups, 'POINT', 'SCALE', header.scaleFactor);
  if (!Number.isFinite(scale)) throw malformed(source, `POINT:SCALE is ${scale}; it must be a finite number`, {});
  const dataFormat = scale < 0 ? 'float' : 'integer';
  if (dataFormat === 'integer' && scale === 0) {
    throw malformed(source, 'POINT:SCALE is 0, which would make every integer coordinate 0; the file is damaged', {});
  }
  const frameRate = parameterNumber(groups, 'POINT', 'RATE', header.frameRate);
  if (!(frameRate > 0) || !Number.isFinite(frameRate)) {
    throw malformed(source, `the frame rate (POINT:RATE or header words 11-12) is ${frameRate}; it must be positive`, { offset: 20 });
  }

  const pointCount = header.pointCount;
  const analogValuesPerFrame = header.analogValuesPerFrame;
  const samplesPerFrame = header.analogSamplesPerFrame;
  let channelCount = 0;
  if (analogValuesPerFrame > 0) {
    if (samplesPerFrame === 0) {
      throw malformed(source, `the header has ${analogValuesPerFrame} analog values per frame but 0 analog samples per frame (word 10)`, { offset: 18 });
    }
    if (analogValuesPerFrame % samplesPerFrame !== 0) {
      throw malformed(source, `${analogValuesPerFrame} analog values per frame (word 3) is not a multiple of ${samplesPerFrame} samples per frame (word 10)`, { offset: 4 });
    }
    channelCount = analogValuesPerFrame / samplesPerFrame;
  }
  const analogUsed = parameterCount(groups, 'ANALOG', 'USED');
  if (analogUsed !== undefined && analogUsed !== channelCount) {
    throw malformed(source, `ANALOG:USED is ${analogUsed} but the header gives ${channelCount} analog channel(s)`, { analogUsed, channelCount });
  }

  const wordSize = dataFormat === 'float' ? 4 : 2;
  const frameBytes = (pointCount * 4 + analogValuesPerFrame) * wordSize;
  const frames = frameCountOf(header, groups, frameBytes, source);
  const dataBlock = header.dataBlock > 0 ? header.dataBlock : (parameterCount(groups, 'POINT', 'DATA_START') ?? 0);
  const dataStart = (dataBlock - 1) * c3dBlockSize;
  if (dataBlock < 2 || (dataBlock <= parameterBlock && frameBytes * frames > 0)) {
    throw malformed(source, `the data section starts at block ${dataBlock} (header word 9), which is not after the header and parameter blocks`, { offset: 16, dataBlock });
  }
  // One check for the whole data section: after it, the loops below read without checks.
  reader.require(dataStart, frames * frameBytes, `the data section (${frames} frame(s) of ${frameBytes} bytes)`);

  const pointUnits = findParameter(groups, 'POINT', 'UNITS')?.strings[0] ?? 'mm';
  // The unit matters only when there is something to convert (points or force-plate geometry).
  const needsUnit = pointCount > 0 || (parameterCount(groups, 'FORCE_PLATFORM', 'USED') ?? 0) > 0;
  const sourceUnit = needsUnit && pointUnits !== '' ? parseLengthUnit(pointUnits, `${source}: POINT:UNITS`) : 'mm';
  const toMetres = metresPer(sourceUnit);
  const pointNames = uniqueNames(parameterStrings(groups, 'POINT', 'LABELS'), pointCount, 'point');

  const positions = new Float64Array(frames * pointCount * 3);
  const present = new Uint8Array(frames * pointCount);
  const residuals = new Float64Array(frames * pointCount);
  const cameraMasks = new Uint8Array(frames * pointCount);
  const channelScales = analogScales(groups, channelCount, dataFormat);
  const analogColumns = Array.from({ length: channelCount }, () => new Float64Array(frames * samplesPerFrame));
  const pointScale = Math.abs(scale);
  const coordinateScale = (dataFormat === 'float' ? 1 : pointScale) * toMetres;
  const residualScale = pointScale * toMetres;

  for (let frame = 0; frame < frames; frame++) {
    let offset = dataStart + frame * frameBytes;
    for (let point = 0; point < pointCount; point++) {
      const slot = frame * pointCount + point;
      let x: number;
      let y: number;
      let z: number;
      let word: number;
      if (dataFormat === 'float') {
        x = reader.float32Unchecked(offset);
        y = reader.float32Unchecked(offset + 4);
        z = reader.float32Unchecked(offset + 8);
        // The 4th float holds an integer: camera mask in the high byte, residual in the low.
        const fourth = reader.float32Unchecked(offset + 12);
        word = Number.isFinite(fourth) ? Math.trunc(fourth) : -1;
        offset += 16;
      } else {
        x = reader.int16Unchecked(offset);
        y = reader.int16Unchecked(offset + 2);
        z = reader.int16Unchecked(offset + 4);
        word = reader.int16Unchecked(offset + 6);
        offset += 8;
      }
      const valid = word >= 0 && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z);
      if (valid) {
        present[slot] = 1;
        positions[slot * 3] = x * coordinateScale;
        positions[slot * 3 + 1] = y * coordinateScale;
        positions[slot * 3 + 2] = z * coordinateScale;
        residuals[slot] = (word & 0xff) * residualScale;
        cameraMasks[slot] = (word >> 8) & 0xff;
      } else {
        positions[slot * 3] = Number.NaN;
        positions[slot * 3 + 1] = Number.NaN;
        positions[slot * 3 + 2] = Number.NaN;
        residuals[slot] = Number.NaN;
      }
    }
    for (let sample = 0; sample < samplesPerFrame && channelCount > 0; sample++) {
      const row = frame * samplesPerFrame + sample;
      for (let channel = 0; channel < channelCount; channel++) {
        let raw: number;
        if (dataFormat === 'float') {
          raw = reader.float32Unchecked(offset);
          offset += 4;
        } else {
          raw = channelScales.unsigned ? reader.uint16Unchecked(offset) : reader.int16Unchecked(offset);
          offset += 2;
        }
        analogColumns[channel][row] = (raw - channelScales.offsets[channel]) * channelScales.scales[channel];
      }
    }
  }

  const markers = makeMarkerTrajectories({
    markerNames: pointNames,
    time: Float64Array.from({ length: frames }, (_, frame) => frame / frameRate),
    frameNumbers: Float64Array.from({ length: frames }, (_, frame) => header.firstFrame + frame),
    positions,
    present,
    frameRate,
    sourceUnit,
  });

  const analogRate = channelCount > 0 ? parameterNumber(groups, 'ANALOG', 'RATE', frameRate * samplesPerFrame) : frameRate * samplesPerFrame;
  if (channelCount > 0 && (!(analogRate > 0) || !Number.isFinite(analogRate))) {
    throw malformed(source, `ANALOG:RATE is ${analogRate}; it must be positive`, {});
  }
  const analogRows = frames * samplesPerFrame;
  const analog = makeTimeSeriesTable({
    timeLabel: 'time',
    time: Float64Array.from({ length: channelCount > 0 ? analogRows : 0 }, (_, row) => row / analogRate),
    labels: uniqueNames(parameterStrings(groups, 'ANALOG', 'LABELS'), channelCount, 'analog'),
    columns: channelCount > 0 ? analogColumns : [],
  });
  const units = parameterStrings(groups, 'ANALOG', 'UNITS');
  const analogUnits = Array.from({ length: channelCount }, (_, channel) => units[channel] ?? '');

  return {
    processor,
    dataFormat,
    header,
    groups,
    markers,
    pointUnits,
    residuals,
    cameraMasks,
    analog,
    analogUnits,
    analogRate: channelCount > 0 ? analogRate : frameRate * samplesPerFrame,
    analogSamplesPerFrame: samplesPerFrame,
    forcePlatforms: readForcePlatforms(groups, toMetres),
  };
}

function readHeader(reader: C3dByteReader, parameterBlock: number): C3dHeader {
  const word = (index: number): number => reader.uint16((index - 1) * 2, `header word ${index}`);
  const float = (index: number): number => reader.float32((index - 1) * 2, `header words ${index}-${index + 1}`);
  const events: C3dEvent[] = [];
  if (word(150) === c3dEventKey) {
    const eventCount = word(151);
    if (eventCount > c3dMaxEvents) {
      throw new KinechainError('MALFORMED_INPUT', `C3D header word 151 (offset 300) gives ${eventCount} events; the header holds at most ${c3dMaxEvents}`, { offset: 300 });
    }
    for (let event = 0; event < eventCount; event++) {
      events.push({
        time: reader.float32(304 + 4 * event, 'an event time'),
        displayed: reader.uint8(376 + event, 'an event display flag') === 0,
        label: reader.text(396 + 4 * event, 4, 'an event label'),
      });
    }
  }
  return {
    parameterBlock,
    pointCount: word(2),
    analogValuesPerFrame: word(3),
    firstFrame: word(4),
    lastFrame: word(5),
    maxInterpolationGap: word(6),
    scaleFactor: float(7),
    dataBlock: word(9),
    analogSamplesPerFrame: word(10),
    frameRate: float(11),
    events,
  };
}

/**
 * Number of frames. The header's 16-bit first/last frame cannot count past 65535, so
 * longer recordings carry the count in TRIAL:ACTUAL_START_FIELD/ACTUAL_END_FIELD (two
 * 16-bit halves of a 32-bit frame number) or POINT:LONG_FRAMES (float); POINT:FRAMES
 * (read unsigned) is used when it exceeds the header's count.
 */
function frameCountOf(header: C3dHeader, groups: C3dGroups, frameBytes: number, source: string): number {
  let frames = header.lastFrame >= header.firstFrame ? header.lastFrame - header.firstFrame + 1 : 0;
  const longFrames = findParameter(groups, 'POINT', 'LONG_FRAMES');
  const start = findParameter(groups, 'TRIAL', 'ACTUAL_START_FIELD');
  const end = findParameter(groups, 'TRIAL', 'ACTUAL_END_FIELD');
  const framesParameter = parameterCount(groups, 'POINT', 'FRAMES');
  if (longFrames !== undefined && longFrames.values.length > 0 && longFrames.type === 'float') {
    frames = longFrames.values[0];
  } else if (start !== undefined && end !== undefined && start.values.length >= 2 && end.values.length >= 2 && start.type === 'int16' && end.type === 'int16') {
    const unsigned = (value: number): number => (value < 0 ? value + 65536 : value);
    const first = unsigned(start.values[0]) + unsigned(start.values[1]) * 65536;
    const last = unsigned(end.values[0]) + unsigned(end.values[1]) * 65536;
    if (last >= first && last - first + 1 > frames) frames = last - first + 1;
  } else if (framesParameter !== undefined && framesParameter > frames) {
    frames = framesParameter;
  }
  if (!Number.isSafeInteger(frames) || frames < 0) {
    throw malformed(source, `the frame count ${frames} (POINT:LONG_FRAMES) is not a whole number`, { frames });
  }
  // A frame with no points and no analog takes no bytes, so the file size cannot bound
  // the count; the header's 16-bit range does.
  if (frameBytes === 0 && frames > 65536) {
    throw malformed(source, `${frames} frames of no points and no analog data; the file is damaged`, { frames });
  }
  return frames;
}

interface AnalogScaling {
  /** Per channel: SCALE * GEN_SCALE. */
  scales: Float64Array;
  /** Per channel: OFFSET. */
  offsets: Float64Array;
  /** ANALOG:FORMAT "UNSIGNED": integer samples are 0..65535. */
  unsigned: boolean;
}

function analogScales(groups: C3dGroups, channelCount: number, dataFormat: 'integer' | 'float'): AnalogScaling {
  const general = parameterNumber(groups, 'ANALOG', 'GEN_SCALE', 1);
  const scaleValues = findParameter(groups, 'ANALOG', 'SCALE')?.values ?? [];
  const offsetValues = findParameter(groups, 'ANALOG', 'OFFSET')?.values ?? [];
  const unsigned = dataFormat === 'integer' && (findParameter(groups, 'ANALOG', 'FORMAT')?.strings[0] ?? '').toUpperCase() === 'UNSIGNED';
  const scales = new Float64Array(channelCount);
  const offsets = new Float64Array(channelCount);
  for (let channel = 0; channel < channelCount; channel++) {
    // Missing entries fall back to no scaling and no offset rather than failing the file.
    scales[channel] = (scaleValues[channel] ?? 1) * general;
    const offset = offsetValues[channel] ?? 0;
    offsets[channel] = unsigned && offset < 0 ? offset + 65536 : offset;
  }
  return { scales, offsets, unsigned };
}

/** `count` names from `labels`: blanks become "<prefix><N>", repeats get "_<N>" (N 1-based). */
function uniqueNames(labels: readonly string[], count: number, prefix: string): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let index = 0; index < count; index++) {
    const label = (labels[index] ?? '').trim();
    let name = label === '' ? `${prefix}${index + 1}` : label;
    if (used.has(name)) name = `${name}_${index + 1}`;
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    names.push(name);
  }
  return names;
}

export async function readC3dFile(path: string): Promise<C3dFile> {
  return parseC3d(await readBinaryFile(path, 'C3D file'), { source: path });
}
