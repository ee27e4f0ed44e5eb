/**
 * OpenSim storage files (.sto, .mot): a header ending in "endheader", a line of column
 * labels (the first is time), then one row of numbers per time.
 *
 * Two header styles are read:
 * - OpenSim 4 / Storage: the first line is the file's name, then key=value lines
 *   (version, nRows, nColumns, inDegrees, DataType, ...), free description lines, and
 *   "endheader".
 * - SIMM / old .mot: the same first line, then keyword lines ("name X", "datacolumns N",
 *   "datarows N", "range t0 t1", "otherdata 1"), possibly mixed with key=value lines.
 * Cells are tab separated, or separated by blanks when a line has no tab.
 *
 * Values are returned as written: when the header says inDegrees=yes, angles are in
 * degrees and `inDegrees` tells the caller to convert (only the caller knows which
 * columns are angles).
 */
import { KinechainError } from '../../core/errors.js';
import { makeTimeSeriesTable } from '../table/time-series-table.js';
import type { TimeSeriesTable } from '../table/time-series-table.js';
import { dropTrailingEmpty, formatFixed, parseNumberCell, splitCells, splitLines } from '../table/delimited-text.js';
import { readTextFile, writeFileContents } from '../table/file-access.js';

export interface StorageFile {
  /** The file's name line (first header line), e.g. "Coordinates"; "" when the file has none. */
  readonly name: string;
  /** Time column, data columns and header key-values (both key=value and SIMM keywords). */
  readonly table: TimeSeriesTable;
  /** true for inDegrees=yes, false for inDegrees=no, undefined when the header does not say. */
  readonly inDegrees: boolean | undefined;
  /** Header lines that are neither the name, key=value pairs nor SIMM keywords (free text). */
  readonly description: readonly string[];
}

export interface StorageReadOptions {
  /** Names the input in messages (a path or "subject01_IK.mot"); default "storage file". */
  source?: string;
}

/** Keywords of the SIMM motion header: "keyword value..." on one line, always lower case. */
const simmKeywords = new Set(['name', 'datacolumns', 'datarows', 'otherdata', 'range', 'wrap', 'enforce_loops', 'enforce_constraints', 'calc_derivatives', 'keys']);

/** Parses the text of a .sto or .mot file. Errors: MALFORMED_INPUT naming the line and column. */
export function parseStorage(text: string, options: StorageReadOptions = {}): StorageFile {
  const source = options.source ?? 'storage file';
  const lines = splitLines(text);
  const endHeader = lines.findIndex((line) => line.trim().toLowerCase() === 'endheader');
  if (endHeader < 0) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${source}: no "endheader" line; an OpenSim storage file has a header closed by a line "endheader", then the column labels`,
      { source },
    );
  }

  const metadata = new Map<string, string>();
  const description: string[] = [];
  let name = '';
  for (let index = 0; index < endHeader; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    const equals = line.indexOf('=');
    if (equals > 0) {
      metadata.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
      continue;
    }
    if (index === 0) {
      name = line;
      continue;
    }
    const keyword = /^(\S+)\s+(.*)$/.exec(line);
    if (keyword !== null && simmKeywords.has(keyword[1])) {
      metadata.set(keyword[1], keyword[2].trim());
      continue;
    }
    description.push(line);
  }

  const inDegreesText = metadata.get('inDegrees');
  let inDegrees: boolean | undefined;
  if (inDegreesText !== undefined) {
    const lower = inDegreesText.toLowerCase();
    if (lower !== 'yes' && lower !== 'no') {
      const line = lines.findIndex((text) => text.trim().startsWith('inDegrees')) + 1;
      throw new KinechainError('MALFORMED_INPUT', `${source}: line ${line}: inDegrees must be "yes" or "no", found "${inDegreesText}"`, { source, line });
    }
    inDegrees = lower === 'yes';
  }

  // Column labels: the first non-blank line after endheader.
  let labelLine = endHeader + 1;
  while (labelLine < lines.length && lines[labelLine].trim() === '') labelLine++;
  if (labelLine >= lines.length) {
    throw new KinechainError('MALFORMED_INPUT', `${source}: no column labels after "endheader" (line ${endHeader + 1}); expected a line such as "time<TAB>knee_angle_r"`, { source, line: endHeader + 1 });
  }
  const labels = dropTrailingEmpty(splitCells(lines[labelLine]));
  checkLabels(labels, source, labelLine + 1);

  const dataLines: number[] = [];
  for (let index = labelLine + 1; index < lines.length; index++) {
    if (lines[index].trim() !== '') dataLines.push(index);
  }
  const rows = dataLines.length;
  checkDeclaredCount(metadata, ['nRows', 'datarows'], rows, 'rows', source, lines);
  checkDeclaredCount(metadata, ['nColumns', 'datacolumns'], labels.length, 'columns (time included)', source, lines);

  const columns = labels.map(() => new Float64Array(rows));
  for (let row = 0; row < rows; row++) {
    const lineNumber = dataLines[row] + 1;
    const cells = dropTrailingEmpty(splitCells(lines[dataLines[row]]));
    if (cells.length !== labels.length) {
      const detail =
        cells.length < labels.length
          ? `column ${cells.length + 1} ("${labels[cells.length]}") and after are missing`
          : `it has ${cells.length - labels.length} value(s) more than there are labels`;
      throw new KinechainError(
        'MALFORMED_INPUT',
        `${source}: line ${lineNumber}: expected ${labels.length} values (one per column label), found ${cells.length}; ${detail}`,
        { source, line: lineNumber, expected: labels.length, found: cells.length },
      );
    }
    for (let column = 0; column < labels.length; column++) {
      columns[column][row] = parseNumberCell(cells[column], { source, line: lineNumber, column: column + 1, label: labels[column] });
    }
  }

  const table = makeTimeSeriesTable({ timeLabel: labels[0], time: columns[0], labels: labels.slice(1), columns: columns.slice(1), metadata });
  return { name, table, inDegrees, description };
}

function checkLabels(labels: string[], source: string, line: number): void {
  if (labels.length === 0) {
    throw new KinechainError('MALFORMED_INPUT', `${source}: line ${line}: the column-label line is empty`, { source, line });
  }
  const seen = new Map<string, number>();
  for (let column = 0; column < labels.length; column++) {
    const label = labels[column];
    if (label === '') {
      throw new KinechainError('MALFORMED_INPUT', `${source}: line ${line}, column ${column + 1}: empty column label`, { source, line, column: column + 1 });
    }
    const earlier = seen.get(label);
    if (earlier !== undefined) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `${source}: line ${line}: column label "${label}" appears in columns ${earlier + 1} and ${column + 1}; labels must be unique`,
        { source, line, label },
      );
    }
    seen.set(label, column);
  }
}

/** A header count (nRows=, datarows N) that disagrees with the data means a truncated or edited file. */
function checkDeclaredCount(metadata: ReadonlyMap<string, string>, keys: string[], actual: number, what: string, source: string, lines: string[]): void {
  for (const key of keys) {
    const declared = metadata.get(key);
    if (declared === undefined) continue;
    const line = lines.findIndex((text) => text.trim().startsWith(key)) + 1;
    const value = Number(declared);
    if (!Number.isInteger(value) || value < 0) {
      throw new KinechainError('MALFORMED_INPUT', `${source}: line ${line}: ${key} must be a whole number, found "${declared}"`, { source, line, key });
    }
    if (value !== actual) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `${source}: line ${line}: the header declares ${key} ${value} but the file has ${actual} ${what}; the file may be truncated, or fix the header`,
        { source, line, key, declared: value, actual },
      );
    }
  }
}

export async function readStorageFile(path: string): Promise<StorageFile> {
  return parseStorage(await readTextFile(path, 'storage file'), { source: path });
}

export interface StorageWriteOptions {
  /** The name line; default "motion". */
  name?: string;
  /** Written as inDegrees=yes|no; default: the table's inDegrees metadata, else "no". */
  inDegrees?: boolean;
  /** Free description lines written before "endheader" (none may be "endheader" or contain "="). */
  description?: readonly string[];
  /**
   * Decimals per value. OpenSim's Storage prints "%16.8f" (8 decimals, 16 wide, tab
   * separated), which is the default. 'exact' prints the shortest text that reads back
   * to the same double (for lossless round trips).
   */
  decimals?: number | 'exact';
  /**
   * 'opensim' (default): name, version=1, nRows, nColumns, inDegrees, other metadata,
   * description, endheader. 'simm': the old .mot header with datacolumns/datarows/range.
   */
  headerStyle?: 'opensim' | 'simm';
}

/** Header keys the writer derives itself; table metadata under these keys is not copied. */
const derivedKeys = new Set(['version', 'nRows', 'nColumns', 'inDegrees', 'name', 'datacolumns', 'datarows', 'range', 'otherdata']);

/** The text of a .sto/.mot file for `table`, in the layout OpenSim writes. */
export function formatStorage(table: TimeSeriesTable, options: StorageWriteOptions = {}): string {
  const name = options.name ?? 'motion';
  checkHeaderText(name, 'name');
  const rows = table.time.length;
  const columnCount = table.labels.length + 1;
  const metadataDegrees = table.metadata.get('inDegrees');
  const inDegrees = options.inDegrees ?? metadataDegrees?.toLowerCase() === 'yes';
  const decimals = options.decimals ?? 8;
  if (decimals !== 'exact' && (!Number.isInteger(decimals) || decimals < 0 || decimals > 100)) {
    throw new KinechainError('OUT_OF_RANGE', `decimals must be a whole number from 0 to 100 or 'exact', got ${decimals}`, { decimals });
  }
  for (const label of [table.timeLabel, ...table.labels]) {
    if (label.trim() === '' || /[\t\r\n]/.test(label)) {
      throw new KinechainError('MALFORMED_INPUT', `column label "${label}" cannot be written: labels must be non-empty and contain no tabs or line breaks`, { label });
    }
  }

  const out: string[] = [name];
  if ((options.headerStyle ?? 'opensim') === 'simm') {
    const first = rows > 0 ? table.time[0] : 0;
    const last = rows > 0 ? table.time[rows - 1] : 0;
    out.push(`nRows=${rows}`, `nColumns=${columnCount}`, `inDegrees=${inDegrees ? 'yes' : 'no'}`, '', '# SIMM Motion File Header:');
    out.push(`name ${name}`, `datacolumns ${columnCount}`, `datarows ${rows}`, 'otherdata 1', `range ${first.toFixed(6)} ${last.toFixed(6)}`);
  } else {
    out.push('version=1', `nRows=${rows}`, `nColumns=${columnCount}`, `inDegrees=${inDegrees ? 'yes' : 'no'}`);
    for (const [key, value] of table.metadata) {
      if (derivedKeys.has(key)) continue;
      checkHeaderText(key, 'metadata key');
      checkHeaderText(value, `metadata value of ${key}`);
      out.push(`${key}=${value}`);
    }
  }
  for (const line of options.description ?? []) {
    checkHeaderText(line, 'description line');
    if (line.includes('=') || line.trim().toLowerCase() === 'endheader') {
      throw new KinechainError('MALFORMED_INPUT', `description line "${line}" would be read back as a header entry; remove "=" and "endheader"`, { line });
    }
    out.push(line);
  }
  out.push('endheader');
  out.push([table.timeLabel, ...table.labels].join('\t'));

  const format = decimals === 'exact' ? (value: number) => formatExact(value) : (value: number) => formatFixed(value, decimals, 16);
  const cells = new Array<string>(columnCount);
  for (let row = 0; row < rows; row++) {
    cells[0] = format(table.time[row]);
    for (let column = 0; column < table.labels.length; column++) cells[column + 1] = format(table.columns[column][row]);
    out.push(cells.join('\t'));
  }
  return `${out.join('\n')}\n`;
}

function formatExact(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  // String(-0) is "0"; keep the sign so the round trip is exact.
  return Object.is(value, -0) ? '-0' : String(value);
}

function checkHeaderText(text: string, what: string): void {
  if (/[\r\n]/.test(text)) {
    throw new KinechainError('MALFORMED_INPUT', `the ${what} "${text}" contains a line break, which would break the header`, { what });
  }
}

export async function writeStorageFile(path: string, table: TimeSeriesTable, options: StorageWriteOptions = {}): Promise<void> {
  await writeFileContents(path, formatStorage(table, options), 'storage file');
}
