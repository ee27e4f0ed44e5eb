/**
 * The footwear comparison figure: a title, the plantar-pressure maps of every design on
 * one colour scale (pressure-map-svg.ts) with short notes beside them (e.g. where each
 * design helps) and, below them, the curves over stance with one line per design
 * (stance-curves-svg.ts), in one standalone SVG document.
 */
import type { PlantarShape } from '../core/contact/foot-outline.js';
import { escapeXml } from './heatmap-svg.js';
import { pressureMapsFragment, type PressureMapInput } from './pressure-map-svg.js';
import { stanceCurvesFragment, svgDocumentStart, type CurvePanel } from './stance-curves-svg.js';

export interface ComparisonFigure {
  readonly title: string;
  readonly subtitle?: string;
  readonly shape: PlantarShape;
  /** One map per design, in design order. */
  readonly maps: readonly PressureMapInput[];
  /** Panels whose series are the designs, in the same order (same colours as the legend). */
  readonly panels: readonly CurvePanel[];
  /** Short statements drawn beside the maps under `notesTitle` (e.g. where each design helps), wrapped. */
  readonly notesTitle?: string;
  readonly notes?: readonly string[];
}

/** Characters per line of the notes beside the maps. */
const NOTE_LINE_CHARACTERS = 64;
const NOTE_LINE_HEIGHT = 15;

/** Words of `text` in lines of at most `width` characters. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current.length > 0 ? `${current} ${word}` : word;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

export function comparisonFigureSvg(figure: ComparisonFigure): string {
  const maps = pressureMapsFragment(figure.maps, { shape: figure.shape, footLengthPx: 300 });
  const curves = stanceCurvesFragment(figure.panels);
  const margin = 16;
  const header = figure.subtitle === undefined ? 30 : 50;
  const gap = 24;
  const subtitleWidth = (figure.subtitle?.length ?? 0) * 6;
  // Notes beside the maps: a title, then each note wrapped, a blank half-line between notes.
  const notesX = maps.width + 30;
  const noteLines = (figure.notes ?? []).map((note) => wrapText(note, NOTE_LINE_CHARACTERS));
  const notesHeight = noteLines.length === 0 ? 0 : 24 + noteLines.reduce((sum, lines) => sum + lines.length * NOTE_LINE_HEIGHT + 6, 0);
  const notesWidth = noteLines.length === 0 ? 0 : 30 + NOTE_LINE_CHARACTERS * 6;
  const top = Math.max(maps.height, notesHeight);
  const width = Math.ceil(Math.max(maps.width + notesWidth, curves.width, figure.title.length * 8.5, subtitleWidth) + 2 * margin);
  const height = Math.ceil(margin + header + top + gap + curves.height + margin);
  const out = svgDocumentStart(width, height, figure.title);
  out.push(`<text x="${margin}" y="${margin + 14}" font-size="15" font-weight="bold">${escapeXml(figure.title)}</text>`);
  if (figure.subtitle !== undefined) out.push(`<text x="${margin}" y="${margin + 34}" fill="#444444">${escapeXml(figure.subtitle)}</text>`);
  out.push(`<g class="pressure-maps" transform="translate(${margin} ${margin + header})">`, maps.body, '</g>');
  if (noteLines.length > 0) {
    out.push(`<g class="figure-notes" transform="translate(${margin + notesX} ${margin + header})">`);
    out.push(`<text x="0" y="14" font-weight="bold">${escapeXml(figure.notesTitle ?? 'Notes')}</text>`);
    let y = 24 + NOTE_LINE_HEIGHT;
    for (const lines of noteLines) {
      out.push('<text class="note">');
      lines.forEach((line, i) => out.push(`<tspan x="${i === 0 ? 0 : 12}" y="${y + i * NOTE_LINE_HEIGHT}">${escapeXml(line)}</tspan>`));
      out.push('</text>');
      y += lines.length * NOTE_LINE_HEIGHT + 6;
    }
    out.push('</g>');
  }
  out.push(`<g class="stance-curves" transform="translate(${margin} ${margin + header + top + gap})">`, curves.body, '</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
