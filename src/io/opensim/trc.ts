/**
 * TRC marker files (Motion Analysis "PathFileType 4 (X/Y/Z)"), the marker format OpenSim
 * reads for scaling and inverse kinematics:
 *
 *   line 1  PathFileType  4  (X/Y/Z)  <file name>
 *   line 2  DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  ...   (keys)
 *   line 3  60.00     60.00       151        41          mm     60.00         ...   (values)
 *   line 4  Frame#  Time  <marker 1>  (2 empty cells)  <marker 2>  ...
 *   line 5  (2 empty cells)  X1  Y1  Z1  X2  Y2  Z2 ...
 *   then (after an optional blank line) one row per frame: frame number, time, x y z per marker.
 *
 * A missing marker is written as three empty cells (or NaN); short rows mean the
 * trailing markers are missing. Positions are converted to metres and the file's unit is
 * recorded in `sourceUnit`.
 */
import { KinechainError } from '../../core/errors.js';
import { makeMarkerTrajectories } from '../table/marker-trajectories.js';
import type { MarkerTrajectories } from '../table/marker-trajectories.js';
import { metresPer, parseLengthUnit } from '../table/length-units.js';
import type { LengthUnit } from '../table/length-units.js';
import { dropTrailingEmpty, formatFixed, parseNumberCell, splitCells, splitLines } from '../table/delimited-text.js';
import { readTextFile, writeFileContents } from '../table/file-access.js';

export interface TrcFile {
  /** The file name given on the PathFileType line ("" if absent). */
  readonly fileName: string;
  /** Positions in m, frame times, presence mask; sourceUnit is the file's Units. */
  readonly markers: MarkerTrajectories;
  /** Camera rate, Hz (CameraRate). */
  readonly cameraRate: number;
  /** All key-value pairs of header lines 2-3 in file order (DataRate, Units, OrigDataRate, ...). */
  readonly header: ReadonlyMap<string, string>;
}

export interface TrcReadOptions {
  /** Names the input in messages; default "TRC file". */
  source?: string;
}

function malformed(source: string, line: number, message: string, details: Record<string, unknown> = {}): KinechainError {
  return new KinechainError('MALFORMED_INPUT', `${source}: line ${line}: ${message}`, { source, line, ...details });
}

/** Parses the text of a .trc file. Errors: MALFORMED_INPUT naming the line and column, UNSUPPORTED units. */
export function parseTrc(text: string, options: TrcReadOptions = {}): TrcFile {
  const source = options.source ?? 'TRC file';
  const lines = splitLines(text);
  if (lines.length < 5) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${source}: a TRC file has at least 5 header lines (PathFileType, header keys, header values, marker names, X/Y/Z labels); found ${lines.length} line(s)`,
      { source },
    );
  }
  const first = splitCells(lines[0]);
  if (first[0] !== 'PathFileType') {
    throw malformed(source, 1, `expected "PathFileType" to start a TRC file, found "${first[0] ?? ''}"`);
  }
  const fileName = first.length >= 4 ? first.slice(3).join(' ') : '';

  const keys = dropTrailingEmpty(splitCells(lines[1]));
  const values = dropTrailingEmpty(splitCells(lines[2]));
  if (values.length < keys.length) {
    throw malformed(source, 3, `${keys.length} header keys on line 2 but only ${values.length} values on line 3; "${keys[values.length]}" has no value`);
  }
  const header = new Map<string, string>();
  keys.forEach((key, index) => header.set(key, values[index]));

  const headerNumber = (key: string, positive: boolean): number => {
    const text = header.get(key);
    if (text === undefined) throw malformed(source, 2, `the header has no ${key}; TRC headers list DataRate, CameraRate, NumFrames, NumMarkers and Units`, { key });
    const column = keys.indexOf(key) + 1;
    const value = parseNumberCell(text, { source, line: 3, column, label: key });
    if (!Number.isFinite(value) || (positive ? value <= 0 : value < 0)) {
      throw malformed(source, 3, `column ${column} (${key}) must be a ${positive ? 'positive' : 'non-negative'} number, found "${text}"`, { key });
    }
    return value;
  };
  const dataRate = headerNumber('DataRate', true);
  const cameraRate = header.has('CameraRate') ? headerNumber('CameraRate', true) : dataRate;
  const declaredFrames = headerNumber('NumFrames', false);
  const declaredMarkers = headerNumber('NumMarkers', false);
  const unitText = header.get('Units');
  if (unitText === undefined) throw malformed(source, 2, 'the header has no Units (mm, cm or m)');
  const sourceUnit = parseLengthUnit(unitText, `${source}: line 3`);
  const toMetres = metresPer(sourceUnit);

  const nameCells = dropTrailingEmpty(splitCells(lines[3]));
  if (nameCells[0] !== 'Frame#' || (nameCells[1] ?? '').toLowerCase() !== 'time') {
    throw malformed(source, 4, `expected the marker-name line to start with "Frame#" and "Time", found "${nameCells.slice(0, 2).join('", "')}"`);
  }
  const markerNames = markerNamesFrom(nameCells, lines[3].includes('\t'), source);
  if (markerNames.length !== declaredMarkers) {
    throw malformed(source, 4, `the header declares NumMarkers ${declaredMarkers} but line 4 names ${markerNames.length} marker(s); fix NumMarkers or the names`, {
      declared: declaredMarkers,
      found: markerNames.length,
    });
  }
  const seen = new Set<string>();
  for (const name of markerNames) {
    if (seen.has(name)) throw malformed(source, 4, `marker "${name}" appears twice; marker names must be unique`, { marker: name });
    seen.add(name);
  }

  // Data starts after line 5 and any blank lines; blank lines among the data are skipped.
  const dataLines: number[] = [];
  for (let index = 5; index < lines.length; index++) {
    if (lines[index].trim() !== '') dataLines.push(index);
  }
  if (dataLines.length !== declaredFrames) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${source}: the header declares NumFrames ${declaredFrames} but the file has ${dataLines.length} data row(s); the file may be truncated, or fix NumFrames`,
      { source, declared: declaredFrames, found: dataLines.length },
    );
  }

  const frames = dataLines.length;
  const markers = markerNames.length;
  const expectedCells = 2 + 3 * markers;
  const time = new Float64Array(frames);
  const frameNumbers = new Float64Array(frames);
  const positions = new Float64Array(frames * markers * 3);
  const present = new Uint8Array(frames * markers);
  const xyz = new Float64Array(3); // one marker's coordinates, file unit
  for (let frame = 0; frame < frames; frame++) {
    const lineNumber = dataLines[frame] + 1;
    const cells = dropTrailingEmpty(splitCells(lines[dataLines[frame]]));
    if (cells.length > expectedCells) {
      throw malformed(source, lineNumber, `${cells.length} cells but Frame#, Time and ${markers} markers x 3 make ${expectedCells}`, { found: cells.length, expected: expectedCells });
    }
    if (cells.length < 2) throw malformed(source, lineNumber, 'a data row needs at least a frame number and a time');
    frameNumbers[frame] = parseNumberCell(cells[0], { source, line: lineNumber, column: 1, label: 'Frame#' });
    time[frame] = parseNumberCell(cells[1], { source, line: lineNumber, column: 2, label: 'Time' });
    if (!Number.isFinite(time[frame])) throw malformed(source, lineNumber, `column 2 (Time) must be finite, found "${cells[1]}"`);
    for (let marker = 0; marker < markers; marker++) {
      const base = 2 + 3 * marker;
      let missing = false;
      for (let axis = 0; axis < 3; axis++) {
        const cell = cells[base + axis] ?? '';
        if (cell === '') {
          missing = true;
          continue;
        }
        xyz[axis] = parseNumberCell(cell, { source, line: lineNumber, column: base + axis + 1, label: `${markerNames[marker]} ${'XYZ'[axis]}` });
        if (!Number.isFinite(xyz[axis])) missing = true;
      }
      const slot = frame * markers + marker;
      if (missing) {
        positions.fill(Number.NaN, slot * 3, slot * 3 + 3);
      } else {
        present[slot] = 1;
        for (let axis = 0; axis < 3; axis++) positions[slot * 3 + axis] = xyz[axis] * toMetres;
      }
    }
  }

  const trajectories = makeMarkerTrajectories({ markerNames, time, frameNumbers, positions, present, frameRate: dataRate, sourceUnit });
  return { fileName, markers: trajectories, cameraRate, header };
}

/**
 * Marker names from line 4. Tab-separated files put each name in the first of its three
 * cells (cells 3, 6, 9, ...); blank-separated files can only list the names.
 */
function markerNamesFrom(cells: string[], tabSeparated: boolean, source: string): string[] {
  if (!tabSeparated) return cells.slice(2);
  const names: string[] = [];
  for (let index = 2; index < cells.length; index++) {
    const cell = cells[index];
    if (cell === '') continue;
    if ((index - 2) % 3 !== 0) {
      throw malformed(source, 4, `marker name "${cell}" is in column ${index + 1}; names belong in columns 3, 6, 9, ... (one per X/Y/Z triple)`, { column: index + 1 });
    }
    names.push(cell);
  }
  return names;
}

export async function readTrcFile(path: string): Promise<TrcFile> {
  return parseTrc(await readTextFile(path, 'TRC file'), { source: path });
}

export interface TrcWriteOptions {
  /** File name written on the first line; default "markers.trc". */
  fileName?: string;
  /** Unit of the written coordinates; default: the trajectories' sourceUnit. */
  units?: LengthUnit;
  /** Decimals for coordinates and time; default 6 (as in OpenSim's example data). */
  decimals?: number;
  /** CameraRate, Hz; default the frame rate. */
  cameraRate?: number;
}

/**
 * The text of a .trc file for `markers`, tab separated, missing markers as empty cells,
 * coordinates converted from m to the chosen unit.
 */
export function formatTrc(markers: MarkerTrajectories, options: TrcWriteOptions = {}): string {
  const units = options.units ?? markers.sourceUnit;
  const decimals = options.decimals ?? 6;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new KinechainError('OUT_OF_RANGE', `decimals must be a whole number from 0 to 100, got ${decimals}`, { decimals });
  }
  const cameraRate = options.cameraRate ?? markers.frameRate;
  const fileName = options.fileName ?? 'markers.trc';
  for (const name of markers.markerNames) {
    if (name.trim() === '' || /[\t\r\n]/.test(name)) {
      throw new KinechainError('MALFORMED_INPUT', `marker name "${name}" cannot be written: names must be non-empty with no tabs or line breaks`, { marker: name });
    }
  }
  if (/[\r\n]/.test(fileName)) throw new KinechainError('MALFORMED_INPUT', 'the TRC file name cannot contain a line break', {});
  const fromMetres = 1 / metresPer(units);
  const frames = markers.time.length;
  const count = markers.markerNames.length;
  const rate = formatRate(markers.frameRate);

  const out: string[] = [
    `PathFileType\t4\t(X/Y/Z)\t${fileName}`,
    'DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames',
    `${rate}\t${formatRate(cameraRate)}\t${frames}\t${count}\t${units}\t${rate}\t${frames > 0 ? formatCount(markers.frameNumbers[0]) : 1}\t${frames}`,
    ['Frame#', 'Time', ...markers.markerNames.map((name) => `${name}\t\t`)].join('\t'),
    ['', '', ...markers.markerNames.map((_, index) => `X${index + 1}\tY${index + 1}\tZ${index + 1}`)].join('\t'),
    '',
  ];
  const cells = new Array<string>(2 + 3 * count);
  for (let frame = 0; frame < frames; frame++) {
    cells[0] = formatCount(markers.frameNumbers[frame]);
    cells[1] = formatFixed(markers.time[frame], decimals);
    for (let marker = 0; marker < count; marker++) {
      const slot = frame * count + marker;
      for (let axis = 0; axis < 3; axis++) {
        cells[2 + 3 * marker + axis] = markers.present[slot] === 1 ? formatFixed(markers.positions[slot * 3 + axis] * fromMetres, decimals) : '';
      }
    }
    out.push(cells.join('\t'));
  }
  return `${out.join('\n')}\n`;
}

/** Rates as "60.00" when two decimals are exact (as motion-capture software writes them), else in full. */
function formatRate(rate: number): string {
  return Number.isInteger(rate * 100) ? rate.toFixed(2) : String(rate);
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value));
}

export async function writeTrcFile(path: string, markers: MarkerTrajectories, options: TrcWriteOptions = {}): Promise<void> {
  await writeFileContents(path, formatTrc(markers, { fileName: path.split(/[\\/]/).pop(), ...options }), 'TRC file');
}
