/**
 * Line and cell splitting and number parsing shared by the text motion formats (.sto,
 * .mot, .trc). Messages name the file, the 1-based line and the 1-based column so a
 * user can go straight to the bad cell.
 */
import { KinechainError } from '../../core/errors.js';

/** The text's lines without their end-of-line characters (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  // A final newline does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Cells of a line. With a tab anywhere the line is tab-separated and empty cells are
 * kept (they mean "missing" in TRC files); otherwise cells are separated by runs of
 * blanks. Cells are trimmed of surrounding blanks.
 */
export function splitCells(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map((cell) => cell.trim());
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** The cells with trailing empty ones (from trailing tabs) removed. */
export function dropTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

const decimalNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const notANumber = /^[+-]?(?:nan|nan\(ind\)|1\.#qnan|1\.#ind)$/i;
const infinity = /^([+-]?)(?:inf|infinity|1\.#inf)$/i;

/** Where a cell sits, for messages. */
export interface CellPlace {
  source: string;
  /** 1-based line number in the file. */
  line: number;
  /** 1-based column number. */
  column: number;
  /** Label of the column, when the format has one. */
  label?: string;
}

export function describePlace(place: CellPlace): string {
  const label = place.label === undefined ? '' : ` ("${place.label}")`;
  return `${place.source}: line ${place.line}, column ${place.column}${label}`;
}

/**
 * The number in a cell: decimal notation, or NaN / Infinity as C and C++ libraries print
 * them ("nan", "-nan", "inf", "1.#QNAN"). Anything else, including an empty cell, is
 * MALFORMED_INPUT naming the line and column.
 */
export function parseNumberCell(cell: string, place: CellPlace): number {
  if (decimalNumber.test(cell)) return Number(cell);
  if (notANumber.test(cell)) return Number.NaN;
  const infinite = infinity.exec(cell);
  if (infinite !== null) return infinite[1] === '-' ? -Infinity : Infinity;
  const found = cell === '' ? 'an empty cell' : `"${cell.length > 40 ? `${cell.slice(0, 40)}...` : cell}"`;
  throw new KinechainError('MALFORMED_INPUT', `${describePlace(place)}: expected a number, found ${found}`, {
    source: place.source,
    line: place.line,
    column: place.column,
    label: place.label,
  });
}

/**
 * A number as C's printf("%W.Df") would print it: D decimals, right-aligned in W
 * characters. NaN and infinities are printed as "NaN", "Infinity" and "-Infinity", which
 * OpenSim's readers accept.
 */
export function formatFixed(value: number, decimals: number, width = 0): string {
  const text = Number.isFinite(value) ? value.toFixed(decimals) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return text.padStart(width);
}
