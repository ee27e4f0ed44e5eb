import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { makeMarkerTrajectories } from '../table/marker-trajectories.js';
import type { MarkerTrajectories } from '../table/marker-trajectories.js';
import { makeTimeSeriesTable } from '../table/time-series-table.js';
import type { C3dProcessor } from './c3d-bytes.js';
import { findParameter, getParameter, parameterStrings } from './c3d-parameters.js';
import { parseC3d, readC3dFile } from './c3d-reader.js';
import { formatC3d, writeC3dFile } from './c3d-writer.js';
import type { C3dWriteInput } from './c3d-writer.js';

function caught(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

// ---------------------------------------------------------------------------------------
// A C3D file assembled byte by byte from the format's description, independently of the
// writer, so the reader is checked against the specification and not only against itself.

interface RecordSpec {
  group: number; // negative: a group record
  name: string;
  type?: -1 | 1 | 2 | 4;
  dimensions?: number[];
  values?: number[];
  text?: string;
}

function handBuiltIntegerFile(bigEndian: boolean, unsignedAnalog = false): Uint8Array {
  const bytes = new Uint8Array(512 * 3);
  const view = new DataView(bytes.buffer);
  const little = !bigEndian;
  bytes[0] = 2;
  bytes[1] = 0x50;
  view.setUint16(2, 2, little); // points
  view.setUint16(4, 4, little); // analog values per frame: 2 channels x 2 samples
  view.setUint16(6, 1, little); // first frame
  view.setUint16(8, 3, little); // last frame
  view.setFloat32(12, 0.5, little); // positive scale: integer data
  view.setUint16(16, 3, little); // data block
  view.setUint16(18, 2, little); // analog samples per frame
  view.setFloat32(20, 100, little);

  const records: RecordSpec[] = [
    { group: -1, name: 'POINT' },
    { group: 1, name: 'USED', type: 2, values: [2] },
    { group: 1, name: 'SCALE', type: 4, values: [0.5] },
    { group: 1, name: 'RATE', type: 4, values: [100] },
    { group: 1, name: 'LABELS', type: -1, dimensions: [4, 2], text: 'HEELTOE ' },
    { group: 1, name: 'UNITS', type: -1, dimensions: [2], text: 'mm' },
    { group: -2, name: 'ANALOG' },
    { group: 2, name: 'USED', type: 2, values: [2] },
    { group: 2, name: 'LABELS', type: -1, dimensions: [3, 2], text: 'FZ EMG' },
    { group: 2, name: 'SCALE', type: 4, dimensions: [2], values: [0.25, 2] },
    { group: 2, name: 'OFFSET', type: 2, dimensions: [2], values: [100, unsignedAnalog ? 0 : -3] },
    { group: 2, name: 'GEN_SCALE', type: 4, values: [4] },
    { group: 2, name: 'RATE', type: 4, values: [200] },
    { group: 2, name: 'UNITS', type: -1, dimensions: [1, 2], text: 'NV' },
  ];
  if (unsignedAnalog) records.push({ group: 2, name: 'FORMAT', type: -1, dimensions: [8], text: 'UNSIGNED' });
  bytes.set([1, 0x50, 1, 86 - (bigEndian ? 0 : 2)], 512);
  let offset = 516;
  records.forEach((record, index) => {
    bytes[offset] = record.name.length;
    view.setInt8(offset + 1, record.group);
    for (let i = 0; i < record.name.length; i++) bytes[offset + 2 + i] = record.name.charCodeAt(i);
    const field = offset + 2 + record.name.length;
    let at = field + 2;
    if (record.group > 0) {
      view.setInt8(at, record.type!);
      const dimensions = record.dimensions ?? [];
      bytes[at + 1] = dimensions.length;
      dimensions.forEach((size, i) => (bytes[at + 2 + i] = size));
      at += 2 + dimensions.length;
      if (record.text !== undefined) {
        for (let i = 0; i < record.text.length; i++) bytes[at + i] = record.text.charCodeAt(i);
        at += record.text.length;
      }
      for (const value of record.values ?? []) {
        if (record.type === 2) view.setInt16(at, value, little);
        else view.setFloat32(at, value, little);
        at += record.type!;
      }
    }
    bytes[at] = 0; // no description
    at += 1;
    view.setInt16(field, index === records.length - 1 ? 0 : at - field, little);
    offset = at;
  });

  let data = 1024;
  for (let frame = 0; frame < 3; frame++) {
    for (let point = 0; point < 2; point++) {
      view.setInt16(data, 10 * frame + point, little);
      view.setInt16(data + 2, -20, little);
      view.setInt16(data + 4, 1000 + frame, little);
      view.setInt16(data + 6, frame === 1 && point === 1 ? -1 : (0b101 << 8) | 7, little);
      data += 8;
    }
    for (let sample = 0; sample < 2; sample++) {
      view.setInt16(data, 500 + 10 * frame + sample, little);
      view.setInt16(data + 2, -3 - (frame + sample), little);
      data += 4;
    }
  }
  return bytes;
}

describe('reading a C3D file built byte by byte from the specification', () => {
  for (const [bigEndian, unsignedAnalog] of [
    [false, false],
    [true, false],
    [false, true],
  ]) {
    const kind = `${bigEndian ? 'SGI/MIPS (big-endian)' : 'Intel'}${unsignedAnalog ? ', ANALOG:FORMAT UNSIGNED' : ''}`;
    it(`reads an integer-format ${kind} file: scaled points, residual word, analog offset and scales`, () => {
      // With UNSIGNED, the second channel's bits for -3 - k read as 65533 - k (its OFFSET is 0 then).
      const file = parseC3d(handBuiltIntegerFile(bigEndian, unsignedAnalog));
      expect(file.processor).toBe(bigEndian ? 'mips' : 'intel');
      expect(file.dataFormat).toBe('integer');
      expect(file.markers.markerNames).toEqual(['HEEL', 'TOE']);
      expect(file.markers.frameRate).toBe(100);
      expect(Array.from(file.markers.time)).toEqual([0, 0.01, 0.02]);
      expect(Array.from(file.markers.frameNumbers)).toEqual([1, 2, 3]);
      for (let frame = 0; frame < 3; frame++) {
        for (let point = 0; point < 2; point++) {
          const slot = frame * 2 + point;
          if (frame === 1 && point === 1) {
            expect(file.markers.present[slot]).toBe(0);
            expect(Number.isNaN(file.markers.positions[slot * 3])).toBe(true);
            expect(Number.isNaN(file.residuals[slot])).toBe(true);
            continue;
          }
          expect(file.markers.present[slot]).toBe(1);
          // raw x POINT:SCALE (0.5) in mm, then mm -> m.
          expect(file.markers.positions[slot * 3]).toBeCloseTo((10 * frame + point) * 0.5e-3, 15);
          expect(file.markers.positions[slot * 3 + 1]).toBeCloseTo(-20 * 0.5e-3, 15);
          expect(file.markers.positions[slot * 3 + 2]).toBeCloseTo((1000 + frame) * 0.5e-3, 15);
          // Low byte 7 x |scale| 0.5 mm; high byte 0b101: cameras 1 and 3.
          expect(file.residuals[slot]).toBeCloseTo(3.5e-3, 15);
          expect(file.cameraMasks[slot]).toBe(5);
        }
      }
      expect(file.analog.labels).toEqual(['FZ', 'EMG']);
      expect(file.analogUnits).toEqual(['N', 'V']);
      expect(file.analogRate).toBe(200);
      expect(file.analogSamplesPerFrame).toBe(2);
      expect(Array.from(file.analog.time)).toEqual([0, 0.005, 0.01, 0.015, 0.02, 0.025]);
      for (let frame = 0; frame < 3; frame++) {
        for (let sample = 0; sample < 2; sample++) {
          const row = frame * 2 + sample;
          // (raw - OFFSET) x SCALE x GEN_SCALE
          expect(file.analog.columns[0][row]).toBe((500 + 10 * frame + sample - 100) * 0.25 * 4);
          const raw = unsignedAnalog ? 65533 - (frame + sample) : -3 - (frame + sample);
          expect(file.analog.columns[1][row]).toBe((raw - (unsignedAnalog ? 0 : -3)) * 2 * 4);
        }
      }
      expect(getParameter(file.groups, 'analog', 'offset').values).toEqual([100, unsignedAnalog ? 0 : -3]);
      expect(getParameter(file.groups, 'POINT', 'LABELS').dimensions).toEqual([4, 2]);
    });
  }
});

// ---------------------------------------------------------------------------------------
// Round trips through the writer.

function sampleMarkers(frames: number, names: string[], seed: number): MarkerTrajectories {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const positions = Array.from({ length: frames * names.length * 3 }, () => (random() - 0.5) * 4);
  const present = Uint8Array.from({ length: frames * names.length }, () => (random() < 0.15 ? 0 : 1));
  return makeMarkerTrajectories({
    markerNames: names,
    time: Array.from({ length: frames }, (_, frame) => frame / 150),
    frameNumbers: Array.from({ length: frames }, (_, frame) => frame + 1),
    positions,
    present,
    frameRate: 150,
    sourceUnit: 'mm',
  });
}

function sampleInput(): C3dWriteInput {
  const frames = 12;
  const markers = sampleMarkers(frames, ['LASI', 'RASI', 'LHEE', 'RHEE', 'LTOE'], 7);
  const samplesPerFrame = 4;
  const rows = frames * samplesPerFrame;
  const analog = makeTimeSeriesTable({
    time: Array.from({ length: rows }, (_, row) => row / 600),
    labels: ['Fx1', 'Fy1', 'Fz1', 'Mx1', 'My1', 'Mz1', 'EMG gastrocnemius'],
    columns: Array.from({ length: 7 }, (_, channel) => Array.from({ length: rows }, (_, row) => Math.sin(row * 0.3 + channel) * 10 ** (channel % 4))),
  });
  const residuals = Float64Array.from({ length: frames * 5 }, (_, slot) => (slot % 7) * 2e-4);
  const cameraMasks = Uint8Array.from({ length: frames * 5 }, (_, slot) => slot % 128);
  return {
    markers,
    residuals,
    cameraMasks,
    analog,
    analogUnits: ['N', 'N', 'N', 'Nmm', 'Nmm', 'Nmm', 'V'],
    forcePlatforms: [
      {
        type: 4,
        corners: Float64Array.from([0.6, 0, 0.4, 0, 0, 0.4, 0, 0, 0, 0.6, 0, 0]),
        origin: Float64Array.from([0.001, -0.002, -0.035]),
        channels: [1, 2, 3, 4, 5, 6],
        calibrationMatrix: Float64Array.from({ length: 36 }, (_, index) => (index % 7 === 0 ? 1 : index * 0.01)),
      },
    ],
    groups: [
      {
        name: 'SUBJECTS',
        description: 'Who was measured',
        parameters: [
          { name: 'NAMES', type: 'char', strings: ['subject01'], description: 'Subject names', dimensions: [9, 1] },
          { name: 'USED', type: 'int16', values: [1], locked: true },
        ],
      },
      {
        name: 'CUSTOM',
        parameters: [
          { name: 'MATRIX', type: 'float', dimensions: [2, 3], values: [1.5, -2.25, 3, 4.125, 5, 6] },
          { name: 'FLAGS', type: 'byte', dimensions: [3], values: [0, 200, 255] },
        ],
      },
    ],
    events: [
      { label: 'RHS', time: 0.02, displayed: true },
      { label: 'LTO', time: 0.05, displayed: false },
    ],
  };
}

const float32Tolerance = 2 ** -23;

describe('C3D write then read', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kinechain-c3d-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const cases: { processor: C3dProcessor; format: 'float' | 'integer' }[] = [
    { processor: 'intel', format: 'float' },
    { processor: 'intel', format: 'integer' },
    { processor: 'dec', format: 'float' },
    { processor: 'dec', format: 'integer' },
    { processor: 'mips', format: 'float' },
    { processor: 'mips', format: 'integer' },
  ];
  for (const { processor, format } of cases) {
    it(`round-trips markers, residuals, analog, force plates, parameters and events (${processor}, ${format})`, async () => {
      const input = { ...sampleInput(), processor, format };
      const path = join(folder, `${processor}-${format}.c3d`);
      await writeC3dFile(path, input);
      const file = await readC3dFile(path);
      expect(file.processor).toBe(processor);
      expect(file.dataFormat).toBe(format);
      expect(file.header.scaleFactor < 0).toBe(format === 'float');

      const markers = input.markers;
      expect(file.markers.markerNames).toEqual(markers.markerNames);
      expect(file.markers.frameRate).toBe(150);
      expect(file.markers.sourceUnit).toBe('mm');
      expect(Array.from(file.markers.present)).toEqual(Array.from(markers.present));
      expect(Array.from(file.markers.frameNumbers)).toEqual(Array.from(markers.frameNumbers));
      const pointScale = Math.abs(getParameter(file.groups, 'POINT', 'SCALE').values[0]) * 1e-3; // m per count
      let largest = 0;
      markers.positions.forEach((value) => (largest = Number.isNaN(value) ? largest : Math.max(largest, Math.abs(value))));
      markers.positions.forEach((value, index) => {
        const back = file.markers.positions[index];
        if (Number.isNaN(value)) {
          expect(Number.isNaN(back)).toBe(true);
          return;
        }
        // Float files keep single precision; integer files round to half a count.
        const tolerance = format === 'float' ? Math.abs(value) * float32Tolerance * 2 : pointScale * 0.5 * (1 + 1e-6);
        expect(Math.abs(back - value)).toBeLessThanOrEqual(tolerance);
      });
      expect(pointScale * 32000).toBeGreaterThan(format === 'integer' ? largest * (1 - 1e-6) : 0);
      for (let slot = 0; slot < markers.present.length; slot++) {
        if (markers.present[slot] === 0) continue;
        expect(Math.abs(file.residuals[slot] - input.residuals![slot])).toBeLessThanOrEqual(pointScale * 0.5 * (1 + 1e-6));
        expect(file.cameraMasks[slot]).toBe(input.cameraMasks![slot]);
      }

      expect(file.analog.labels).toEqual(input.analog!.labels);
      expect(file.analogUnits).toEqual(input.analogUnits);
      expect(file.analogSamplesPerFrame).toBe(4);
      expect(file.analogRate).toBe(600);
      const analogScales = getParameter(file.groups, 'ANALOG', 'SCALE').values;
      input.analog!.columns.forEach((column, channel) => {
        column.forEach((value, row) => {
          const tolerance = format === 'float' ? Math.abs(value) * float32Tolerance : analogScales[channel] * 0.5 * (1 + 1e-6);
          expect(Math.abs(file.analog.columns[channel][row] - value)).toBeLessThanOrEqual(tolerance);
        });
      });
      file.analog.time.forEach((time, row) => expect(time).toBeCloseTo(row / 600, 12));

      expect(file.forcePlatforms).toHaveLength(1);
      const plate = file.forcePlatforms[0];
      const written = input.forcePlatforms![0];
      expect(plate.type).toBe(4);
      expect(plate.channels).toEqual([1, 2, 3, 4, 5, 6]);
      plate.corners.forEach((value, index) => expect(value).toBeCloseTo(written.corners[index], 7));
      plate.origin.forEach((value, index) => expect(value).toBeCloseTo(written.origin[index], 7));
      plate.calibrationMatrix!.forEach((value, index) => expect(value).toBeCloseTo(written.calibrationMatrix![index], 6));

      expect(parameterStrings(file.groups, 'SUBJECTS', 'NAMES')).toEqual(['subject01']);
      expect(getParameter(file.groups, 'SUBJECTS', 'USED').locked).toBe(true);
      expect(getParameter(file.groups, 'SUBJECTS', 'NAMES').description).toBe('Subject names');
      expect(file.groups.get('SUBJECTS')!.description).toBe('Who was measured');
      const matrix = getParameter(file.groups, 'custom', 'matrix');
      expect(matrix.dimensions).toEqual([2, 3]);
      expect(matrix.values).toEqual([1.5, -2.25, 3, 4.125, 5, 6]);
      expect(getParameter(file.groups, 'CUSTOM', 'FLAGS').values).toEqual([0, 200, 255]);

      expect(file.header.events).toHaveLength(2);
      expect(file.header.events[0].label).toBe('RHS');
      expect(file.header.events[0].time).toBeCloseTo(0.02, 7);
      expect(file.header.events[0].displayed).toBe(true);
      expect(file.header.events[1].displayed).toBe(false);
    });
  }

  it('writes a file read back as float data with a negative POINT:SCALE whose magnitude scales residuals', () => {
    const file = parseC3d(formatC3d(sampleInput()));
    const scale = getParameter(file.groups, 'POINT', 'SCALE').values[0];
    expect(scale).toBeLessThan(0);
    expect(file.header.scaleFactor).toBeCloseTo(scale, 7);
  });

  it('keeps other groups when a read file is written again, without stale generated parameters', () => {
    const first = parseC3d(formatC3d(sampleInput()));
    const fewer = makeMarkerTrajectories({
      markerNames: ['A'],
      time: first.markers.time,
      positions: new Float64Array(first.markers.time.length * 3).fill(0.25),
      frameRate: first.markers.frameRate,
    });
    const second = parseC3d(formatC3d({ markers: fewer, groups: first.groups }));
    expect(second.markers.markerNames).toEqual(['A']);
    expect(second.analog.labels).toEqual([]);
    expect(parameterStrings(second.groups, 'SUBJECTS', 'NAMES')).toEqual(['subject01']);
    expect(findParameter(second.groups, 'POINT', 'LABELS')!.strings).toEqual(['A']);
    // The plate description came along from the first file's groups.
    expect(second.forcePlatforms).toHaveLength(1);
  });

  it('writes and reads more than 255 markers through POINT:LABELS2', () => {
    const names = Array.from({ length: 300 }, (_, index) => `M${index + 1}`);
    const markers = sampleMarkers(3, names, 3);
    const file = parseC3d(formatC3d({ markers }));
    expect(findParameter(file.groups, 'POINT', 'LABELS')!.strings).toHaveLength(255);
    expect(findParameter(file.groups, 'POINT', 'LABELS2')!.strings).toHaveLength(45);
    expect(file.markers.markerNames).toEqual(names);
  });

  it('writes and reads more than 65535 frames (POINT:LONG_FRAMES, TRIAL fields)', () => {
    const frames = 70000;
    const markers = makeMarkerTrajectories({
      markerNames: ['A'],
      time: Float64Array.from({ length: frames }, (_, frame) => frame / 1000),
      positions: Float64Array.from({ length: frames * 3 }, (_, index) => index * 1e-5),
      frameRate: 1000,
    });
    const file = parseC3d(formatC3d({ markers }));
    expect(file.header.lastFrame).toBe(65535);
    expect(file.markers.time).toHaveLength(frames);
    expect(file.markers.positions[(frames - 1) * 3 + 2]).toBeCloseTo((frames * 3 - 1) * 1e-5, 6);
    expect(getParameter(file.groups, 'TRIAL', 'ACTUAL_END_FIELD').values).toEqual([frames % 65536, 1]);
    // Written again with fewer frames, the long-recording fields must not come along.
    const short = parseC3d(formatC3d({ markers: sampleMarkers(3, ['A'], 5), groups: file.groups }));
    expect(short.markers.time).toHaveLength(3);
    expect(findParameter(short.groups, 'POINT', 'LONG_FRAMES')).toBeUndefined();
  });

  it('writes and reads a file with no frames and a file with metres as the point unit', () => {
    const empty = makeMarkerTrajectories({ markerNames: ['A', 'B'], time: [], positions: [], frameRate: 50 });
    const file = parseC3d(formatC3d({ markers: empty }));
    expect(file.markers.time).toHaveLength(0);
    expect(file.markers.markerNames).toEqual(['A', 'B']);
    const markers = sampleMarkers(4, ['A'], 11);
    const metres = parseC3d(formatC3d({ markers, pointUnits: 'm' }));
    expect(metres.pointUnits).toBe('m');
    markers.positions.forEach((value, index) => {
      if (!Number.isNaN(value)) expect(Math.abs(metres.markers.positions[index] - value)).toBeLessThanOrEqual(Math.abs(value) * float32Tolerance);
    });
  });

  it('suggests close names for an unknown group or parameter', () => {
    const file = parseC3d(formatC3d(sampleInput()));
    const group = caught(() => getParameter(file.groups, 'PIONT', 'RATE'));
    expect(group.code).toBe('UNKNOWN_NAME');
    expect(group.message).toContain('"POINT"');
    const parameter = caught(() => getParameter(file.groups, 'POINT', 'LABLES'));
    expect(parameter.message).toContain('"LABELS"');
  });
});

describe('C3D damaged files', () => {
  const valid = (): Uint8Array => formatC3d(sampleInput());

  it('rejects a file that is not C3D or is too short', () => {
    expect(caught(() => parseC3d(new Uint8Array(100))).message).toContain('512-byte header');
    const notC3d = valid();
    notC3d[1] = 0x51;
    expect(caught(() => parseC3d(notC3d)).message).toContain('not a C3D file');
  });

  it('names an unknown processor type', () => {
    const bytes = valid();
    bytes[512 + 3] = 99;
    const error = caught(() => parseC3d(bytes));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('processor type 99');
  });

  it('refuses a truncated data section with the offset instead of reading past the end', () => {
    const bytes = valid();
    const error = caught(() => parseC3d(bytes.subarray(0, bytes.length - 600)));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toMatch(/offset \d+/);
    expect(error.details).toMatchObject({ fileLength: bytes.length - 600 });
  });

  it('refuses header counts far beyond the bytes present before allocating', () => {
    const bytes = valid();
    const view = new DataView(bytes.buffer);
    view.setUint16(2, 65535, true); // points
    view.setUint16(8, 65535, true); // last frame
    const error = caught(() => parseC3d(bytes));
    expect(error.code).toBe('MALFORMED_INPUT');
  });

  it('refuses parameter dimensions that ask for more bytes than the file holds', () => {
    const bytes = valid();
    // POINT:USED is the first parameter: group record "POINT" (2 + 5 + 2 + 1 bytes) then
    // the parameter's name length, group, "USED", offset, type and dimension count.
    const used = 512 + 4 + 10;
    expect(String.fromCharCode(...bytes.subarray(used + 2, used + 6))).toBe('USED');
    bytes[used + 9] = 7; // seven dimensions
    bytes.fill(255, used + 10, used + 17); // of 255 each
    const error = caught(() => parseC3d(bytes));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain('USED');
  });

  it('refuses a parameter record pointing backwards', () => {
    const bytes = valid();
    new DataView(bytes.buffer).setInt16(512 + 4 + 7, -20, true);
    expect(caught(() => parseC3d(bytes)).message).toContain('points backwards');
  });
});
