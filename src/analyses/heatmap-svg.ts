/**
 * A sensitivity matrix drawn as a standalone SVG heatmap: rows (parameters) down the left,
 * columns (regional outputs, optionally grouped, e.g. "standing" / "toe-touch") across the
 * top, one coloured cell per entry, a diverging colour scale centred on 0 and a legend.
 *
 * - Colour: ColorBrewer RdBu (Brewer 2002, colorbrewer2.org), blue for a decrease, near
 *   white for no change, red for an increase, interpolated linearly in sRGB between its
 *   anchors. The scale is symmetric, [-limit, +limit], so equal magnitudes get equal
 *   saturation on both sides; values beyond the limit take the end colour (the cell's
 *   hover text still gives the exact number). Columns in different units (a load change
 *   in %, a reach change in cm) get one scale and one legend per unit.
 * - Cells without a value (NaN: e.g. a relative change of an output that is zero at
 *   baseline) are drawn grey and say why in their hover text.
 * - Hover: each cell carries a <title> (shown as a tooltip by every SVG viewer) with the
 *   row, the column, the value with its unit and interval, and any note.
 * - Pure string building: no DOM, no fonts to load, no external resources; the output is
 *   a well-formed XML document with every text escaped.
 */
import { KinechainError } from '../core/errors.js';

/** A group of consecutive columns sharing a heading (e.g. the outputs of one analysis). */
export interface HeatmapColumnGroup {
  readonly label: string;
  /** Index of the first column of the group and how many columns it spans. */
  readonly start: number;
  readonly count: number;
}

export interface HeatmapMatrix {
  readonly title: string;
  /** One line under the title, e.g. how to read the numbers. */
  readonly subtitle?: string;
  readonly rowLabels: readonly string[];
  readonly columnLabels: readonly string[];
  readonly columnGroups?: readonly HeatmapColumnGroup[];
  /** [rows*columns] row-major values; NaN = no value. */
  readonly values: ArrayLike<number>;
  /** [rows*columns] interval ends, shown in the hover text when given. */
  readonly low?: ArrayLike<number>;
  readonly high?: ArrayLike<number>;
  /** [rows*columns] extra hover text per cell (e.g. the absolute change), "" for none. */
  readonly notes?: readonly string[];
  /** Unit of the values, shown in the legend and hover text (e.g. "% per 10%"). */
  readonly unit: string;
  /**
   * Unit of each column when the columns differ (e.g. "% per 10%" for loads, "cm per 10%"
   * for a reach). Each distinct unit gets its own colour scale and legend.
   */
  readonly columnUnits?: readonly string[];
}

export interface HeatmapOptions {
  /**
   * Half-width of the colour scale of each unit (values at +-limit take the end colours).
   * Default: the largest |value| of the unit's columns, at least 1e-12.
   */
  readonly limits?: Readonly<Record<string, number>>;
  /** Cell size in px. Defaults 46 x 20. */
  readonly cellWidth?: number;
  readonly cellHeight?: number;
  /** Write the rounded value inside each cell. Default true. */
  readonly showValues?: boolean;
  /** Decimal places of the values written in cells and hover text. Default 1. */
  readonly decimals?: number;
}

/** ColorBrewer RdBu, 11 classes, from the most negative (dark blue) to the most positive (dark red). */
const DIVERGING_ANCHORS: readonly (readonly [number, number, number])[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];
const MISSING_FILL = '#bdbdbd';
const FONT_SIZE = 12;
/** Width of one character at FONT_SIZE in a sans-serif font, used to size label margins (px; generous). */
const CHARACTER_WIDTH = 7;

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => {
    switch (c) {
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '&':
        return '&amp;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

function hexByte(value: number): string {
  return Math.round(Math.min(255, Math.max(0, value))).toString(16).padStart(2, '0');
}

/** The diverging colour of `value` on the scale [-limit, limit] as "#rrggbb" (grey for NaN). */
export function divergingColor(value: number, limit: number): string {
  if (Number.isNaN(value)) return MISSING_FILL;
  const t = Math.min(1, Math.max(-1, value / limit)); // in [-1, 1]
  const position = ((t + 1) / 2) * (DIVERGING_ANCHORS.length - 1);
  const below = Math.min(DIVERGING_ANCHORS.length - 2, Math.floor(position));
  const fraction = position - below;
  const a = DIVERGING_ANCHORS[below];
  const b = DIVERGING_ANCHORS[below + 1];
  return `#${hexByte(a[0] + fraction * (b[0] - a[0]))}${hexByte(a[1] + fraction * (b[1] - a[1]))}${hexByte(a[2] + fraction * (b[2] - a[2]))}`;
}

/** Dark or light text, whichever reads on the cell colour (relative luminance, ITU-R BT.709 weights). */
function textColorOn(fill: string): string {
  const r = parseInt(fill.slice(1, 3), 16);
  const g = parseInt(fill.slice(3, 5), 16);
  const b = parseInt(fill.slice(5, 7), 16);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? '#ffffff' : '#1a1a1a';
}

function formatSigned(value: number, decimals: number): string {
  if (Number.isNaN(value)) return 'n/a';
  const rounded = value.toFixed(decimals);
  // "-0.0" reads as a decrease; a value that rounds to zero is written without a sign.
  if (Number(rounded) === 0) return (0).toFixed(decimals);
  return value > 0 ? `+${rounded}` : rounded;
}

function checkMatrix(matrix: HeatmapMatrix): void {
  const rows = matrix.rowLabels.length;
  const columns = matrix.columnLabels.length;
  if (rows === 0 || columns === 0) {
    throw new KinechainError('MALFORMED_INPUT', `a heatmap needs at least one row and one column, got ${rows} x ${columns}`);
  }
  const cells = rows * columns;
  const arrays: [string, ArrayLike<unknown> | undefined][] = [
    ['values', matrix.values],
    ['low', matrix.low],
    ['high', matrix.high],
    ['notes', matrix.notes],
  ];
  for (const [name, array] of arrays) {
    if (array !== undefined && array.length !== cells) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `heatmap ${name} has ${array.length} entries; ${rows} rows x ${columns} columns need ${cells}`,
        { what: name, length: array.length, expected: cells },
      );
    }
  }
  for (let i = 0; i < cells; i++) {
    const value = matrix.values[i];
    if (typeof value !== 'number' || (!Number.isFinite(value) && !Number.isNaN(value))) {
      throw new KinechainError('NOT_FINITE', `heatmap value ${i} (row ${Math.floor(i / columns)}, column ${i % columns}) is ${String(value)}; use NaN for "no value"`);
    }
  }
  if (matrix.columnUnits !== undefined && matrix.columnUnits.length !== columns) {
    throw new KinechainError('MALFORMED_INPUT', `heatmap columnUnits has ${matrix.columnUnits.length} entries for ${columns} columns`);
  }
  for (const group of matrix.columnGroups ?? []) {
    if (!(Number.isInteger(group.start) && Number.isInteger(group.count) && group.start >= 0 && group.count > 0 && group.start + group.count <= columns)) {
      throw new KinechainError('MALFORMED_INPUT', `column group "${group.label}" (start ${group.start}, count ${group.count}) does not fit ${columns} columns`);
    }
  }
}

/** The largest |value| of the columns in `unit` (NaN skipped), at least 1e-12 so the scale never has zero width. */
function defaultLimit(matrix: HeatmapMatrix, columnUnit: readonly string[], unit: string): number {
  const columns = columnUnit.length;
  let largest = 0;
  for (let i = 0; i < matrix.values.length; i++) {
    if (columnUnit[i % columns] !== unit) continue;
    const magnitude = Math.abs(matrix.values[i]);
    if (magnitude > largest) largest = magnitude;
  }
  return Math.max(largest, 1e-12);
}

/** A standalone SVG document of the heatmap. */
export function heatmapSvg(matrix: HeatmapMatrix, options: HeatmapOptions = {}): string {
  checkMatrix(matrix);
  const rows = matrix.rowLabels.length;
  const columns = matrix.columnLabels.length;
  const cellWidth = options.cellWidth ?? 46;
  const cellHeight = options.cellHeight ?? 20;
  const decimals = options.decimals ?? 1;
  const showValues = options.showValues ?? true;
  const columnUnit = matrix.columnUnits ?? matrix.columnLabels.map(() => matrix.unit);
  const units = [...new Set(columnUnit)];
  const limitOf: Record<string, number> = {};
  for (const unit of units) {
    const limit = options.limits?.[unit] ?? defaultLimit(matrix, columnUnit, unit);
    if (!(Number.isFinite(limit) && limit > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `heatmap colour limit of "${unit}" must be a positive finite number, got ${String(limit)}`);
    }
    limitOf[unit] = limit;
  }
  if (!(cellWidth > 0 && cellHeight > 0)) throw new KinechainError('OUT_OF_RANGE', 'heatmap cell sizes must be positive');

  // Layout (px). Column labels are turned 45 deg, so their height is about their length / sqrt 2.
  const longestRow = Math.max(...matrix.rowLabels.map((label) => label.length));
  const longestColumn = Math.max(...matrix.columnLabels.map((label) => label.length));
  const margin = 16;
  const left = margin + longestRow * CHARACTER_WIDTH + 8;
  const titleHeight = matrix.subtitle === undefined ? 30 : 48;
  const groupHeight = matrix.columnGroups !== undefined && matrix.columnGroups.length > 0 ? 22 : 0;
  const columnLabelHeight = Math.ceil((longestColumn * CHARACTER_WIDTH) / Math.SQRT2) + 12;
  const top = margin + titleHeight + groupHeight + columnLabelHeight;
  const gridWidth = columns * cellWidth;
  const gridHeight = rows * cellHeight;
  const legendX = left + gridWidth + 28;
  const legendBarWidth = 16;
  const legendHeight = Math.min(Math.max(gridHeight, 120), 320);
  // One legend per unit, side by side. Tick labels read e.g. "+12.5 or more"; the unit sits above the bar.
  const legendWidth = (unit: string): number =>
    legendBarWidth + 8 + Math.max(formatSigned(limitOf[unit], decimals).length + 9, unit.length - 2) * CHARACTER_WIDTH;
  const legendOffsets: number[] = [];
  let legendRight = legendX;
  for (const unit of units) {
    legendOffsets.push(legendRight);
    legendRight += legendWidth(unit) + 16;
  }
  // The last column label leans right past the grid by about its own height.
  const width = Math.ceil(Math.max(legendRight, left + gridWidth + columnLabelHeight) + margin);
  const height = Math.ceil(top + Math.max(gridHeight, legendHeight + 30) + margin);

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="Helvetica, Arial, sans-serif" font-size="${FONT_SIZE}">`,
  );
  out.push(`<title>${escapeXml(matrix.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${margin}" y="${margin + 16}" font-size="16" font-weight="bold">${escapeXml(matrix.title)}</text>`);
  if (matrix.subtitle !== undefined) out.push(`<text x="${margin}" y="${margin + 36}" fill="#444444">${escapeXml(matrix.subtitle)}</text>`);

  // Column group headings with a rule under each.
  if (groupHeight > 0) {
    const y = margin + titleHeight + 14;
    out.push('<g class="column-groups" font-weight="bold">');
    for (const group of matrix.columnGroups ?? []) {
      const x0 = left + group.start * cellWidth;
      const x1 = x0 + group.count * cellWidth;
      out.push(`<text x="${(x0 + x1) / 2}" y="${y}" text-anchor="middle">${escapeXml(group.label)}</text>`);
      out.push(`<line x1="${x0 + 2}" y1="${y + 5}" x2="${x1 - 2}" y2="${y + 5}" stroke="#444444" stroke-width="1"/>`);
    }
    out.push('</g>');
  }

  // Column labels, turned 45 deg up to the right, anchored at the cell's centre.
  out.push('<g class="column-labels">');
  for (let c = 0; c < columns; c++) {
    const x = left + (c + 0.5) * cellWidth;
    const y = top - 6;
    out.push(`<text x="${x}" y="${y}" transform="rotate(-45 ${x} ${y})">${escapeXml(matrix.columnLabels[c])}</text>`);
  }
  out.push('</g>');

  // Row labels, right-aligned against the grid.
  out.push('<g class="row-labels" text-anchor="end">');
  for (let r = 0; r < rows; r++) {
    out.push(`<text x="${left - 6}" y="${top + (r + 0.5) * cellHeight + FONT_SIZE * 0.35}">${escapeXml(matrix.rowLabels[r])}</text>`);
  }
  out.push('</g>');

  // Cells.
  out.push('<g class="cells">');
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const index = r * columns + c;
      const value = matrix.values[index];
      const unit = columnUnit[c];
      const fill = divergingColor(value, limitOf[unit]);
      const x = left + c * cellWidth;
      const y = top + r * cellHeight;
      let hover = `${matrix.rowLabels[r]} → ${matrix.columnLabels[c]}: ${formatSigned(value, decimals)} ${unit}`;
      if (matrix.low !== undefined && matrix.high !== undefined && !Number.isNaN(matrix.low[index]) && !Number.isNaN(matrix.high[index])) {
        hover += ` [${formatSigned(matrix.low[index], decimals)}, ${formatSigned(matrix.high[index], decimals)}]`;
      }
      const note = matrix.notes?.[index] ?? '';
      if (note !== '') hover += ` (${note})`;
      out.push(`<g class="cell" data-row="${r}" data-column="${c}">`);
      out.push(`<title>${escapeXml(hover)}</title>`);
      out.push(`<rect x="${x}" y="${y}" width="${cellWidth}" height="${cellHeight}" fill="${fill}" stroke="#ffffff" stroke-width="1"/>`);
      if (showValues) {
        out.push(
          `<text x="${x + cellWidth / 2}" y="${y + cellHeight / 2 + FONT_SIZE * 0.35}" text-anchor="middle" font-size="${FONT_SIZE - 2}" ` +
            `fill="${textColorOn(fill)}">${escapeXml(formatSigned(value, decimals))}</text>`,
        );
      }
      out.push('</g>');
    }
  }
  out.push('</g>');
  // Lines between column groups, so the analyses read as separate blocks.
  for (const group of matrix.columnGroups ?? []) {
    if (group.start === 0) continue;
    const x = left + group.start * cellWidth;
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + gridHeight}" stroke="#222222" stroke-width="2"/>`);
  }

  // Legends: per unit, a vertical gradient bar from +limit (top) to -limit (bottom) with five ticks.
  const legendTop = top;
  out.push('<defs><linearGradient id="heatmap-scale" x1="0" y1="0" x2="0" y2="1">');
  const stops = DIVERGING_ANCHORS.length;
  for (let i = 0; i < stops; i++) {
    const [red, green, blue] = DIVERGING_ANCHORS[stops - 1 - i];
    out.push(`<stop offset="${(i / (stops - 1)).toFixed(4)}" stop-color="#${hexByte(red)}${hexByte(green)}${hexByte(blue)}"/>`);
  }
  out.push('</linearGradient></defs>');
  units.forEach((unit, u) => {
    const x = legendOffsets[u];
    const limit = limitOf[unit];
    out.push(`<g class="legend" data-unit="${escapeXml(unit)}">`);
    out.push(`<text x="${x}" y="${legendTop - 10}" font-weight="bold">${escapeXml(unit)}</text>`);
    out.push(`<rect x="${x}" y="${legendTop}" width="${legendBarWidth}" height="${legendHeight}" fill="url(#heatmap-scale)" stroke="#444444"/>`);
    for (let k = 0; k <= 4; k++) {
      const tickValue = limit * (1 - k / 2);
      const y = legendTop + (k / 4) * legendHeight;
      const suffix = k === 0 ? ' or more' : k === 4 ? ' or less' : '';
      out.push(`<line x1="${x + legendBarWidth}" y1="${y}" x2="${x + legendBarWidth + 4}" y2="${y}" stroke="#444444"/>`);
      out.push(`<text x="${x + legendBarWidth + 7}" y="${y + FONT_SIZE * 0.35}">${escapeXml(formatSigned(tickValue, decimals) + suffix)}</text>`);
    }
    out.push('</g>');
  });
  out.push(`<rect x="${legendX}" y="${legendTop + legendHeight + 12}" width="${legendBarWidth}" height="12" fill="${MISSING_FILL}" stroke="#444444"/>`);
  out.push(`<text x="${legendX + legendBarWidth + 7}" y="${legendTop + legendHeight + 22}">no value</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
