import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { getColumn, makeTimeSeriesTable } from '../table/time-series-table.js';
import { formatStorage, parseStorage, readStorageFile, writeStorageFile } from './storage.js';

const reference = fileURLToPath(new URL('../../../../shared/reference/opensim/', import.meta.url));
const ikPath = join(reference, 'gait10dof18musc/IK/subject01_walk_IK.mot');
const idPath = join(reference, 'gait10dof18musc/ID/Results/subject01_walk_ID.sto');
const grfPath = join(reference, 'gait10dof18musc/ExperimentalData/subject01_walk_grf.mot');
const armIkPath = join(reference, 'arm26/arm26_InverseKinematics.mot');
const armForcePath = join(reference, 'arm26/std_arm26_StaticOptimization_force.sto');

/** The file's lines, split on tabs, as plain numbers: an independent reading to check against. */
async function rawLines(path: string): Promise<string[][]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').map((line) => line.split('\t').map((cell) => cell.trim()));
}

function caught(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('reading OpenSim reference storage files', () => {
  it('reads subject01_walk_IK.mot (OpenSim 4 header, inDegrees=yes) with values equal to the file text', async () => {
    const file = await readStorageFile(ikPath);
    const raw = await rawLines(ikPath);
    expect(file.name).toBe('Coordinates');
    expect(file.inDegrees).toBe(true);
    expect(file.table.metadata.get('version')).toBe('1');
    expect(file.description).toEqual(['Units are S.I. units (second, meters, Newtons, ...)', 'Angles are in degrees.']);
    expect(file.table.timeLabel).toBe('time');
    expect(file.table.labels).toEqual(raw[10].slice(1));
    expect(file.table.labels).toHaveLength(10);
    expect(file.table.time).toHaveLength(151);
    // Line 12 is the first data row, line 162 the last (1-based).
    for (const lineIndex of [11, 86, 161]) {
      const row = lineIndex - 11;
      expect(file.table.time[row]).toBe(Number(raw[lineIndex][0]));
      raw[lineIndex].slice(1).forEach((cell, column) => expect(file.table.columns[column][row]).toBe(Number(cell)));
    }
    expect(getColumn(file.table, 'knee_angle_r')[0]).toBe(-5.12860733);
  });

  it('reads subject01_walk_ID.sto (inDegrees=no) and writes it back byte for byte in the OpenSim layout', async () => {
    const text = await readFile(idPath, 'utf8');
    const file = parseStorage(text, { source: idPath });
    expect(file.inDegrees).toBe(false);
    expect(file.name).toBe('Inverse Dynamics Generalized Forces');
    expect(file.table.time).toHaveLength(151);
    expect(file.table.labels[0]).toBe('pelvis_tilt_moment');
    expect(file.table.time[0]).toBe(-0.0000005);
    expect(formatStorage(file.table, { name: file.name, inDegrees: false })).toBe(text);
  });

  it('writes the IK data lines exactly as OpenSim printed them (%16.8f, tab separated)', async () => {
    const text = await readFile(ikPath, 'utf8');
    const file = parseStorage(text);
    const written = formatStorage(file.table, { name: file.name, description: file.description });
    const originalLines = text.split('\n');
    const writtenLines = written.split('\n');
    const fromLabels = (lines: string[]): string[] => lines.slice(lines.findIndex((line) => line.startsWith('time\t')));
    expect(fromLabels(writtenLines)).toEqual(fromLabels(originalLines));
    expect(writtenLines.slice(0, 5)).toEqual(['Coordinates', 'version=1', 'nRows=151', 'nColumns=11', 'inDegrees=yes']);
  });

  it('reads the ground-reaction .mot with trailing tabs on header lines', async () => {
    const file = await readStorageFile(grfPath);
    const raw = await rawLines(grfPath);
    expect(file.name).toBe('subject01_walk1_grf.mot');
    expect(file.inDegrees).toBe(true);
    expect(file.table.time).toHaveLength(1501);
    expect(file.table.labels).toHaveLength(18);
    expect(file.table.labels.slice(0, 3)).toEqual(['ground_force_vx', 'ground_force_vy', 'ground_force_vz']);
    for (const lineIndex of [7, 700, 1507]) {
      const row = lineIndex - 7;
      expect(file.table.time[row]).toBe(Number(raw[lineIndex][0]));
      raw[lineIndex].slice(1).forEach((cell, column) => expect(file.table.columns[column][row]).toBe(Number(cell)));
    }
    // Vertical ground reaction of a walking adult: positive, below about 1.5 body weights.
    const vertical = getColumn(file.table, 'ground_force_vy');
    expect(Math.max(...vertical)).toBeGreaterThan(500);
    expect(Math.max(...vertical)).toBeLessThan(1500);
  });

  it('reads the SIMM-style arm26 IK header (datacolumns, datarows, range) without inDegrees', async () => {
    const file = await readStorageFile(armIkPath);
    const raw = await rawLines(armIkPath);
    expect(file.name).toBe('inverse kinematics');
    expect(file.inDegrees).toBeUndefined();
    expect(file.table.metadata.get('datacolumns')).toBe('12');
    expect(file.table.metadata.get('datarows')).toBe('121');
    expect(file.table.metadata.get('range')).toBe('0.000000 1.000000');
    expect(file.description).toEqual(['# SIMM Motion File Header:']);
    expect(file.table.time).toHaveLength(121);
    expect(file.table.time[0]).toBe(0);
    expect(file.table.time[120]).toBe(1);
    raw[132].slice(1).forEach((cell, column) => expect(file.table.columns[column][120]).toBe(Number(cell)));
  });

  it('reads arm26 static-optimisation forces printed with 20 decimals', async () => {
    const file = await readStorageFile(armForcePath);
    const raw = await rawLines(armForcePath);
    expect(file.name).toBe('Static Optimization');
    expect(file.description).toEqual(['This file contains static optimization results.']);
    expect(file.table.labels).toEqual(['TRIlong', 'TRIlat', 'TRImed', 'BIClong', 'BICshort', 'BRA']);
    for (const lineIndex of [7, 60, 127]) {
      raw[lineIndex].slice(1).forEach((cell, column) => expect(file.table.columns[column][lineIndex - 7]).toBe(Number(cell)));
    }
    // Muscle forces from static optimisation are tensile: never negative.
    for (const column of file.table.columns) expect(Math.min(...column)).toBeGreaterThanOrEqual(0);
  });

  it('reads the other arm26 results (activations, inverse dynamics) with every value equal to the file text', async () => {
    for (const name of ['std_arm26_StaticOptimization_activation.sto', 'std_arm26_InverseDynamics.sto']) {
      const path = join(reference, 'arm26', name);
      const file = await readStorageFile(path);
      const raw = await rawLines(path);
      const first = raw.findIndex((cells) => cells[0] === 'time') + 1;
      expect(file.table.time).toHaveLength(121);
      for (let row = 0; row < 121; row++) {
        expect(file.table.time[row]).toBe(Number(raw[first + row][0]));
        raw[first + row].slice(1).forEach((cell, column) => expect(file.table.columns[column][row]).toBe(Number(cell)));
      }
    }
  });
});

describe('storage round trips', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kinechain-storage-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const table = makeTimeSeriesTable({
    time: [0, 0.01, 0.02, 0.03],
    labels: ['hip_flexion_r', 'knee_angle_r', 'ground_force_vy'],
    columns: [
      [0.1234567891234, -1.5, 2e-9, Math.PI],
      [Number.NaN, 0, -0, 1 / 3],
      [812.25, -1e6, 123456.789012345, Number.POSITIVE_INFINITY],
    ],
    metadata: { DataType: 'double', OpenSimVersion: '4.5' },
  });

  it('writes with 8 decimals and reads back within half a unit of the last digit', async () => {
    const path = join(folder, 'fixed.sto');
    await writeStorageFile(path, table, { name: 'test', inDegrees: true });
    const file = await readStorageFile(path);
    expect(file.name).toBe('test');
    expect(file.inDegrees).toBe(true);
    expect(file.table.labels).toEqual(table.labels);
    expect(file.table.metadata.get('DataType')).toBe('double');
    expect(file.table.metadata.get('OpenSimVersion')).toBe('4.5');
    table.columns.forEach((column, index) => {
      column.forEach((value, row) => {
        const back = file.table.columns[index][row];
        if (Number.isFinite(value)) expect(Math.abs(back - value)).toBeLessThanOrEqual(0.5e-8 + Math.abs(value) * 1e-15);
        else expect(Object.is(back, value)).toBe(true);
      });
    });
  });

  it("writes with decimals 'exact' and reads back the same doubles", () => {
    const file = parseStorage(formatStorage(table, { decimals: 'exact' }));
    table.columns.forEach((column, index) => expect(Array.from(file.table.columns[index])).toEqual(Array.from(column)));
    expect(Array.from(file.table.time)).toEqual(Array.from(table.time));
  });

  it('writes the SIMM header style and reads it back', () => {
    const text = formatStorage(table, { headerStyle: 'simm', decimals: 'exact', name: 'old style' });
    expect(text).toContain('datacolumns 4\ndatarows 4\notherdata 1\nrange 0.000000 0.030000\nendheader');
    const file = parseStorage(text);
    expect(file.name).toBe('old style');
    expect(file.inDegrees).toBe(false);
    expect(Array.from(file.table.columns[2])).toEqual(Array.from(table.columns[2]));
  });
});

describe('storage parsing details and errors', () => {
  const header = 'name\nversion=1\nnRows=2\nnColumns=3\ninDegrees=no\nendheader\n';

  it('reads blank-separated files', () => {
    const file = parseStorage('legacy\ndatacolumns 3\ndatarows 2\nendheader\ntime a b\n0 1 2\n0.5   3  4\n');
    expect(file.table.labels).toEqual(['a', 'b']);
    expect(Array.from(file.table.columns[1])).toEqual([2, 4]);
  });

  it('reads NaN spelled as C and C++ print it', () => {
    const file = parseStorage(`${header}time\ta\tb\n0\tnan\t-nan\n1\tNaN\t1.#QNAN\n`);
    for (const column of file.table.columns) for (const value of column) expect(Number.isNaN(value)).toBe(true);
  });

  it('names the line, column and label of a cell that is not a number', () => {
    const error = caught(() => parseStorage(`${header}time\ta\tb\n0\t1\t2\n1\t2\tabc\n`, { source: 'bad.sto' }));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain('bad.sto: line 9, column 3 ("b")');
    expect(error.message).toContain('"abc"');
  });

  it('reports a short row with the first missing column', () => {
    const error = caught(() => parseStorage(`${header}time\ta\tb\n0\t1\t2\n1\t2\n`));
    expect(error.code).toBe('MALFORMED_INPUT');
    expect(error.message).toContain('line 9');
    expect(error.message).toContain('"b"');
  });

  it('reports a row count that disagrees with nRows (a truncated file)', () => {
    const error = caught(() => parseStorage(`${header}time\ta\tb\n0\t1\t2\n`));
    expect(error.message).toContain('nRows 2');
    expect(error.message).toContain('line 3');
  });

  it('rejects a file without endheader, duplicate labels and a bad inDegrees', () => {
    expect(caught(() => parseStorage('name\nversion=1\ntime\ta\n0\t1\n')).message).toContain('endheader');
    expect(caught(() => parseStorage('n\nendheader\ntime\ta\ta\n0\t1\t2\n')).message).toContain('"a" appears in columns 2 and 3');
    expect(caught(() => parseStorage('n\ninDegrees=maybe\nendheader\ntime\n0\n')).message).toContain('line 2: inDegrees');
    expect(caught(() => parseStorage('n\nendheader\n\n')).message).toContain('no column labels');
  });

  it('suggests close column labels for an unknown one', () => {
    const file = parseStorage(`${header}time\tknee_angle_r\tknee_angle_l\n0\t1\t2\n1\t2\t3\n`);
    const error = caught(() => getColumn(file.table, 'knee_angle', 'ik.mot'));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toContain('did you mean "knee_angle_l", "knee_angle_r"?');
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    await expect(readStorageFile(join(tmpdir(), 'kinechain-no-such-file.sto'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('refuses to write header text that would corrupt the file', () => {
    const small = makeTimeSeriesTable({ time: [0], labels: ['a'], columns: [[1]] });
    expect(caught(() => formatStorage(small, { name: 'two\nlines' })).code).toBe('MALFORMED_INPUT');
    expect(caught(() => formatStorage(small, { description: ['x=1'] })).code).toBe('MALFORMED_INPUT');
    expect(caught(() => formatStorage(small, { decimals: -1 })).code).toBe('OUT_OF_RANGE');
  });
});
