/**
 * Damaged and random input for the C3D reader: whatever the bytes, it must either return
 * a consistent result or throw a KinechainError (never a RangeError, TypeError or an
 * out-of-memory from a size it did not check). Inputs are kept to a few kilobytes so
 * every run is quick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { makeMarkerTrajectories } from '../table/marker-trajectories.js';
import { makeTimeSeriesTable } from '../table/time-series-table.js';
import type { C3dProcessor } from './c3d-bytes.js';
import { parseC3d } from './c3d-reader.js';
import { formatC3d } from './c3d-writer.js';

function validFile(processor: C3dProcessor, format: 'float' | 'integer'): Uint8Array {
  const frames = 6;
  const names = ['A', 'B', 'C'];
  const markers = makeMarkerTrajectories({
    markerNames: names,
    time: Array.from({ length: frames }, (_, frame) => frame / 100),
    positions: Array.from({ length: frames * names.length * 3 }, (_, index) => (index % 5 === 4 ? Number.NaN : Math.sin(index) * 0.8)),
    frameRate: 100,
  });
  const analog = makeTimeSeriesTable({
    time: Array.from({ length: frames * 2 }, (_, row) => row / 200),
    labels: ['Fz', 'EMG'],
    columns: [Array.from({ length: frames * 2 }, (_, row) => 600 + row), Array.from({ length: frames * 2 }, (_, row) => Math.cos(row) * 1e-3)],
  });
  return formatC3d({
    markers,
    analog,
    processor,
    format,
    forcePlatforms: [{ type: 2, corners: new Float64Array(12).fill(0.2), origin: new Float64Array(3), channels: [1, 2, 1, 2, 1, 2], calibrationMatrix: undefined }],
    groups: [{ name: 'SUBJECTS', parameters: [{ name: 'NAMES', type: 'char', strings: ['s1'] }] }],
  });
}

const bases = [validFile('intel', 'float'), validFile('intel', 'integer'), validFile('dec', 'float'), validFile('mips', 'integer')];

/** Parses and checks the outcome: a consistent result or a KinechainError. */
function parseOrKinechainError(bytes: Uint8Array): void {
  let result;
  try {
    result = parseC3d(bytes);
  } catch (error) {
    if (!(error instanceof KinechainError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  const frames = result.markers.time.length;
  const points = result.markers.markerNames.length;
  expect(result.markers.positions.length).toBe(frames * points * 3);
  expect(result.markers.present.length).toBe(frames * points);
  expect(result.residuals.length).toBe(frames * points);
  for (const column of result.analog.columns) expect(column.length).toBe(result.analog.time.length);
}

const mutation = fc.record({ index: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });

describe('C3D reader on damaged and random input', () => {
  it('reads every undamaged base file', () => {
    for (const bytes of bases) expect(parseC3d(bytes).markers.markerNames).toEqual(['A', 'B', 'C']);
  });

  it('survives random byte changes anywhere in a valid file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 24 }), (base, changes) => {
        const bytes = bases[base].slice();
        for (const { index, value } of changes) bytes[index % bytes.length] = value;
        parseOrKinechainError(bytes);
      }),
      { numRuns: 600 },
    );
  });

  it('survives random byte changes in the header and parameter section', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (base, changes) => {
        const bytes = bases[base].slice();
        const structured = Math.min(bytes.length, 1024);
        for (const { index, value } of changes) bytes[index % structured] = value;
        parseOrKinechainError(bytes);
      }),
      { numRuns: 600 },
    );
  });

  it('survives truncation at any length, with or without byte changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.nat(), fc.array(mutation, { maxLength: 6 }), (base, cut, changes) => {
        const bytes = bases[base].slice(0, cut % (bases[base].length + 1));
        for (const { index, value } of changes) if (bytes.length > 0) bytes[index % bytes.length] = value;
        parseOrKinechainError(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('survives fully random buffers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => parseOrKinechainError(bytes)),
      { numRuns: 300 },
    );
  });

  it('survives random buffers that start like a C3D file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 516, maxLength: 4096 }), fc.integer({ min: 84, max: 86 }), (bytes, processor) => {
        bytes[0] = 2;
        bytes[1] = 0x50;
        bytes[512 + 1] = 0x50;
        bytes[512 + 3] = processor;
        parseOrKinechainError(bytes);
      }),
      { numRuns: 400 },
    );
  });
});
