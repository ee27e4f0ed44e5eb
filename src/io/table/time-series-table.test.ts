import { describe, expect, it } from 'vitest';
import { KinechainError } from '../../core/errors.js';
import { columnIndex, findColumnIndex, getColumn, getRow, makeTimeSeriesTable, rowCount, summariseLabels } from './time-series-table.js';

function caught(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (error instanceof KinechainError) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

describe('TimeSeriesTable', () => {
  const table = makeTimeSeriesTable({
    time: [0, 0.1, 0.2],
    labels: ['hip_flexion_r', 'knee_angle_r', 'ankle_angle_r'],
    columns: [new Float64Array([1, 2, 3]), [4, 5, 6], [7, 8, 9]],
    metadata: { inDegrees: 'yes', version: '1' },
  });

  it('keeps Float64Array columns as given and copies plain arrays', () => {
    const column = new Float64Array([1, 2]);
    const own = makeTimeSeriesTable({ time: [0, 1], labels: ['a'], columns: [column] });
    expect(own.columns[0]).toBe(column);
    expect(table.columns[1]).toBeInstanceOf(Float64Array);
    expect(rowCount(table)).toBe(3);
    expect(table.timeLabel).toBe('time');
    expect([...table.metadata.keys()]).toEqual(['inDegrees', 'version']);
  });

  it('gets columns and rows by label and index', () => {
    expect(Array.from(getColumn(table, 'knee_angle_r'))).toEqual([4, 5, 6]);
    expect(columnIndex(table, 'ankle_angle_r')).toBe(2);
    expect(findColumnIndex(table, 'nothing')).toBe(-1);
    expect(Array.from(getRow(table, 1))).toEqual([2, 5, 8]);
    const out = new Float64Array(3);
    expect(getRow(table, 2, out)).toBe(out);
    expect(caught(() => getRow(table, 3)).code).toBe('OUT_OF_RANGE');
  });

  it('reports an unknown label with the close ones', () => {
    const error = caught(() => getColumn(table, 'knee_angle', 'ik.mot'));
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toContain('ik.mot has no column "knee_angle" (did you mean "knee_angle_r"');
  });

  it('rejects mismatched sizes and repeated labels', () => {
    expect(caught(() => makeTimeSeriesTable({ time: [0, 1], labels: ['a', 'b'], columns: [[1, 2]] })).message).toContain('2 labels but 1 columns');
    expect(caught(() => makeTimeSeriesTable({ time: [0, 1], labels: ['a'], columns: [[1]] })).message).toContain('"a" has 1 values');
    expect(caught(() => makeTimeSeriesTable({ time: [0], labels: ['a', 'a'], columns: [[1], [2]] })).message).toContain('appears twice');
  });

  it('summarises long label lists', () => {
    const labels = Array.from({ length: 20 }, (_, index) => `c${index}`);
    expect(summariseLabels(labels, 2)).toBe('"c0", "c1", ... (20 in all)');
    expect(summariseLabels([])).toBe('(none)');
  });
});
