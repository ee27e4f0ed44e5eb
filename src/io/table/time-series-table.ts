/**
 * A table of signals sampled at common times: the in-memory form of OpenSim .sto/.mot
 * files, of C3D analog channels, and of anything else that is "one time column plus
 * named data columns".
 *
 * Layout: column-major. Each data column is its own Float64Array of length rowCount, so
 * picking a signal by label (the usual access: "knee_angle_r", "ground_force_vy") costs
 * nothing and hands out a contiguous array that solvers can read directly. The time
 * column is kept apart from the data columns because every format treats it apart
 * (OpenSim's "time", TRC's "Time", C3D's frame rate).
 */
import { KinechainError } from '../../core/errors.js';
import { didYouMean } from '../../core/math/edit-distance.js';

export interface TimeSeriesTable {
  /** Label of the time column as written in the file ("time" in OpenSim storage files). */
  readonly timeLabel: string;
  /** Sample times, s; length rowCount. */
  readonly time: Float64Array;
  /** Labels of the data columns, time excluded, in file order; length columnCount. */
  readonly labels: readonly string[];
  /** columns[j][i] = value of column labels[j] at time[i]; columnCount arrays of length rowCount. */
  readonly columns: readonly Float64Array[];
  /**
   * Header key-value pairs in file order (e.g. version, inDegrees, DataType). Keys the
   * reader derives from the data itself (nRows, nColumns) are included as read.
   */
  readonly metadata: ReadonlyMap<string, string>;
}

export interface TimeSeriesTableInput {
  timeLabel?: string;
  time: Float64Array | readonly number[];
  labels: readonly string[];
  columns: readonly (Float64Array | readonly number[])[];
  metadata?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

/**
 * Builds a table, checking that there is one column per label, that every column has
 * one value per time and that labels are unique. Copies plain arrays into Float64Arrays;
 * Float64Arrays are taken as they are (not copied).
 */
export function makeTimeSeriesTable(input: TimeSeriesTableInput): TimeSeriesTable {
  const time = input.time instanceof Float64Array ? input.time : Float64Array.from(input.time);
  if (input.labels.length !== input.columns.length) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `a table needs one column per label: ${input.labels.length} labels but ${input.columns.length} columns`,
      { labels: input.labels.length, columns: input.columns.length },
    );
  }
  const seen = new Set<string>();
  for (const label of input.labels) {
    if (seen.has(label)) {
      throw new KinechainError('MALFORMED_INPUT', `column label "${label}" appears twice; labels must be unique`, { label });
    }
    seen.add(label);
  }
  const columns = input.columns.map((column, index) => {
    const values = column instanceof Float64Array ? column : Float64Array.from(column);
    if (values.length !== time.length) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `column "${input.labels[index]}" has ${values.length} values but the time column has ${time.length}`,
        { label: input.labels[index], values: values.length, rows: time.length },
      );
    }
    return values;
  });
  const metadata = input.metadata instanceof Map ? new Map(input.metadata) : new Map(Object.entries(input.metadata ?? {}));
  return { timeLabel: input.timeLabel ?? 'time', time, labels: [...input.labels], columns, metadata };
}

export function rowCount(table: TimeSeriesTable): number {
  return table.time.length;
}

/** Index of the column with this label (exact match), or -1. */
export function findColumnIndex(table: TimeSeriesTable, label: string): number {
  return table.labels.indexOf(label);
}

/** Index of the column with this label; UNKNOWN_NAME with close labels suggested otherwise. */
export function columnIndex(table: TimeSeriesTable, label: string, source = 'table'): number {
  const index = table.labels.indexOf(label);
  if (index < 0) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `${source} has no column "${label}"${didYouMean(label, table.labels)}; its columns are ${summariseLabels(table.labels)}`,
      { label, source },
    );
  }
  return index;
}

/** The values of the column with this label (the table's own array, length rowCount). */
export function getColumn(table: TimeSeriesTable, label: string, source = 'table'): Float64Array {
  return table.columns[columnIndex(table, label, source)];
}

/** Values of one row, in label order, written into `out` (length columnCount). */
export function getRow(table: TimeSeriesTable, row: number, out: Float64Array = new Float64Array(table.columns.length)): Float64Array {
  if (!Number.isInteger(row) || row < 0 || row >= table.time.length) {
    throw new KinechainError('OUT_OF_RANGE', `row ${row} is outside the table (0..${table.time.length - 1})`, { row });
  }
  for (let column = 0; column < table.columns.length; column++) out[column] = table.columns[column][row];
  return out;
}

/** "a, b, c, ... (N in all)" for messages, so a 300-column table does not flood the terminal. */
export function summariseLabels(labels: readonly string[], shown = 12): string {
  if (labels.length === 0) return '(none)';
  const head = labels.slice(0, shown).map((label) => `"${label}"`).join(', ');
  return labels.length > shown ? `${head}, ... (${labels.length} in all)` : head;
}
